namespace EdgeFunctions.Caching;

/// <summary>
/// Counts background work (L2 writes, stale refreshes) and completes <see cref="WhenIdle"/> when
/// none is left, so shutdown and tests can wait for it instead of sleeping.
/// </summary>
public sealed class PendingWork
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _idle = Completed();
    private int _count;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Enter()
    {
        lock (_gate)
        {
            if (_count++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            if (--_count == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    public Task WhenIdle()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
