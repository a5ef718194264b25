using System.Text.Json.Serialization;

namespace EdgeFunctions.Api.Stats;

public sealed record StatsReport(
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("requests")] IReadOnlyDictionary<string, RouteReport> Requests,
    [property: JsonPropertyName("cost_spent_usd")] decimal CostSpentUsd,
    [property: JsonPropertyName("cost_avoided_usd")] decimal CostAvoidedUsd,
    [property: JsonPropertyName("cache")] CacheReport Cache)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "stats";
}

public sealed record CacheReport(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("l1_entries")] long MemoryEntries,
    [property: JsonPropertyName("l1_bytes")] long MemoryBytes,
    [property: JsonPropertyName("l2_configured")] bool StoreConfigured,
    [property: JsonPropertyName("l2_circuit")] string StoreCircuit,
    [property: JsonPropertyName("l2_failures")] long StoreFailures,
    [property: JsonPropertyName("l2_skipped_while_open")] long StoreSkipped,
    [property: JsonPropertyName("operations")] IReadOnlyDictionary<string, OperationReport> Operations);

public sealed record OperationReport(
    [property: JsonPropertyName("hits")] long Hits,
    [property: JsonPropertyName("misses")] long Misses,
    [property: JsonPropertyName("stale")] long Stale,
    [property: JsonPropertyName("coalesced")] long Coalesced,
    [property: JsonPropertyName("bypass")] long Bypass,
    [property: JsonPropertyName("hit_rate")] double HitRate,
    [property: JsonPropertyName("bytes_stored")] long BytesStored,
    [property: JsonPropertyName("oversized")] long Oversized,
    [property: JsonPropertyName("writes_dropped")] long WritesDropped);

public sealed record RouteReport(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("p50_ms")] double? P50Ms,
    [property: JsonPropertyName("p95_ms")] double? P95Ms,
    [property: JsonPropertyName("p99_ms")] double? P99Ms);
