namespace EdgeFunctions.Inference.Batching;

/// <summary>
/// Counts the API calls in progress on one model. Its batcher, holding fewer callers than this,
/// knows that company is on its way and may wait briefly for it; with one caller in flight it
/// never waits.
/// </summary>
public sealed class ActiveRequests
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Scope Enter()
    {
        Interlocked.Increment(ref _count);
        return new Scope(this);
    }

    public readonly struct Scope(ActiveRequests owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._count);
    }
}
