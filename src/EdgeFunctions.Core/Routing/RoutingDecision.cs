using EdgeFunctions.Providers;

namespace EdgeFunctions.Routing;

/// <summary>One deployment as the router saw it: its numbers, its score, or why it was passed over.</summary>
public sealed record RouteOption(
    Deployment Deployment,
    double LatencyMs,
    string LatencySource,
    decimal PredictedCostUsd,
    double Quality,
    double Headroom,
    double? Score,
    string? ExcludedBecause);

/// <summary>The ranked candidates, best first, and the ones filtered out with their reasons.</summary>
public sealed record RoutingDecision(RouteRequest Request, IReadOnlyList<RouteOption> Ranked, IReadOnlyList<RouteOption> Excluded)
{
    public RouteOption? Chosen => Ranked.Count > 0 ? Ranked[0] : null;

    /// <summary>With no candidate left, how long until a cooling-down or open-circuited one may be tried again.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
