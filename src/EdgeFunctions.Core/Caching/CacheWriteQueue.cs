using System.Threading.Channels;

namespace EdgeFunctions.Caching;

/// <summary>
/// Writes new entries to L2 in the background so that a miss does not wait for the store. The
/// queue is bounded: when the store falls far behind, new writes are dropped and counted rather
/// than growing memory without limit.
/// </summary>
public sealed class CacheWriteQueue : IAsyncDisposable
{
    private readonly Channel<CacheEntry> _channel;
    private readonly IResponseStore _store;
    private readonly CacheStats _stats;
    private readonly PendingWork _pending = new();
    private readonly Task _loop;

    public CacheWriteQueue(IResponseStore store, CacheStats stats, int capacity)
    {
        _store = store;
        _stats = stats;
        _channel = Channel.CreateBounded<CacheEntry>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(DrainAsync);
    }

    public void Enqueue(CacheEntry entry)
    {
        _pending.Enter();
        if (!_channel.Writer.TryWrite(entry))
        {
            _pending.Exit();
            _stats.For(entry.Operation).WriteDropped();
        }
    }

    /// <summary>Completes when every queued write has been attempted.</summary>
    public Task WhenIdle() => _pending.WhenIdle();

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
    }

    private async Task DrainAsync()
    {
        await foreach (var entry in _channel.Reader.ReadAllAsync())
        {
            try
            {
                var stored = await _store.SetAsync(entry, CancellationToken.None);
                if (stored >= 0 && _store.IsConfigured)
                {
                    _stats.For(entry.Operation).Stored(stored);
                }
            }
            catch (Exception)
            {
                // The resilient store already turns failures into -1; this guards the loop itself.
                _stats.StoreFailed();
            }
            finally
            {
                _pending.Exit();
            }
        }
    }
}
