namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>The values a fake reports in its rate-limit headers (x-ratelimit-* or anthropic-ratelimit-*).</summary>
public sealed record FakeRateLimits(long LimitRequests, long RemainingRequests, long LimitTokens, long RemainingTokens)
{
    /// <summary>Plenty of headroom, so routing tests only see pressure when they ask for it.</summary>
    public static FakeRateLimits Default { get; } = new(10_000, 9_999, 2_000_000, 1_999_000);

    /// <summary>The same limits with nothing left, as a provider reports them on a 429.</summary>
    public FakeRateLimits Exhausted() => this with { RemainingRequests = 0, RemainingTokens = 0 };
}
