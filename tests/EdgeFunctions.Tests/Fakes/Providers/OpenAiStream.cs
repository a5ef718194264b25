using System.Text.Json.Nodes;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// A chat.completion.chunk stream: a role chunk, one chunk per word (or per tool-call fragment), a
/// finish chunk, the usage chunk with empty choices when <c>stream_options.include_usage</c> is set, then [DONE].
/// </summary>
internal static class OpenAiStream
{
    public static IReadOnlyList<SseEvent> Events(FakeCompletion c, bool includeUsage)
    {
        var chunks = new List<JsonObject>
        {
            Chunk(c, new JsonObject { ["role"] = "assistant", ["content"] = c.HasToolCalls ? null : string.Empty }, null, includeUsage),
        };
        if (c.HasToolCalls)
        {
            for (var index = 0; index < c.ToolCalls!.Count; index++)
            {
                var call = c.ToolCalls[index];
                chunks.Add(Chunk(c, ToolDelta(index, call.Id, call.Name, string.Empty), null, includeUsage));
                chunks.AddRange(FakeTokenRule.Fragments(call.Arguments).Select(f => Chunk(c, ToolDelta(index, null, null, f), null, includeUsage)));
            }
        }
        else
        {
            chunks.AddRange(FakeTokenRule.Words(c.Text ?? string.Empty).Select(w => Chunk(c, new JsonObject { ["content"] = w }, null, includeUsage)));
        }

        chunks.Add(Chunk(c, new JsonObject(), OpenAiWire.FinishReason(c), includeUsage));
        if (includeUsage)
        {
            chunks.Add(Envelope(c, [], OpenAiWire.Usage(c)));
        }

        return [.. chunks.Select(chunk => SseEvent.DataOnly(chunk.ToJsonString())), SseEvent.DataOnly("[DONE]")];
    }

    private static JsonObject Chunk(FakeCompletion c, JsonObject delta, string? finishReason, bool includeUsage)
    {
        var choice = new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason };
        var chunk = Envelope(c, [choice], null);
        if (!includeUsage)
        {
            chunk.Remove("usage");
        }

        return chunk;
    }

    private static JsonObject Envelope(FakeCompletion c, JsonArray choices, JsonObject? usage) => new()
    {
        ["id"] = c.Id,
        ["object"] = "chat.completion.chunk",
        ["created"] = c.Created.ToUnixTimeSeconds(),
        ["model"] = c.Model,
        ["choices"] = choices,
        ["usage"] = usage,
    };

    /// <summary>The first delta of a call carries id, type and name; later ones only argument fragments.</summary>
    private static JsonObject ToolDelta(int index, string? id, string? name, string arguments)
    {
        var call = new JsonObject { ["index"] = index };
        if (id is not null)
        {
            call["id"] = id;
            call["type"] = "function";
        }

        call["function"] = name is null
            ? new JsonObject { ["arguments"] = arguments }
            : new JsonObject { ["name"] = name, ["arguments"] = arguments };
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }
}
