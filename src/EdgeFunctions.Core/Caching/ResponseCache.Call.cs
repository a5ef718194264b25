namespace EdgeFunctions.Caching;

public sealed partial class ResponseCache
{
    /// <summary>The state of one GetOrCompute call: keys, results so far, and the items still open.</summary>
    private sealed class Call<T>(ResponseCache cache, CacheRequest request, OperationCacheOptions settings, ICacheCodec<T> codec, Func<IReadOnlyList<string>, CancellationToken, Task<T[]>> compute, IReadOnlyList<string> inputs)
    {
        private readonly T[] _values = new T[inputs.Count];
        private readonly CacheItemStatus[] _statuses = new CacheItemStatus[inputs.Count];
        private readonly Dictionary<string, List<int>> _open = new(StringComparer.Ordinal);
        private readonly DateTimeOffset _now = cache._timeProvider.GetUtcNow();
        private TimeSpan? _age;

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
                var input = inputs[indexes[0]];
                cache.RefreshInBackground(key, request.Operation, settings, codec, async ct => (await compute([input], ct))[0]);
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
}
