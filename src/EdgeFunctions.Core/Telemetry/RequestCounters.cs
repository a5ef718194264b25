using System.Collections.Concurrent;
using EdgeFunctions.Routing;

namespace EdgeFunctions.Telemetry;

/// <summary>Authenticated API calls per route since start, their latency, and what generation cost or saved.</summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, RouteCounter> _byRoute = new(StringComparer.Ordinal);
    private long _costSpentNanoUsd;
    private long _costAvoidedNanoUsd;

    public IReadOnlyDictionary<string, RouteCounter> ByRoute => _byRoute;

    /// <summary>USD paid to providers for answers computed here.</summary>
    public decimal CostSpentUsd => Interlocked.Read(ref _costSpentNanoUsd) / 1_000_000_000m;

    /// <summary>USD the cache saved: what the cached answers cost when they were first computed.</summary>
    public decimal CostAvoidedUsd => Interlocked.Read(ref _costAvoidedNanoUsd) / 1_000_000_000m;

    public void Count(string route, TimeSpan elapsed, DateTimeOffset at)
    {
        var counter = _byRoute.GetOrAdd(route, _ => new RouteCounter());
        Interlocked.Increment(ref counter.RequestCount);
        counter.Latency.Add(elapsed, at);
    }

    public void Spent(decimal usd) => Interlocked.Add(ref _costSpentNanoUsd, (long)(usd * 1_000_000_000m));

    public void Avoided(decimal usd) => Interlocked.Add(ref _costAvoidedNanoUsd, (long)(usd * 1_000_000_000m));

    public sealed class RouteCounter
    {
        internal long RequestCount;

        public long Requests => Interlocked.Read(ref RequestCount);

        /// <summary>Time inside the gateway until the response starts, over the last 1024 calls.</summary>
        public LatencyWindow Latency { get; } = new(1024);
    }
}
