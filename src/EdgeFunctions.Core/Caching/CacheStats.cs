using System.Collections.Concurrent;

namespace EdgeFunctions.Caching;

/// <summary>Counters behind <c>GET /v1/stats</c>: outcomes per operation and the store's health.</summary>
public sealed class CacheStats
{
    private readonly ConcurrentDictionary<string, OperationCounters> _operations = new(StringComparer.Ordinal);
    private long _storeFailures;
    private long _storeSkipped;

    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    /// <summary>Store calls not made because the breaker was open.</summary>
    public long SkippedWhileOpen => Interlocked.Read(ref _storeSkipped);

    public OperationCounters For(string operation) => _operations.GetOrAdd(operation, _ => new OperationCounters());

    public IReadOnlyDictionary<string, OperationCounters> Operations => _operations;

    public void StoreFailed() => Interlocked.Increment(ref _storeFailures);

    public void StoreSkipped() => Interlocked.Increment(ref _storeSkipped);
}

public sealed class OperationCounters
{
    private long _hits;
    private long _misses;
    private long _stale;
    private long _bypass;
    private long _coalesced;
    private long _bytesStored;
    private long _oversized;
    private long _writesDropped;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public long Stale => Interlocked.Read(ref _stale);

    public long Bypass => Interlocked.Read(ref _bypass);

    /// <summary>Items that joined an identical computation already in flight.</summary>
    public long Coalesced => Interlocked.Read(ref _coalesced);

    /// <summary>Compressed bytes written to L2.</summary>
    public long BytesStored => Interlocked.Read(ref _bytesStored);

    /// <summary>Results too large for one Table Storage entity, so kept in L1 only.</summary>
    public long Oversized => Interlocked.Read(ref _oversized);

    /// <summary>L2 writes dropped because the write queue was full.</summary>
    public long WritesDropped => Interlocked.Read(ref _writesDropped);

    public void Record(CacheItemStatus status)
    {
        switch (status)
        {
            case CacheItemStatus.Hit:
                Interlocked.Increment(ref _hits);
                break;
            case CacheItemStatus.Stale:
                Interlocked.Increment(ref _stale);
                break;
            case CacheItemStatus.Bypass:
                Interlocked.Increment(ref _bypass);
                break;
            case CacheItemStatus.Coalesced:
                Interlocked.Increment(ref _coalesced);
                break;
            default:
                Interlocked.Increment(ref _misses);
                break;
        }
    }

    public void Stored(int bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _bytesStored, bytes);
        }
        else
        {
            Interlocked.Increment(ref _oversized);
        }
    }

    public void WriteDropped() => Interlocked.Increment(ref _writesDropped);
}
