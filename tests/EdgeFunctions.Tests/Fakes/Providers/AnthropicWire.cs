using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>Anthropic Messages API, models and error JSON, as the real API writes them.</summary>
internal static class AnthropicWire
{
    public static JsonObject Message(FakeCompletion c) => new()
    {
        ["id"] = c.Id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = c.Model,
        ["content"] = new JsonArray([.. Blocks(c)]),
        ["stop_reason"] = StopReason(c),
        ["stop_sequence"] = null,
        ["usage"] = Usage(c, c.CompletionTokens),
    };

    /// <summary>Anthropic's input_tokens exclude cache reads, which it reports on their own.</summary>
    public static JsonObject Usage(FakeCompletion c, int outputTokens)
    {
        var usage = new JsonObject { ["input_tokens"] = c.PromptTokens - c.CachedPromptTokens, ["output_tokens"] = outputTokens };
        if (c.CachedPromptTokens > 0)
        {
            usage["cache_read_input_tokens"] = c.CachedPromptTokens;
        }

        return usage;
    }

    public static string StopReason(FakeCompletion c) => c.HasToolCalls ? "tool_use" : "end_turn";

    public static IEnumerable<JsonNode> Blocks(FakeCompletion c) => c.HasToolCalls
        ? c.ToolCalls!.Select(call => (JsonNode)ToolUse(call, JsonNode.Parse(call.Arguments)))
        : [new JsonObject { ["type"] = "text", ["text"] = c.Text }];

    public static JsonObject ToolUse(FakeToolCall call, JsonNode? input) => new()
    {
        ["type"] = "tool_use",
        ["id"] = call.Id,
        ["name"] = call.Name,
        ["input"] = input,
    };

    public static JsonObject ModelList(IReadOnlyList<string> models, DateTimeOffset created) => new()
    {
        ["data"] = new JsonArray([.. models.Select(id => (JsonNode)new JsonObject
        {
            ["type"] = "model",
            ["id"] = id,
            ["display_name"] = id,
            ["created_at"] = created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        })]),
        ["has_more"] = false,
        ["first_id"] = models.Count > 0 ? models[0] : null,
        ["last_id"] = models.Count > 0 ? models[^1] : null,
    };

    public static JsonObject Error(string type, string message) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
    };

    public static JsonObject ErrorFor(int status, string? message) => status switch
    {
        400 => Error("invalid_request_error", message ?? "Invalid request."),
        401 => Error("authentication_error", message ?? "invalid x-api-key"),
        403 => Error("permission_error", message ?? "Your API key does not have permission to use the specified resource."),
        404 => Error("not_found_error", message ?? "Not found."),
        413 => Error("request_too_large", message ?? "Request exceeds the maximum allowed number of bytes."),
        429 => Error("rate_limit_error", message ?? "Number of requests has exceeded your rate limit."),
        503 or 529 => Error("overloaded_error", message ?? "Overloaded"),
        _ => Error(status >= 500 ? "api_error" : "invalid_request_error", message ?? "Internal server error"),
    };
}
