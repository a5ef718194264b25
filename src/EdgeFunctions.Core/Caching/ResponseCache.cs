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
    /// streamed completion) and stored with <see cref="Store"/> only once complete.
    /// </summary>
    public async Task<CachedResults<T>?> LookupAsync<T>(CacheRequest request, string input, ICacheCodec<T> codec, CancellationToken cancellationToken)
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
        if (entry is null || !entry.IsFresh(now) || (request.Directives.MaxAge is { } maxAge && entry.Age(now) > maxAge))
        {
            return null;
        }

        _stats.For(request.Operation).Record(CacheItemStatus.Hit);
        return new CachedResults<T>([codec.Decode(entry.Payload)], [CacheItemStatus.Hit], entry.Age(now));
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

    private void RefreshInBackground<T>(Call<T> call, string key, string input)
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
                var value = (await call.Compute([input], CancellationToken.None))[0];
                Save(CreateEntry(key, call.Request.Operation, call.Settings, call.Codec.Encode(value)));
            }
            catch (Exception ex)
            {
                // The stale entry keeps serving until its window ends; the next request tries again.
                Log.RefreshFailed(_logger, call.Request.Operation, ex);
            }
            finally
            {
                _refreshing.TryRemove(key, out _);
                _refreshes.Exit();
            }
        });
    }

    /// <summary>The state of one GetOrCompute call: keys, results so far, and the items still open.</summary>
    private sealed class Call<T>(ResponseCache cache, CacheRequest request, OperationCacheOptions settings, ICacheCodec<T> codec, Func<IReadOnlyList<string>, CancellationToken, Task<T[]>> compute, IReadOnlyList<string> inputs)
    {
        private readonly T[] _values = new T[inputs.Count];
        private readonly CacheItemStatus[] _statuses = new CacheItemStatus[inputs.Count];
        private readonly Dictionary<string, List<int>> _open = new(StringComparer.Ordinal);
        private readonly DateTimeOffset _now = cache._timeProvider.GetUtcNow();
        private TimeSpan? _age;

        public CacheRequest Request => request;

        public OperationCacheOptions Settings => settings;

        public ICacheCodec<T> Codec => codec;

        public Func<IReadOnlyList<string>, CancellationToken, Task<T[]>> Compute => compute;

        private bool SkipRead => request.Directives.SkipRead;

        // max-age narrows what the caller accepts (and, as in HTTP, rules out stale answers), but
        // never widens the configured TTL.
        private TimeSpan? MaxAge => request.Directives.MaxAge is { } maxAge ? (maxAge < settings.Ttl ? maxAge : settings.Ttl) : null;

        public async Task<CachedResults<T>> RunAsync(CancellationToken cancellationToken)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var key = KeyFor(request, settings, inputs[i]);
                if (_open.TryGetValue(key, out var repeats))
                {
                    repeats.Add(i);
                }
                else if (SkipRead || !TryServe(key, cache._memory.Get(key), [i]))
                {
                    _open[key] = [i];
                }
            }

            if (_open.Count > 0)
            {
                await ResolveOpenAsync(cancellationToken);
            }

            var counters = cache._stats.For(request.Operation);
            Array.ForEach(_statuses, counters.Record);
            return new CachedResults<T>(_values, _statuses, _age);
        }

        private async Task ResolveOpenAsync(CancellationToken cancellationToken)
        {
            var owned = new List<(string Key, TaskCompletionSource<CacheEntry> Source)>();
            var joined = new List<(string Key, Task<CacheEntry> Task)>();
            foreach (var key in _open.Keys)
            {
                var source = new TaskCompletionSource<CacheEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
                var task = cache._inFlight.GetOrAdd(key, source.Task);
                if (ReferenceEquals(task, source.Task))
                {
                    owned.Add((key, source));
                }
                else
                {
                    joined.Add((key, task));
                }
            }

            try
            {
                await ResolveOwnedAsync(owned, cancellationToken);
            }
            catch (Exception ex)
            {
                foreach (var (_, source) in owned)
                {
                    source.TrySetException(ex);
                }

                throw;
            }
            finally
            {
                foreach (var (key, source) in owned)
                {
                    cache._inFlight.TryRemove(new KeyValuePair<string, Task<CacheEntry>>(key, source.Task));
                }
            }

            foreach (var (key, task) in joined)
            {
                await JoinAsync(key, task, cancellationToken);
            }
        }

        private async Task ResolveOwnedAsync(List<(string Key, TaskCompletionSource<CacheEntry> Source)> owned, CancellationToken cancellationToken)
        {
            var pending = owned;
            if (!SkipRead)
            {
                // Checked again now that this call owns the keys: another call may have filled L1
                // between the first lookup and taking ownership.
                pending = owned.Where(o => !TryComplete(o, cache._memory.Get(o.Key), fromStore: false)).ToList();
                if (pending.Count > 0 && cache._store.IsConfigured)
                {
                    var stored = await Task.WhenAll(pending.Select(o => cache._store.GetAsync(o.Key, cancellationToken)));
                    pending = pending.Where((o, i) => !TryComplete(o, stored[i], fromStore: true)).ToList();
                }
            }

            if (pending.Count == 0)
            {
                return;
            }

            var computed = await compute(pending.Select(o => inputs[_open[o.Key][0]]).ToArray(), cancellationToken);
            for (var i = 0; i < pending.Count; i++)
            {
                var entry = cache.CreateEntry(pending[i].Key, request.Operation, settings, codec.Encode(computed[i]));
                entry.Decoded = computed[i];
                cache.Save(entry);
                Assign(pending[i].Key, computed[i], CacheItemStatus.Miss);
                pending[i].Source.TrySetResult(entry);
            }
        }

        private async Task JoinAsync(string key, Task<CacheEntry> task, CancellationToken cancellationToken)
        {
            try
            {
                var entry = await task.WaitAsync(cancellationToken);
                Assign(key, codec.Decode(entry.Payload), CacheItemStatus.Coalesced);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The call that owned the work failed or was abandoned by its caller: do it here.
                var value = (await compute([inputs[_open[key][0]]], cancellationToken))[0];
                cache.Save(cache.CreateEntry(key, request.Operation, settings, codec.Encode(value)));
                Assign(key, value, CacheItemStatus.Miss);
            }
        }

        private bool TryComplete((string Key, TaskCompletionSource<CacheEntry> Source) owned, CacheEntry? entry, bool fromStore)
        {
            if (!TryServe(owned.Key, entry, _open[owned.Key]))
            {
                return false;
            }

            if (fromStore)
            {
                cache._memory.Set(entry!);
            }

            owned.Source.TrySetResult(entry!);
            return true;
        }

        private bool TryServe(string key, CacheEntry? entry, List<int> indexes)
        {
            if (entry is null)
            {
                return false;
            }

            CacheItemStatus status;
            var age = entry.Age(_now);
            if (entry.IsFresh(_now) && (MaxAge is null || age <= MaxAge))
            {
                status = CacheItemStatus.Hit;
            }
            else if (MaxAge is null && entry.IsServable(_now))
            {
                status = CacheItemStatus.Stale;
                cache.RefreshInBackground(this, key, inputs[indexes[0]]);
            }
            else
            {
                if (!entry.IsServable(_now))
                {
                    cache._memory.Remove(key);
                }

                return false;
            }

            _age = _age is null || age > _age ? age : _age;
            if (entry.Decoded is not T value)
            {
                value = codec.Decode(entry.Payload);
                entry.Decoded = value;
            }

            foreach (var index in indexes)
            {
                _values[index] = value;
                _statuses[index] = status;
            }

            return true;
        }

        private void Assign(string key, T value, CacheItemStatus status)
        {
            foreach (var index in _open[key])
            {
                _values[index] = value;
                _statuses[index] = status;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Background refresh of a stale {Operation} entry failed")]
        public static partial void RefreshFailed(ILogger logger, string operation, Exception exception);
    }
}
