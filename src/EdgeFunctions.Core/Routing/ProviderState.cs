namespace EdgeFunctions.Routing;

/// <summary>What this region knows about one provider: probe latency, health, capacity.</summary>
public sealed class ProviderState(string provider)
{
    public string Provider => provider;

    /// <summary>Latency of the cheap probe call: the network path to the provider from this region.</summary>
    public LatencyWindow ProbeLatency { get; } = new(32);

    public OutcomeWindow Outcomes { get; } = new();

    /// <summary>No traffic until then: the provider said 429 with Retry-After.</summary>
    public DateTimeOffset? CooldownUntil { get; set; }

    /// <summary>Remaining share of the rate limit, 0..1, from the last response's headers.</summary>
    public double? Headroom { get; set; }

    public DateTimeOffset? LastProbeAt { get; set; }

    public bool? LastProbeSucceeded { get; set; }

    public string? LastError { get; set; }

    /// <summary>Values read from the shared store, used until this instance has its own.</summary>
    public SharedProviderScore? Shared { get; set; }

    public bool IsCoolingDown(DateTimeOffset now) => CooldownUntil is { } until && until > now;
}

/// <summary>One provider's row in the regional routing table (PartitionKey = region).</summary>
public sealed record SharedProviderScore(
    string Provider,
    double? ProbeP50Ms,
    double? ProbeP95Ms,
    double ErrorRate,
    DateTimeOffset? CooldownUntil,
    double? Headroom,
    DateTimeOffset? LastProbeAt,
    bool? LastProbeSucceeded,
    IReadOnlyDictionary<string, double> TrafficP95Ms,
    DateTimeOffset UpdatedAt);
