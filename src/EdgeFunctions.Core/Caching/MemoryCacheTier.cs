using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Caching;

/// <summary>
/// L1: in-process entries, bounded by payload bytes rather than count. When full, the least
/// recently used entries are compacted away. Freshness is judged by the caller against the
/// injected clock, so entries carry no clock-based expiry of their own.
/// </summary>
public sealed class MemoryCacheTier : IDisposable
{
    // Key string, record and dictionary overhead, so that tiny payloads still count.
    private const int EntryOverheadBytes = 256;

    // An entry in L1 also keeps its decoded value (and, for embeddings, the rendered JSON), which
    // together take about three times the payload; the bound counts them.
    private const int DecodedFactor = 4;
    private readonly MemoryCache _cache;
    private readonly bool _enabled;

    public MemoryCacheTier(IOptions<CacheOptions> options)
    {
        var limit = options.Value.MemoryLimitBytes;
        _enabled = limit > 0;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(limit, 1), CompactionPercentage = 0.1, TrackStatistics = true });
    }

    public long Bytes => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public long Count => _cache.Count;

    public CacheEntry? Get(string key) => _enabled && _cache.TryGetValue(key, out CacheEntry? entry) ? entry : null;

    public void Set(CacheEntry entry)
    {
        if (_enabled)
        {
            _cache.Set(entry.Key, entry, new MemoryCacheEntryOptions { Size = (entry.Payload.Length * DecodedFactor) + EntryOverheadBytes });
        }
    }

    public void Remove(string key) => _cache.Remove(key);

    public void Dispose() => _cache.Dispose();
}
