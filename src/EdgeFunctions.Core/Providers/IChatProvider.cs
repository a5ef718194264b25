using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers;

/// <summary>An upstream provider's wire protocol. Failures surface as <see cref="ProviderException"/>.</summary>
public interface IChatProvider
{
    string Name { get; }

    Task<ChatResult> CompleteAsync(ChatCall call, CancellationToken cancellationToken);

    /// <summary>Opens a stream and returns once its first chunk has arrived, so failover can still happen before any byte reaches the caller.</summary>
    Task<IChatStream> StreamAsync(ChatCall call, CancellationToken cancellationToken);

    /// <summary>A cheap call that proves the provider answers: its model list, or a one-token completion.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>An open stream of OpenAI <c>chat.completion.chunk</c> objects, first chunk already received.</summary>
public interface IChatStream : IAsyncDisposable
{
    IAsyncEnumerable<JsonObject> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Usage, once the provider has reported it (at the end of the stream).</summary>
    TokenUsage? Usage { get; }

    RateLimitSnapshot? RateLimits { get; }
}
