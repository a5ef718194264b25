using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// Anthropic's Messages API: <c>POST …/v1/messages</c> (JSON or SSE) and <c>GET …/v1/models</c>, with
/// <c>x-api-key</c> and <c>anthropic-version</c> required as the real API requires them.
/// </summary>
public sealed class FakeAnthropicServer : FakeProviderServer
{
    public const string DefaultApiKey = "sk-ant-fake";

    public FakeAnthropicServer(string name = "anthropic", string apiKey = DefaultApiKey, TimeProvider? timeProvider = null)
        : base(name, apiKey, timeProvider)
    {
        Models = ["claude-sonnet-4-5", "claude-haiku-4-5"];
    }

    protected override string RequestIdHeader => "request-id";

    protected override string MalformedBody => """{"id": "msg_fake", "type": "message", "content": [{"type": "te""";

    protected override SseEvent MalformedEvent => new("content_block_delta", """{"type": "content_block_delta", "index": 0, "delta": {"ty""");

    protected override FakeReply Route(ReceivedRequest request, JsonObject? body)
    {
        if (request.Header("x-api-key") != ApiKey)
        {
            return new JsonReply(401, ErrorBody(401));
        }

        if (string.IsNullOrEmpty(request.Header("anthropic-version")))
        {
            return Invalid("anthropic-version: header is required");
        }

        return request.Method switch
        {
            "POST" when request.Path.EndsWith("/v1/messages", StringComparison.Ordinal) => Messages(body),
            "GET" when request.Path.EndsWith("/v1/models", StringComparison.Ordinal) =>
                new JsonReply(200, AnthropicWire.ModelList(Models, TimeProvider.GetUtcNow())),
            _ => new JsonReply(404, ErrorBody(404)),
        };
    }

    protected override JsonObject ErrorBody(int statusCode, string? message = null) => AnthropicWire.ErrorFor(statusCode, message);

    protected override SseEvent StreamErrorEvent() => new("error", ErrorBody(529).ToJsonString());

    protected override void AddRateLimitHeaders(IHeaderDictionary headers, FakeRateLimits limits)
    {
        headers["anthropic-ratelimit-requests-limit"] = limits.LimitRequests.ToString(CultureInfo.InvariantCulture);
        headers["anthropic-ratelimit-requests-remaining"] = limits.RemainingRequests.ToString(CultureInfo.InvariantCulture);
        headers["anthropic-ratelimit-tokens-limit"] = limits.LimitTokens.ToString(CultureInfo.InvariantCulture);
        headers["anthropic-ratelimit-tokens-remaining"] = limits.RemainingTokens.ToString(CultureInfo.InvariantCulture);
    }

    private static JsonReply Invalid(string message) => new(400, AnthropicWire.Error("invalid_request_error", message));

    private FakeReply Messages(JsonObject? body)
    {
        if (body is null)
        {
            return Invalid("The request body is not valid JSON.");
        }

        if (body["model"] is not JsonValue modelValue || !modelValue.TryGetValue<string>(out var model) || model.Length == 0)
        {
            return Invalid("model: Field required");
        }

        if (body["max_tokens"] is not JsonValue maxTokens || !maxTokens.TryGetValue<int>(out _))
        {
            return Invalid("max_tokens: Field required");
        }

        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return Invalid("messages: Field required");
        }

        var texts = FakeTokenRule.Texts(body["system"]).Concat(messages.OfType<JsonObject>().SelectMany(m => FakeTokenRule.Texts(m["content"])));
        var (text, calls) = FakeCompletion.Choose(this, body["tools"] is JsonArray { Count: > 0 }, "toolu_fake_");
        var prompt = FakeTokenRule.PromptTokens(texts);
        var completion = new FakeCompletion($"msg_fake{NextId()}", TimeProvider.GetUtcNow(), model, text, calls, prompt, FakeTokenRule.CompletionTokens(text, calls), Math.Min(CachedPromptTokens, prompt));
        return IsStream(body) ? new StreamReply(AnthropicStream.Events(completion)) : new JsonReply(200, AnthropicWire.Message(completion));
    }
}
