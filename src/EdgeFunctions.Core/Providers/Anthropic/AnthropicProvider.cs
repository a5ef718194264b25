using System.Text;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// Anthropic's Messages API behind the OpenAI shape: requests are translated to
/// <c>/v1/messages</c>, answers and stream events back into chat completions and chunks.
/// </summary>
public sealed class AnthropicProvider(string name, ProviderOptions options, Uri endpoint, HttpClient http, TimeProvider timeProvider) : IChatProvider
{
    private const string DefaultVersion = "2023-06-01";

    public string Name => name;

    public async Task<ChatResult> CompleteAsync(ChatCall call, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(call, stream: false);
        using var response = await ProviderHttp.SendAsync(http, name, request, streaming: false, cancellationToken);
        var message = ProviderHttp.ParseObject(name, await response.Content.ReadAsStringAsync(cancellationToken));
        if (message["content"] is not JsonArray)
        {
            throw new ProviderException(name, ProviderFailureKind.Malformed, "the response has no content");
        }

        var result = AnthropicResponseTranslator.ToChatCompletion(message, call.UpstreamModel, timeProvider.GetUtcNow());
        return result with { RateLimits = ProviderHttp.RateLimits(response.Headers) };
    }

    public async Task<IChatStream> StreamAsync(ChatCall call, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(call, stream: true);
        var response = await ProviderHttp.SendAsync(http, name, request, streaming: true, cancellationToken);
        var stream = new AnthropicChatStream(name, response, new AnthropicStreamTranslator(call.UpstreamModel, timeProvider.GetUtcNow()), ProviderHttp.RateLimits(response.Headers), new StreamCancellation(timeProvider, options.AttemptTimeout));
        return await ChatStreams.PrimeAsync(stream, cancellationToken);
    }

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (options.Probe == "completion" && options.ProbeModel is { } model)
        {
            await ChatStreams.ProbeWithCompletionAsync(this, model, cancellationToken);
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "models"));
        Authorize(request);
        using var response = await ProviderHttp.SendAsync(http, name, request, streaming: false, cancellationToken);
        ProviderHttp.ParseObject(name, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private HttpRequestMessage CreateRequest(ChatCall call, bool stream)
    {
        JsonObject body;
        try
        {
            body = AnthropicRequestTranslator.ToMessagesRequest(call.Request, call.UpstreamModel, stream);
        }
        catch (TranslationException ex)
        {
            throw new ProviderException(name, ProviderFailureKind.Rejected, ex.Message, 400, inner: ex);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "messages"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        Authorize(request);
        return request;
    }

    private void Authorize(HttpRequestMessage request)
    {
        ProviderHttp.Authorize(request, options, "x-api-key");
        if (!request.Headers.Contains("anthropic-version"))
        {
            request.Headers.TryAddWithoutValidation("anthropic-version", DefaultVersion);
        }
    }
}
