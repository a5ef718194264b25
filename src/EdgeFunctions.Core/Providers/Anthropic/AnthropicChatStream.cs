using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>An Anthropic SSE stream read as OpenAI chunks; a stream that ends before <c>message_stop</c> was cut and throws.</summary>
internal sealed class AnthropicChatStream(string provider, HttpResponseMessage response, AnthropicStreamTranslator translator, RateLimitSnapshot? rateLimits, StreamCancellation cancellation) : IPrimableChatStream
{
    private readonly StreamCancellation _cancellation = cancellation;
    private readonly Queue<JsonObject> _ready = new();
    private IAsyncEnumerator<SseReader.SseEvent>? _events;

    public TokenUsage? Usage => translator.Completed ? translator.Usage : null;

    public RateLimitSnapshot? RateLimits => rateLimits;

    public async Task ReadFirstAsync(CancellationToken cancellationToken)
    {
        using var link = _cancellation.Link(cancellationToken);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        _events = SseReader.ReadAsync(body, _cancellation.Token).GetAsyncEnumerator(_cancellation.Token);
        if (!await FillAsync())
        {
            throw new ProviderException(provider, ProviderFailureKind.Malformed, "the stream ended before its first event");
        }
    }

    public async IAsyncEnumerable<JsonObject> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var link = _cancellation.Link(cancellationToken);
        while (_ready.Count > 0 || await FillAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return _ready.Dequeue();
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

    // Reads events until at least one chunk is ready; false once message_stop has been seen.
    private async Task<bool> FillAsync()
    {
        try
        {
            while (_ready.Count == 0)
            {
                if (translator.Completed)
                {
                    return false;
                }

                if (!await MoveNextAsync())
                {
                    throw new ProviderException(provider, ProviderFailureKind.Transient, "the stream ended before message_stop: the answer is incomplete");
                }

                var current = _events!.Current;
                foreach (var chunk in translator.OnEvent(current.Event ?? "", ProviderHttp.ParseObject(provider, current.Data)))
                {
                    _ready.Enqueue(chunk);
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new ProviderException(provider, ProviderFailureKind.Transient, $"the stream broke: {ex.Message}", inner: ex);
        }
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
