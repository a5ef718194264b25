namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// How a fake provider answers its next requests. Assign <see cref="FakeProviderServer.Behavior"/> at
/// any time, from any thread; each request reads it once when it arrives.
/// </summary>
public abstract record FakeBehavior
{
    /// <summary>The provider's real wire format, computed from the request.</summary>
    public static FakeBehavior Normal { get; } = new NormalBehavior();

    /// <summary>Never answers; the request ends only when the client gives up (or the server stops).</summary>
    public static FakeBehavior Hang { get; } = new HangBehavior();

    /// <summary>200 with a body that is not valid JSON (or an SSE event whose data is not JSON).</summary>
    public static FakeBehavior MalformedJson { get; } = new MalformedJsonBehavior();

    /// <summary>A status code with the provider's error JSON, or <paramref name="body"/> verbatim.</summary>
    public static FakeBehavior Status(int statusCode, string? body = null) => new StatusBehavior(statusCode, body);

    /// <summary>429 with <c>Retry-After</c>, the provider's rate-limit error and its remaining counts at 0.</summary>
    public static FakeBehavior RateLimited(int retryAfterSeconds) => new RateLimitedBehavior(retryAfterSeconds);

    /// <summary>Waits <paramref name="delay"/> on the server's TimeProvider before answering normally.</summary>
    public static FakeBehavior Slow(TimeSpan delay) => new SlowBehavior(delay);

    /// <summary>Sends the first <paramref name="events"/> SSE events, then aborts the connection with no terminator.</summary>
    public static FakeBehavior CutStreamAfter(int events) => new CutStreamBehavior(events);

    /// <summary>Sends <paramref name="events"/> SSE events, then the provider's in-stream error event, then ends the response.</summary>
    public static FakeBehavior StreamErrorAfter(int events) => new StreamErrorBehavior(events);

    /// <summary>Sends <paramref name="events"/> SSE events, then holds until <paramref name="release"/> completes, then the rest.</summary>
    public static FakeBehavior PauseStreamAfter(int events, Task release) => new PauseStreamBehavior(events, release);

    /// <summary>The next <paramref name="count"/> requests get <paramref name="failure"/>; then the server switches to <paramref name="then"/> (Normal by default).</summary>
    public static FakeBehavior FailNext(int count, FakeBehavior failure, FakeBehavior? then = null) =>
        new FailNextBehavior(count, failure, then ?? Normal);
}

public sealed record NormalBehavior : FakeBehavior;

public sealed record HangBehavior : FakeBehavior;

public sealed record MalformedJsonBehavior : FakeBehavior;

public sealed record StatusBehavior(int StatusCode, string? Body) : FakeBehavior;

public sealed record RateLimitedBehavior(int RetryAfterSeconds) : FakeBehavior;

public sealed record SlowBehavior(TimeSpan Delay) : FakeBehavior;

public sealed record CutStreamBehavior(int Events) : FakeBehavior;

public sealed record StreamErrorBehavior(int Events) : FakeBehavior;

public sealed record PauseStreamBehavior(int Events, Task Release) : FakeBehavior;

/// <summary>Counts its uses itself, so concurrent requests never take more than <see cref="Count"/> failures.</summary>
public sealed record FailNextBehavior(int Count, FakeBehavior Failure, FakeBehavior Then) : FakeBehavior
{
    private int _taken;

    internal bool TryTake() => Interlocked.Increment(ref _taken) <= Count;
}
