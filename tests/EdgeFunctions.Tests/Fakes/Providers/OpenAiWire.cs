using System.Text.Json.Nodes;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>OpenAI chat.completions, models and error JSON, as the real API writes them.</summary>
internal static class OpenAiWire
{
    public static JsonObject Completion(FakeCompletion c) => new()
    {
        ["id"] = c.Id,
        ["object"] = "chat.completion",
        ["created"] = c.Created.ToUnixTimeSeconds(),
        ["model"] = c.Model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = c.Text,
                ["refusal"] = null,
                ["tool_calls"] = c.HasToolCalls ? new JsonArray([.. c.ToolCalls!.Select(ToolCall)]) : null,
            },
            ["logprobs"] = null,
            ["finish_reason"] = FinishReason(c),
        }),
        ["usage"] = Usage(c),
    };

    public static string FinishReason(FakeCompletion c) => c.HasToolCalls ? "tool_calls" : "stop";

    public static JsonObject Usage(FakeCompletion c)
    {
        var usage = new JsonObject
        {
            ["prompt_tokens"] = c.PromptTokens,
            ["completion_tokens"] = c.CompletionTokens,
            ["total_tokens"] = c.PromptTokens + c.CompletionTokens,
        };
        if (c.CachedPromptTokens > 0)
        {
            usage["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = c.CachedPromptTokens };
        }

        return usage;
    }

    public static JsonObject ModelList(IEnumerable<string> models, DateTimeOffset created, string owner) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. models.Select(id => (JsonNode)new JsonObject
        {
            ["id"] = id,
            ["object"] = "model",
            ["created"] = created.ToUnixTimeSeconds(),
            ["owned_by"] = owner,
        })]),
    };

    public static JsonObject Error(string message, string type, string? param = null, string? code = null) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
    };

    public static JsonObject ErrorFor(int status, string? message) => status switch
    {
        401 => Error(message ?? "Incorrect API key provided.", "invalid_request_error", code: "invalid_api_key"),
        404 => Error(message ?? "The model does not exist or you do not have access to it.", "invalid_request_error", code: "model_not_found"),
        429 => Error(message ?? "Rate limit reached for requests. Please try again later.", "requests", code: "rate_limit_exceeded"),
        503 => Error(message ?? "The engine is currently overloaded, please try again later.", "server_error"),
        >= 500 => Error(message ?? "The server had an error while processing your request. Sorry about that!", "server_error"),
        _ => Error(message ?? "Invalid request.", "invalid_request_error"),
    };

    private static JsonNode ToolCall(FakeToolCall call) => new JsonObject
    {
        ["id"] = call.Id,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
    };
}
