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

/// <summary>A stream that can read ahead to its first chunk, so failover stays possible until then.</summary>
internal interface IPrimableChatStream : IChatStream
{
    Task ReadFirstAsync(CancellationToken cancellationToken);
}

internal static class ChatStreams
{
    /// <summary>Reads the first chunk, disposing the stream (and its response) if that fails.</summary>
    public static async Task<IChatStream> PrimeAsync(IPrimableChatStream stream, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadFirstAsync(cancellationToken);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>The one-token completion probe both adapters offer besides listing models.</summary>
    public static Task ProbeWithCompletionAsync(IChatProvider provider, string model, CancellationToken cancellationToken)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["messages"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["role"] = "user", ["content"] = "ping" }),
            ["max_tokens"] = 1,
        };
        return provider.CompleteAsync(new ChatCall(body, model, Stream: false, IncludeUsage: false), cancellationToken);
    }
}
