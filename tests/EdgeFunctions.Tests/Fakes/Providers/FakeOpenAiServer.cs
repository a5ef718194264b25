using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// An OpenAI-compatible upstream: <c>POST …/chat/completions</c> (JSON or SSE) and <c>GET …/models</c>.
/// Paths match by suffix, so the same fake stands in for OpenAI (/v1/…), Azure's v1 endpoint
/// (/openai/v1/…), Gemini's compatible endpoint or a local Ollama/vLLM server.
/// </summary>
public sealed class FakeOpenAiServer : FakeProviderServer
{
    public const string DefaultApiKey = "sk-fake-openai";

    public FakeOpenAiServer(string name = "openai", string apiKey = DefaultApiKey, TimeProvider? timeProvider = null)
        : base(name, apiKey, timeProvider)
    {
        Models = ["gpt-4o-mini", "gpt-4o"];
    }

    /// <summary>Also accept Azure's <c>api-key</c> header in place of the bearer token.</summary>
    public bool AcceptApiKeyHeader { get; set; }

    protected override string RequestIdHeader => "x-request-id";

    protected override string MalformedBody => """{"choices": [{"index": 0, "message": {"role": "assist""";

    protected override SseEvent MalformedEvent => SseEvent.DataOnly("""{"choices": [{"index": 0, "delta": {"cont""");

    protected override FakeReply Route(ReceivedRequest request, JsonObject? body)
    {
        if (!IsAuthorized(request))
        {
            return new JsonReply(401, ErrorBody(401));
        }

        return request.Method switch
        {
            "POST" when request.Path.EndsWith("/chat/completions", StringComparison.Ordinal) => Chat(body),
            "GET" when request.Path.EndsWith("/models", StringComparison.Ordinal) =>
                new JsonReply(200, OpenAiWire.ModelList(Models, TimeProvider.GetUtcNow(), Name)),
            _ => new JsonReply(404, OpenAiWire.Error($"Invalid URL ({request.Method} {request.Path})", "invalid_request_error")),
        };
    }

    protected override JsonObject ErrorBody(int statusCode, string? message = null) => OpenAiWire.ErrorFor(statusCode, message);

    protected override SseEvent StreamErrorEvent() => SseEvent.DataOnly(ErrorBody(500).ToJsonString());

    protected override void AddRateLimitHeaders(IHeaderDictionary headers, FakeRateLimits limits)
    {
        headers["x-ratelimit-limit-requests"] = limits.LimitRequests.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining-requests"] = limits.RemainingRequests.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-limit-tokens"] = limits.LimitTokens.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining-tokens"] = limits.RemainingTokens.ToString(CultureInfo.InvariantCulture);
    }

    private bool IsAuthorized(ReceivedRequest request) =>
        request.Header("Authorization") == $"Bearer {ApiKey}" || (AcceptApiKeyHeader && request.Header("api-key") == ApiKey);

    private FakeReply Chat(JsonObject? body)
    {
        if (body is null)
        {
            return new JsonReply(400, OpenAiWire.Error("We could not parse the JSON body of your request.", "invalid_request_error"));
        }

        if (body["model"] is not JsonValue modelValue || !modelValue.TryGetValue<string>(out var model) || model.Length == 0)
        {
            return new JsonReply(400, OpenAiWire.Error("You must provide a model parameter.", "invalid_request_error", "model"));
        }

        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return new JsonReply(400, OpenAiWire.Error("'messages' must contain at least one message.", "invalid_request_error", "messages"));
        }

        var prompt = FakeTokenRule.PromptTokens(messages.OfType<JsonObject>().SelectMany(m => FakeTokenRule.Texts(m["content"])));
        var (text, calls) = FakeCompletion.Choose(this, body["tools"] is JsonArray { Count: > 0 }, "call_fake_");
        var completion = new FakeCompletion($"chatcmpl-fake{NextId()}", TimeProvider.GetUtcNow(), model, text, calls, prompt, FakeTokenRule.CompletionTokens(text, calls), Math.Min(CachedPromptTokens, prompt));
        if (!IsStream(body))
        {
            return new JsonReply(200, OpenAiWire.Completion(completion));
        }

        var includeUsage = body["stream_options"]?["include_usage"] is JsonValue u && u.TryGetValue<bool>(out var on) && on;
        return new StreamReply(OpenAiStream.Events(completion, includeUsage));
    }
}
