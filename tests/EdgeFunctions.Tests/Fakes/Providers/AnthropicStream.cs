using System.Text.Json.Nodes;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// The Messages stream: message_start (empty content, input usage), per block content_block_start,
/// deltas (text_delta per word or input_json_delta fragments) and content_block_stop, a ping after
/// the first block starts (as the real API does), message_delta (stop_reason, output_tokens), message_stop.
/// </summary>
internal static class AnthropicStream
{
    public static IReadOnlyList<SseEvent> Events(FakeCompletion c)
    {
        var start = AnthropicWire.Message(c);
        start["content"] = new JsonArray();
        start["stop_reason"] = null;
        start["usage"] = AnthropicWire.Usage(c, outputTokens: 1);
        var events = new List<SseEvent> { Event("message_start", new JsonObject { ["message"] = start }) };

        if (c.HasToolCalls)
        {
            for (var index = 0; index < c.ToolCalls!.Count; index++)
            {
                var call = c.ToolCalls[index];
                events.Add(BlockStart(index, AnthropicWire.ToolUse(call, new JsonObject())));
                AddPingAfterFirstBlock(events, index);
                events.AddRange(FakeTokenRule.Fragments(call.Arguments).Select(f => Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = f })));
                events.Add(Event("content_block_stop", new JsonObject { ["index"] = index }));
            }
        }
        else
        {
            events.Add(BlockStart(0, new JsonObject { ["type"] = "text", ["text"] = string.Empty }));
            AddPingAfterFirstBlock(events, 0);
            events.AddRange(FakeTokenRule.Words(c.Text ?? string.Empty).Select(w => Delta(0, new JsonObject { ["type"] = "text_delta", ["text"] = w })));
            events.Add(Event("content_block_stop", new JsonObject { ["index"] = 0 }));
        }

        events.Add(Event("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = AnthropicWire.StopReason(c), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = c.CompletionTokens },
        }));
        events.Add(Event("message_stop", []));
        return events;
    }

    /// <summary>Every event names itself twice: in the SSE <c>event:</c> line and in the data's <c>type</c>.</summary>
    public static SseEvent Event(string type, JsonObject data)
    {
        var body = new JsonObject { ["type"] = type };
        foreach (var (key, value) in data.ToList())
        {
            data.Remove(key);
            body[key] = value;
        }

        return new SseEvent(type, body.ToJsonString());
    }

    private static void AddPingAfterFirstBlock(List<SseEvent> events, int index)
    {
        if (index == 0)
        {
            events.Add(Event("ping", []));
        }
    }

    private static SseEvent BlockStart(int index, JsonObject block) =>
        Event("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = block });

    private static SseEvent Delta(int index, JsonObject delta) =>
        Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = delta });
}
