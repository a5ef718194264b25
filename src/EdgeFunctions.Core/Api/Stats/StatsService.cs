using EdgeFunctions.Caching;
using EdgeFunctions.Hosting;
using EdgeFunctions.Telemetry;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api.Stats;

/// <summary>Answers <c>GET /v1/stats</c>: calls per route and the cache's outcomes since start.</summary>
public sealed class StatsService(RequestCounters requests, CacheStats stats, MemoryCacheTier memory, IResponseStore store, IOptions<CacheOptions> cacheOptions, IOptions<EdgeFunctionsOptions> edgeOptions)
{
    public StatsReport Report()
    {
        var operations = CacheOperation.All.ToDictionary(op => op, op => ToReport(stats.For(op)));
        var circuit = store is ResilientResponseStore resilient ? resilient.State.ToString().ToLowerInvariant() : "none";
        var cache = new CacheReport(cacheOptions.Value.Enabled, memory.Count, memory.Bytes, store.IsConfigured, circuit, stats.StoreFailures, stats.SkippedWhileOpen, operations);
        var routes = requests.ByRoute.ToDictionary(r => r.Key, r => new RouteReport(
            r.Value.Requests, Round(r.Value.Latency.Percentile(50)), Round(r.Value.Latency.Percentile(95)), Round(r.Value.Latency.Percentile(99))));
        return new StatsReport(edgeOptions.Value.Region, routes, requests.CostSpentUsd, requests.CostAvoidedUsd, cache);
    }

    private static double? Round(double? milliseconds) => milliseconds is { } ms ? Math.Round(ms, 3) : null;

    private static OperationReport ToReport(OperationCounters c)
    {
        var served = c.Hits + c.Stale + c.Coalesced;
        var total = served + c.Misses;
        return new OperationReport(c.Hits, c.Misses, c.Stale, c.Coalesced, c.Bypass, total == 0 ? 0 : Math.Round(served / (double)total, 4), c.BytesStored, c.Oversized, c.WritesDropped);
    }
}
