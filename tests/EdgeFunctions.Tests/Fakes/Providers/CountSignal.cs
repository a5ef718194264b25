namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// A counter that tests can await ("until 2 requests arrived"), so they synchronise with the fake
/// instead of sleeping. The waiter takes the signal before reading the count, and the incrementer
/// bumps the count before swapping the signal, so no increment can be missed.
/// </summary>
internal sealed class CountSignal
{
    private int _count;
    private TaskCompletionSource _changed = NewSignal();

    public int Count => Volatile.Read(ref _count);

    public void Increment()
    {
        Interlocked.Increment(ref _count);
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    public async Task WaitForAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed);
            if (Count >= count)
            {
                return;
            }

            await changed.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
