using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Caching;

/// <summary>
/// The response cache: per-item lookups in L1 then L2, one computation for whatever is left,
/// single-flight for identical work already in progress, stale-while-revalidate, and background
/// L2 writes. Every store failure is a miss; the cache never makes a request fail.
/// </summary>
public sealed partial class ResponseCache
{
    private const string SharedNamespace = "shared";
    private readonly MemoryCacheTier _memory;
    private readonly IResponseStore _store;
    private readonly CacheWriteQueue _writes;
    private readonly CacheStats _stats;
    private readonly IOptions<CacheOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task<CacheEntry>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refreshing = new(StringComparer.Ordinal);
    private readonly PendingWork _refreshes = new();

    public ResponseCache(MemoryCacheTier memory, IResponseStore store, CacheWriteQueue writes, CacheStats stats, IOptions<CacheOptions> options, TimeProvider timeProvider, ILogger<ResponseCache> logger)
    {
        _memory = memory;
        _store = store;
        _writes = writes;
        _stats = stats;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Completes when no stale refresh or L2 write is pending.</summary>
    public async Task WhenIdleAsync()
    {
        while (_refreshes.Count > 0 || !_writes.WhenIdle().IsCompleted)
        {
            await _refreshes.WhenIdle();
            await _writes.WhenIdle();
        }
    }

    public async Task<CachedResults<T>> GetOrComputeAsync<T>(
        CacheRequest request,
        IReadOnlyList<string> inputs,
        ICacheCodec<T> codec,
        Func<IReadOnlyList<string>, CancellationToken, Task<T[]>> compute,
        CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        var operation = settings.For(request.Operation);
        var counters = _stats.For(request.Operation);
        if (!IsEnabled(request, operation))
        {
            var computed = await compute(inputs, cancellationToken);
            var bypass = Enumerable.Repeat(CacheItemStatus.Bypass, inputs.Count).ToArray();
            Array.ForEach(bypass, counters.Record);
            return new CachedResults<T>(computed, bypass, null);
        }

        var call = new Call<T>(this, request, operation, codec, compute, inputs);
        return await call.RunAsync(cancellationToken);
    }

    /// <summary>
    /// Looks one item up without computing it, for results that are produced incrementally (a
    /// streamed completion) and stored with <see cref="Store"/> only once complete. With
    /// <paramref name="refresh"/>, an entry past its TTL but inside its stale window is served
    /// (as stale) while <paramref name="refresh"/> computes its successor in the background, as
    /// <see cref="GetOrComputeAsync{T}"/> does.
    /// </summary>
    public async Task<CachedResults<T>?> LookupAsync<T>(CacheRequest request, string input, ICacheCodec<T> codec, CancellationToken cancellationToken, Func<CancellationToken, Task<T>>? refresh = null)
    {
        var operation = _options.Value.For(request.Operation);
        if (!IsEnabled(request, operation) || request.Directives.SkipRead)
        {
            return null;
        }

        var key = KeyFor(request, operation, input);
        var entry = _memory.Get(key);
        if (entry is null && _store.IsConfigured)
        {
            entry = await _store.GetAsync(key, cancellationToken);
            if (entry is not null)
            {
                _memory.Set(entry);
            }
        }

        var now = _timeProvider.GetUtcNow();
        if (entry is null || (request.Directives.MaxAge is { } maxAge && entry.Age(now) > maxAge))
        {
            return null;
        }

        var status = CacheItemStatus.Hit;
        if (!entry.IsFresh(now))
        {
            // max-age (checked above) also rules out stale answers, as in GetOrComputeAsync.
            if (refresh is null || request.Directives.MaxAge is not null || !entry.IsServable(now))
            {
                return null;
            }

            status = CacheItemStatus.Stale;
            RefreshInBackground(key, request.Operation, operation, codec, refresh);
        }

        _stats.For(request.Operation).Record(status);
        return new CachedResults<T>([codec.Decode(entry.Payload)], [status], entry.Age(now));
    }

    /// <summary>Stores a complete result computed outside <see cref="GetOrComputeAsync{T}"/>.</summary>
    public void Store<T>(CacheRequest request, string input, ICacheCodec<T> codec, T value)
    {
        var operation = _options.Value.For(request.Operation);
        if (IsEnabled(request, operation))
        {
            _stats.For(request.Operation).Record(CacheItemStatus.Miss);
            Save(CreateEntry(KeyFor(request, operation, input), request.Operation, operation, codec.Encode(value)));
        }
    }

    private bool IsEnabled(CacheRequest request, OperationCacheOptions operation) =>
        _options.Value.Enabled && operation.Enabled && !request.Directives.NoStore;

    private static string KeyFor(CacheRequest request, OperationCacheOptions operation, string input) =>
        CacheKey.Compute(operation.SharedAcrossTenants ? SharedNamespace : request.Tenant.CacheNamespace, request.Operation, request.Model, request.Revision, request.Parameters, input);

    private CacheEntry CreateEntry(string key, string operation, OperationCacheOptions settings, byte[] payload)
    {
        var now = _timeProvider.GetUtcNow();
        return new CacheEntry(key, operation, payload, now, now + settings.Ttl, now + settings.Ttl + settings.StaleWhileRevalidate);
    }

    private void Save(CacheEntry entry)
    {
        _memory.Set(entry);
        _writes.Enqueue(entry);
    }

    private void RefreshInBackground<T>(string key, string operationName, OperationCacheOptions settings, ICacheCodec<T> codec, Func<CancellationToken, Task<T>> compute)
    {
        if (!_refreshing.TryAdd(key, true))
        {
            return;
        }

        _refreshes.Enter();
        _ = Task.Run(async () =>
        {
            try
            {
                var value = await compute(CancellationToken.None);
                Save(CreateEntry(key, operationName, settings, codec.Encode(value)));
            }
            catch (Exception ex)
            {
                // The stale entry keeps serving until its window ends; the next request tries again.
                Log.RefreshFailed(_logger, operationName, ex);
            }
            finally
            {
                _refreshing.TryRemove(key, out _);
                _refreshes.Exit();
            }
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Background refresh of a stale {Operation} entry failed")]
        public static partial void RefreshFailed(ILogger logger, string operation, Exception exception);
    }
}
