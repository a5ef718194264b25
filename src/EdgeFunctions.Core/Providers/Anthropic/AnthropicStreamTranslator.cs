using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// Turns one Anthropic Messages SSE stream into OpenAI <c>chat.completion.chunk</c> objects, event by
/// event, so that the first byte can go out as soon as Anthropic sends it. Stateful: one per stream,
/// not thread-safe. The caller writes the chunks as SSE, then <see cref="UsageChunk"/> when the caller
/// asked for <c>stream_options.include_usage</c>, then <c>[DONE]</c> only if <see cref="Completed"/>.
/// </summary>
/// <param name="responseModel">The model name every chunk carries.</param>
/// <param name="created">Every chunk's <c>created</c>; the caller reads its TimeProvider once.</param>
/// <param name="includeUsage">Adds <c>"usage": null</c> to every delta chunk, as OpenAI does with include_usage.</param>
public sealed class AnthropicStreamTranslator(string responseModel, DateTimeOffset created, bool includeUsage = false, string provider = AnthropicErrors.DefaultProvider)
{
    // Anthropic numbers content blocks across text and tools; OpenAI numbers tool calls on their own.
    private readonly Dictionary<long, int> _toolIndexByBlock = [];
    private ChatChunkFactory? _chunks;
    private int? _cachedTokens;

    /// <summary>Input tokens from message_start (or a later message_delta that repeats them), output tokens from message_delta.</summary>
    public TokenUsage Usage { get; private set; }

    /// <summary>True once message_stop arrived; a stream that ends without it was cut and must not count as a success.</summary>
    public bool Completed { get; private set; }

    /// <summary>The OpenAI finish_reason, once message_delta has said why the model stopped.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>The chunk id (<c>chatcmpl-</c> + Anthropic's message id), once message_start has arrived.</summary>
    public string? Id => _chunks?.Id;

    /// <param name="eventType">The SSE <c>event:</c> name; when empty, the data's own <c>type</c> is used.</param>
    /// <returns>The chunks to send, in order; often none.</returns>
    /// <exception cref="ProviderException">An <c>error</c> event (kind by error type), or events out of order (<see cref="ProviderFailureKind.Malformed"/>).</exception>
    public IReadOnlyList<JsonObject> OnEvent(string eventType, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var type = string.IsNullOrEmpty(eventType) ? JsonRead.String(data["type"]) : eventType;
        switch (type)
        {
            case "ping":
                return [];
            case "error":
                throw AnthropicErrors.ToProviderException(provider, data);
            case "message_start":
                return [Start(data)];
        }

        var chunks = _chunks ?? throw Malformed($"'{type}' arrived before message_start");
        return type switch
        {
            "content_block_start" => BlockStart(chunks, data),
            "content_block_delta" => BlockDelta(chunks, data),
            "message_delta" => [MessageDelta(chunks, data)],
            "message_stop" => Stop(),

            // content_block_stop says nothing OpenAI needs; Anthropic may add event types, which are skipped.
            _ => [],
        };
    }

    /// <summary>OpenAI's final include_usage chunk: empty choices and the usage of the whole request.</summary>
    public JsonObject UsageChunk()
    {
        var chunks = _chunks ?? throw new InvalidOperationException("No usage before message_start.");
        return chunks.Usage(AnthropicUsage.ToOpenAi(Usage, _cachedTokens));
    }

    private JsonObject Start(JsonObject data)
    {
        if (_chunks is not null)
        {
            throw Malformed("a second message_start");
        }

        var message = data["message"] as JsonObject;
        var id = JsonRead.String(message?["id"]) ?? throw Malformed("message_start without a message id");
        _chunks = new ChatChunkFactory(AnthropicResponseTranslator.IdPrefix + id, created, responseModel, includeUsage);
        UpdateUsage(message!["usage"]);
        return _chunks.Delta(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty });
    }

    private List<JsonObject> BlockStart(ChatChunkFactory chunks, JsonObject data)
    {
        var index = JsonRead.Integer(data["index"]) ?? throw Malformed("content_block_start without an index");
        var block = data["content_block"] as JsonObject;
        switch (JsonRead.String(block?["type"]))
        {
            case "tool_use":
                var toolIndex = _toolIndexByBlock.Count;
                _toolIndexByBlock[index] = toolIndex;
                var id = JsonRead.String(block!["id"]);
                var name = JsonRead.String(block["name"]);
                if (id is null || name is null)
                {
                    throw Malformed("tool_use block without id or name");
                }

                // The input arrives as input_json_delta fragments; OpenAI's first tool chunk has empty arguments.
                return [chunks.Delta(ToolCalls(new JsonObject
                {
                    ["index"] = toolIndex,
                    ["id"] = id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = name, ["arguments"] = string.Empty },
                }))];
            case "text" when JsonRead.String(block!["text"]) is { Length: > 0 } text:
                return [chunks.Delta(new JsonObject { ["content"] = text })];
            default:
                return [];
        }
    }

    private List<JsonObject> BlockDelta(ChatChunkFactory chunks, JsonObject data)
    {
        var delta = data["delta"] as JsonObject;
        switch (JsonRead.String(delta?["type"]))
        {
            case "text_delta" when JsonRead.String(delta!["text"]) is { Length: > 0 } text:
                return [chunks.Delta(new JsonObject { ["content"] = text })];
            case "input_json_delta" when JsonRead.String(delta!["partial_json"]) is { Length: > 0 } fragment:
                var index = JsonRead.Integer(data["index"]);
                if (index is null || !_toolIndexByBlock.TryGetValue(index.Value, out var toolIndex))
                {
                    throw Malformed("input_json_delta for a block that is not a tool_use");
                }

                return [chunks.Delta(ToolCalls(new JsonObject
                {
                    ["index"] = toolIndex,
                    ["function"] = new JsonObject { ["arguments"] = fragment },
                }))];

            // Empty fragments, thinking, signature and citation deltas carry nothing for an OpenAI client.
            default:
                return [];
        }
    }

    private JsonObject MessageDelta(ChatChunkFactory chunks, JsonObject data)
    {
        UpdateUsage(data["usage"]);
        FinishReason = AnthropicStopReason.ToFinishReason(JsonRead.String((data["delta"] as JsonObject)?["stop_reason"]));
        return chunks.Delta(new JsonObject(), FinishReason);
    }

    private List<JsonObject> Stop()
    {
        Completed = true;
        return [];
    }

    // message_delta's counts are cumulative, so the latest report wins; it may omit input tokens.
    private void UpdateUsage(JsonNode? usage)
    {
        _cachedTokens = AnthropicUsage.CachedTokens(usage) ?? _cachedTokens;
        Usage = new TokenUsage(
            AnthropicUsage.PromptTokens(usage) ?? Usage.PromptTokens,
            AnthropicUsage.OutputTokens(usage) ?? Usage.CompletionTokens,
            _cachedTokens ?? 0);
    }

    private static JsonObject ToolCalls(JsonObject call) => new() { ["tool_calls"] = new JsonArray(call) };

    private ProviderException Malformed(string what) => new(provider, ProviderFailureKind.Malformed, $"stream protocol violation: {what}");
}
