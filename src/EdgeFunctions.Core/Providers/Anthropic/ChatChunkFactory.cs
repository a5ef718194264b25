using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// OpenAI <c>chat.completion.chunk</c> objects for one stream: every chunk carries the same id, created
/// and model, as OpenAI's do. With include_usage, OpenAI puts <c>"usage": null</c> on every chunk but the
/// last, so clients that look for the field find it.
/// </summary>
internal sealed class ChatChunkFactory(string id, DateTimeOffset created, string model, bool includeUsage)
{
    public string Id => id;

    public JsonObject Delta(JsonObject delta, string? finishReason = null)
    {
        var chunk = Header(new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["logprobs"] = null,
            ["finish_reason"] = finishReason,
        }));
        if (includeUsage)
        {
            chunk["usage"] = null;
        }

        return chunk;
    }

    /// <summary>The final usage chunk: no choices, only usage.</summary>
    public JsonObject Usage(JsonObject usage)
    {
        var chunk = Header([]);
        chunk["usage"] = usage;
        return chunk;
    }

    private JsonObject Header(JsonArray choices) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = choices,
    };
}
