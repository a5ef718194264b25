using System.Text;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>Builds an OpenAI <c>chat.completion</c> from an Anthropic Messages response. Pure: no I/O, no clock.</summary>
public static class AnthropicResponseTranslator
{
    /// <summary>Prefixed to Anthropic's message id so that callers see OpenAI's id shape and support can still find the upstream message.</summary>
    public const string IdPrefix = "chatcmpl-";

    /// <param name="responseModel">The model name the caller sees (usually what it asked for).</param>
    /// <param name="created">Becomes <c>created</c> (Unix seconds); the caller reads its TimeProvider.</param>
    /// <exception cref="ProviderException">The body is an Anthropic error, or not a Messages response (<see cref="ProviderFailureKind.Malformed"/>).</exception>
    public static ChatResult ToChatCompletion(
        JsonObject message, string responseModel, DateTimeOffset created, RateLimitSnapshot? rateLimits = null, string provider = AnthropicErrors.DefaultProvider)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (JsonRead.String(message["type"]) == "error")
        {
            throw AnthropicErrors.ToProviderException(provider, message);
        }

        var id = JsonRead.String(message["id"]);
        if (id is null || message["content"] is not JsonArray content)
        {
            throw new ProviderException(provider, ProviderFailureKind.Malformed, "response is not an Anthropic message (no id or content array)");
        }

        var text = new StringBuilder();
        var toolCalls = new JsonArray();
        foreach (var block in content.OfType<JsonObject>())
        {
            switch (JsonRead.String(block["type"]))
            {
                case "text":
                    text.Append(JsonRead.String(block["text"]));
                    break;
                case "tool_use":
                    toolCalls.Add(ToolCall(block, provider));
                    break;

                // thinking, redacted_thinking and server-tool blocks have no place in an OpenAI message.
            }
        }

        var usage = new TokenUsage(AnthropicUsage.PromptTokens(message["usage"]) ?? 0, AnthropicUsage.OutputTokens(message["usage"]) ?? 0, AnthropicUsage.CachedTokens(message["usage"]) ?? 0);
        var assistant = new JsonObject
        {
            ["role"] = "assistant",

            // OpenAI sends null content beside tool calls and a string otherwise.
            ["content"] = text.Length > 0 || toolCalls.Count == 0 ? text.ToString() : null,
            ["refusal"] = null,
        };
        if (toolCalls.Count > 0)
        {
            assistant["tool_calls"] = toolCalls;
        }

        var completion = new JsonObject
        {
            ["id"] = IdPrefix + id,
            ["object"] = "chat.completion",
            ["created"] = created.ToUnixTimeSeconds(),
            ["model"] = responseModel,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = assistant,
                ["logprobs"] = null,
                ["finish_reason"] = AnthropicStopReason.ToFinishReason(JsonRead.String(message["stop_reason"])),
            }),
            ["usage"] = AnthropicUsage.ToOpenAi(usage, AnthropicUsage.CachedTokens(message["usage"])),
        };
        return new ChatResult(completion, usage, rateLimits);
    }

    // Anthropic's tool_use id is kept as the tool call id: the caller echoes it back as tool_call_id,
    // which the request translator sends as tool_use_id, so the next turn matches without any lookup table.
    private static JsonObject ToolCall(JsonObject block, string provider)
    {
        var id = JsonRead.String(block["id"]);
        var name = JsonRead.String(block["name"]);
        if (id is null || name is null)
        {
            throw new ProviderException(provider, ProviderFailureKind.Malformed, "tool_use block without id or name");
        }

        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = name,
                ["arguments"] = (block["input"] ?? new JsonObject()).ToJsonString(JsonRead.Compact),
            },
        };
    }
}
