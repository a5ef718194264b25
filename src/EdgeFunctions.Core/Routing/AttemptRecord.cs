using EdgeFunctions.Providers;

namespace EdgeFunctions.Routing;

/// <summary>One provider attempt of a request and how it ended, for headers and error messages.</summary>
public sealed record AttemptRecord(string Deployment, bool Succeeded, ProviderFailureKind? Failure, string Detail);

/// <summary>The value an attempt produced, which deployment produced it, and everything tried on the way.</summary>
public sealed record ExecutionResult<T>(T Value, Deployment Deployment, IReadOnlyList<AttemptRecord> Attempts);

/// <summary>Every candidate failed, or the deadline passed; carries what was tried.</summary>
public sealed class GenerationFailedException(IReadOnlyList<AttemptRecord> attempts, bool deadlineExceeded, TimeSpan? retryAfter)
    : Exception("No provider could answer.")
{
    public IReadOnlyList<AttemptRecord> Attempts => attempts;

    public bool DeadlineExceeded => deadlineExceeded;

    public TimeSpan? RetryAfter => retryAfter;
}
