using System.Text;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Api.Chat;

/// <summary>
/// Rebuilds a whole chat.completion from stream chunks, so a completed stream can be cached and
/// later replayed; and turns a completion back into chunks for a streamed cache hit.
/// </summary>
public sealed class ChunkAccumulator
{
    private readonly StringBuilder _content = new();
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _toolCalls = [];
    private string? _id;
    private string? _model;
    private long? _created;
    private string? _finishReason;

    public void Add(JsonObject chunk)
    {
        _id ??= (string?)chunk["id"];
        _model ??= (string?)chunk["model"];
        _created ??= (long?)chunk["created"];
        if (chunk["choices"] is not JsonArray { Count: > 0 } choices || choices[0] is not JsonObject choice)
        {
            return;
        }

        _finishReason = (string?)choice["finish_reason"] ?? _finishReason;
        if (choice["delta"] is not JsonObject delta)
        {
            return;
        }

        if (delta["content"] is JsonValue content && content.TryGetValue<string>(out var text))
        {
            _content.Append(text);
        }

        foreach (var call in (delta["tool_calls"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var index = (int?)call["index"] ?? 0;
            var current = _toolCalls.TryGetValue(index, out var existing) ? existing : (null, null, new StringBuilder());
            var function = call["function"] as JsonObject;
            current.Id ??= (string?)call["id"];
            current.Name ??= (string?)function?["name"];
            current.Arguments.Append((string?)function?["arguments"]);
            _toolCalls[index] = current;
        }
    }

    public JsonObject ToCompletion()
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = _toolCalls.Count > 0 && _content.Length == 0 ? null : _content.ToString() };
        if (_toolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray(_toolCalls.Values.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments.ToString() },
            }).ToArray());
        }

        return new JsonObject
        {
            ["id"] = _id,
            ["object"] = "chat.completion",
            ["created"] = _created,
            ["model"] = _model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = _finishReason }),
        };
    }

    /// <summary>The chunks a stream of this completion would have carried (content and tool calls whole).</summary>
    public static IEnumerable<JsonObject> ToChunks(JsonObject completion)
    {
        var choice = completion["choices"]?[0] as JsonObject;
        var message = choice?["message"] as JsonObject;
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = completion["id"]?.DeepClone(),
            ["object"] = "chat.completion.chunk",
            ["created"] = completion["created"]?.DeepClone(),
            ["model"] = completion["model"]?.DeepClone(),
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };

        yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        if (message?["content"] is JsonValue content && content.TryGetValue<string>(out var text) && text.Length > 0)
        {
            yield return Chunk(new JsonObject { ["content"] = text }, null);
        }

        if (message?["tool_calls"] is JsonArray calls)
        {
            var deltas = calls.Select((call, i) =>
            {
                var copy = call!.DeepClone().AsObject();
                copy["index"] = i;
                return (JsonNode)copy;
            }).ToArray();
            yield return Chunk(new JsonObject { ["tool_calls"] = new JsonArray(deltas) }, null);
        }

        yield return Chunk([], (string?)choice?["finish_reason"] ?? "stop");
    }
}
