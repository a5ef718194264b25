using Microsoft.Extensions.Time.Testing;

namespace EdgeFunctions.Tests.Fakes;

/// <summary>Fake time that reports when a timer of a given due time is armed, so a test can see a wait begin.</summary>
internal sealed class SignallingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero))
{
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan Due, TaskCompletionSource<bool> Armed)> _watches = [];

    public Task<bool> TimerArmed(TimeSpan due)
    {
        var armed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _watches.Add((due, armed));
        }

        return armed.Task;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _watches.Where(w => w.Due == dueTime).ToList().ForEach(w => w.Armed.TrySetResult(true));
        }

        return timer;
    }
}
