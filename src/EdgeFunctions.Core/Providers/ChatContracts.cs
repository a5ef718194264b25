using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers;

/// <summary>
/// One attempt at one provider. <see cref="Request"/> is the caller's OpenAI chat.completions body
/// (already validated); adapters send it as the provider's wire format with
/// <see cref="UpstreamModel"/> in place of the caller's model name.
/// </summary>
public sealed record ChatCall(JsonObject Request, string UpstreamModel, bool Stream, bool IncludeUsage);

/// <summary>A finished completion as an OpenAI <c>chat.completion</c> object, with its usage and the provider's rate-limit headers.</summary>
public sealed record ChatResult(JsonObject Completion, TokenUsage Usage, RateLimitSnapshot? RateLimits);

/// <summary>Token counts as OpenAI reports them: prompt tokens include those the provider served from its prompt cache.</summary>
public readonly record struct TokenUsage(int PromptTokens, int CompletionTokens, int CachedPromptTokens = 0)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>What a provider's rate-limit headers said about remaining capacity.</summary>
public sealed record RateLimitSnapshot(long? LimitRequests, long? RemainingRequests, long? LimitTokens, long? RemainingTokens)
{
    /// <summary>The tighter of request and token headroom, 0..1; null when the provider did not say.</summary>
    public double? Headroom
    {
        get
        {
            double? Ratio(long? remaining, long? limit) => remaining is { } r && limit is > 0 ? Math.Clamp(r / (double)limit.Value, 0, 1) : null;
            var requests = Ratio(RemainingRequests, LimitRequests);
            var tokens = Ratio(RemainingTokens, LimitTokens);
            return requests is null ? tokens : tokens is null ? requests : Math.Min(requests.Value, tokens.Value);
        }
    }
}

/// <summary>How an attempt failed, which decides retry, failover, cooldown and circuit breaking.</summary>
public enum ProviderFailureKind
{
    /// <summary>Connection refused or reset, 5xx, 408: worth another try or another provider.</summary>
    Transient,

    /// <summary>429: a capacity signal, with a cooldown until Retry-After; not a health failure.</summary>
    RateLimited,

    /// <summary>The attempt ran out of time.</summary>
    Timeout,

    /// <summary>The provider answered something that is not its wire format.</summary>
    Malformed,

    /// <summary>4xx other than 408/429: the request itself is wrong for this provider; do not retry it elsewhere blindly.</summary>
    Rejected,
}

public sealed class ProviderException(string provider, ProviderFailureKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception($"{provider}: {message}", inner)
{
    public string Provider => provider;

    public ProviderFailureKind Kind => kind;

    public int? StatusCode => statusCode;

    public TimeSpan? RetryAfter => retryAfter;
}
