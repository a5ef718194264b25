namespace EdgeFunctions.Routing;

public enum RoutingPriority
{
    Balanced,
    Latency,
    Cost,
    Quality,
}

/// <summary>The caller's routing preferences: a priority for ranking and hard limits for filtering.</summary>
public sealed record RoutingPreferences(RoutingPriority Priority, TimeSpan? MaxLatency, decimal? MaxCost, double? MinQuality)
{
    public static readonly RoutingPreferences Default = new(RoutingPriority.Balanced, null, null, null);
}

/// <summary>What the router needs to know about a chat request.</summary>
public sealed record RouteRequest(string Model, int PromptTokens, int ExpectedOutputTokens, IReadOnlySet<string> Capabilities, RoutingPreferences Preferences);
