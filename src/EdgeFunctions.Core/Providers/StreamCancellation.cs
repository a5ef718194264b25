namespace EdgeFunctions.Providers;

/// <summary>
/// Cancellation for reading an upstream stream. A stream outlives the attempt that opened it, and
/// Polly returns the attempt's token source to a shared pool once the attempt is over, where another
/// request's timeout may cancel it. Reads therefore use a source the stream owns, cancelled by
/// whoever is reading at the time: the attempt until the first chunk, the caller after that.
/// It also ends a stream that stalls: when no chunk arrives within the idle timeout, the read is
/// cancelled and <see cref="Stalled"/> says why.
/// </summary>
internal sealed class StreamCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ITimer _idle;
    private readonly TimeSpan _idleTimeout;

    public StreamCancellation(TimeProvider timeProvider, TimeSpan idleTimeout)
    {
        _idleTimeout = idleTimeout;
        _idle = timeProvider.CreateTimer(static state => ((StreamCancellation)state!).OnIdle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => _source.Token;

    public TimeSpan IdleTimeout => _idleTimeout;

    /// <summary>True when reads were cancelled because the stream went quiet, not by a caller.</summary>
    public bool Stalled { get; private set; }

    /// <summary>Cancels the reads when <paramref name="reader"/> is cancelled, until the registration is disposed.</summary>
    public CancellationTokenRegistration Link(CancellationToken reader) =>
        reader.Register(static source => ((CancellationTokenSource)source!).Cancel(), _source);

    /// <summary>Restarts the idle clock; called before each read.</summary>
    public void Touch() => _idle.Change(_idleTimeout, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _idle.Dispose();
        _source.Dispose();
    }

    private void OnIdle()
    {
        Stalled = true;
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream finished as the timer fired.
        }
    }
}
