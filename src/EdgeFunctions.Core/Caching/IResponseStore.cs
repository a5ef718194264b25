namespace EdgeFunctions.Caching;

/// <summary>L2: the regional store every instance shares.</summary>
public interface IResponseStore
{
    bool IsConfigured { get; }

    Task<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores the entry; returns the bytes stored, 0 when it is too large to store, or -1 when the store failed.</summary>
    Task<int> SetAsync(CacheEntry entry, CancellationToken cancellationToken);

    /// <summary>Deletes every row that can no longer be served; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The store when no storage account is configured: L1 alone serves.</summary>
public sealed class NullResponseStore : IResponseStore
{
    public bool IsConfigured => false;

    public Task<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<CacheEntry?>(null);

    public Task<int> SetAsync(CacheEntry entry, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);
}
