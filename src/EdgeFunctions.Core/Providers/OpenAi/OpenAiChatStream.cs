using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.OpenAi;

/// <summary>
/// An OpenAI SSE stream. A stream that ends without <c>data: [DONE]</c> was cut, and reading it
/// throws instead of passing off a truncated answer as complete.
/// </summary>
internal sealed class OpenAiChatStream(string provider, HttpResponseMessage response, RateLimitSnapshot? rateLimits, StreamCancellation cancellation) : IPrimableChatStream
{
    private readonly StreamCancellation _cancellation = cancellation;
    private IAsyncEnumerator<SseReader.SseEvent>? _events;
    private JsonObject? _first;

    public TokenUsage? Usage { get; private set; }

    public RateLimitSnapshot? RateLimits => rateLimits;

    public async Task ReadFirstAsync(CancellationToken cancellationToken)
    {
        using var link = _cancellation.Link(cancellationToken);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        _events = SseReader.ReadAsync(body, _cancellation.Token).GetAsyncEnumerator(_cancellation.Token);
        _first = await NextAsync() ?? throw new ProviderException(provider, ProviderFailureKind.Malformed, "the stream ended before its first chunk");
    }

    public async IAsyncEnumerable<JsonObject> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var link = _cancellation.Link(cancellationToken);
        if (_first is { } first)
        {
            _first = null;
            yield return first;
        }

        while (await NextAsync() is { } chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return chunk;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_events is not null)
        {
            await _events.DisposeAsync();
        }

        response.Dispose();
        _cancellation.Dispose();
    }

    // Returns the next chunk, or null at [DONE].
    private async Task<JsonObject?> NextAsync()
    {
        try
        {
            while (await MoveNextAsync())
            {
                var data = _events!.Current.Data;
                if (data == "[DONE]")
                {
                    return null;
                }

                var chunk = ProviderHttp.ParseObject(provider, data);
                if (chunk["error"] is JsonObject error)
                {
                    throw new ProviderException(provider, ProviderFailureKind.Transient, $"stream error: {error["message"]}");
                }

                if (chunk["usage"] is JsonObject)
                {
                    Usage = OpenAiCompatibleProvider.ReadUsage(chunk);
                }

                return chunk;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new ProviderException(provider, ProviderFailureKind.Transient, $"the stream broke: {ex.Message}", inner: ex);
        }

        throw new ProviderException(provider, ProviderFailureKind.Transient, "the stream ended without [DONE]: the answer is incomplete");
    }

    // Each read restarts the idle clock; a stream that goes quiet ends as a timeout, not a hang.
    private async ValueTask<bool> MoveNextAsync()
    {
        _cancellation.Touch();
        try
        {
            return await _events!.MoveNextAsync();
        }
        catch (OperationCanceledException ex) when (_cancellation.Stalled)
        {
            throw new ProviderException(provider, ProviderFailureKind.Timeout, $"no chunk for {_cancellation.IdleTimeout.TotalSeconds:F0} s: the stream stalled", inner: ex);
        }
    }
}
