using System.Text;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.OpenAi;

/// <summary>
/// The OpenAI chat-completions wire format, which OpenAI, Azure OpenAI's v1 endpoint, Gemini's
/// OpenAI-compatible endpoint, Ollama, vLLM and llama.cpp all speak. The caller's body is passed
/// through (tools, response_format, seed...) with only the model and stream options replaced,
/// so new OpenAI parameters work without a gateway change.
/// </summary>
public sealed class OpenAiCompatibleProvider(string name, ProviderOptions options, Uri endpoint, HttpClient http, TimeProvider timeProvider) : IChatProvider
{
    public string Name => name;

    public async Task<ChatResult> CompleteAsync(ChatCall call, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(call, stream: false);
        using var response = await ProviderHttp.SendAsync(http, name, request, streaming: false, cancellationToken);
        var completion = ProviderHttp.ParseObject(name, await response.Content.ReadAsStringAsync(cancellationToken));
        if (completion["choices"] is not JsonArray { Count: > 0 })
        {
            throw new ProviderException(name, ProviderFailureKind.Malformed, "the response has no choices");
        }

        return new ChatResult(completion, ReadUsage(completion), ProviderHttp.RateLimits(response.Headers));
    }

    public async Task<IChatStream> StreamAsync(ChatCall call, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(call, stream: true);
        var response = await ProviderHttp.SendAsync(http, name, request, streaming: true, cancellationToken);
        var stream = new OpenAiChatStream(name, response, ProviderHttp.RateLimits(response.Headers), new StreamCancellation(timeProvider, options.AttemptTimeout));
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
        ProviderHttp.Authorize(request, options, "Authorization");
        using var response = await ProviderHttp.SendAsync(http, name, request, streaming: false, cancellationToken);
        ProviderHttp.ParseObject(name, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    internal static TokenUsage ReadUsage(JsonObject body) =>
        body["usage"] is JsonObject usage
            ? new TokenUsage((int?)usage["prompt_tokens"] ?? 0, (int?)usage["completion_tokens"] ?? 0, (int?)usage["prompt_tokens_details"]?["cached_tokens"] ?? 0)
            : default;

    private HttpRequestMessage CreateRequest(ChatCall call, bool stream)
    {
        var body = call.Request.DeepClone().AsObject();
        body["model"] = call.UpstreamModel;
        body.Remove("edge");
        body["stream"] = stream;
        if (stream)
        {
            // Usage is always requested so the gateway can account cost; it is passed on only if the caller asked.
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
        else
        {
            body.Remove("stream_options");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        ProviderHttp.Authorize(request, options, "Authorization");
        return request;
    }
}
