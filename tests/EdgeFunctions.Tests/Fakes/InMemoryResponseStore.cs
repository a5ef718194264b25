using System.Collections.Concurrent;
using EdgeFunctions.Caching;

namespace EdgeFunctions.Tests.Fakes;

/// <summary>A hand-written L2 double for the cache's logic tests; Azurite covers the real store.</summary>
internal sealed class InMemoryResponseStore : IResponseStore
{
    public ConcurrentDictionary<string, CacheEntry> Rows { get; } = new();

    public int Gets;

    public bool IsConfigured => true;

    public Task<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Gets);
        return Task.FromResult(Rows.TryGetValue(key, out var entry) ? entry : null);
    }

    public Task<int> SetAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        Rows[entry.Key] = entry;
        return Task.FromResult(entry.Payload.Length);
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Rows.Where(r => r.Value.StaleUntil <= now).Count(r => Rows.TryRemove(r.Key, out _)));
}
