using System.Text.Json.Nodes;
using EdgeFunctions.Providers.Anthropic;
using static EdgeFunctions.Tests.Providers.Anthropic.AnthropicJson;

namespace EdgeFunctions.Tests.Providers.Anthropic;

/// <summary>
/// A whole agent loop through the translators, as the adapter and an OpenAI client would drive it: each
/// Anthropic answer is translated to OpenAI, the client appends it and its tool results to its message
/// list, and the next request is translated back. Ids, inputs and turn order must survive every hop.
/// </summary>
public sealed class AnthropicToolConversationTests
{
    private const string Tools = """
        [{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
         {"type":"function","function":{"name":"get_time","description":"Local time","parameters":{"type":"object","properties":{"tz":{"type":"string"}}}}}]
        """;

    private static readonly string[] AnthropicAnswers =
    [
        """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-test-1",
         "content":[{"type":"text","text":"I'll check the weather first."},
                    {"type":"tool_use","id":"toolu_01Wx","name":"get_weather","input":{"city":"Paris"}}],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":310,"output_tokens":52}}
        """,
        """
        {"id":"msg_02","type":"message","role":"assistant","model":"claude-test-1",
         "content":[{"type":"tool_use","id":"toolu_02Tm","name":"get_time","input":{"tz":"Europe/Paris"}},
                    {"type":"tool_use","id":"toolu_03Wx","name":"get_weather","input":{"city":"Lyon"}}],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":402,"output_tokens":61}}
        """,
        """
        {"id":"msg_03","type":"message","role":"assistant","model":"claude-test-1",
         "content":[{"type":"text","text":"Paris: 18°C and cloudy at 14:05; Lyon is sunny."}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":520,"output_tokens":20}}
        """,
    ];

    private static readonly Dictionary<string, string> ToolOutputs = new()
    {
        ["toolu_01Wx"] = "18°C, cloudy",
        ["toolu_02Tm"] = "14:05",
        ["toolu_03Wx"] = "22°C, sunny",
    };

    [Fact]
    public void ToolConversation_RoundTrip_KeepsIdsInputsAndAlternation()
    {
        var messages = JsonNode.Parse("""
            [{"role":"system","content":"You are a travel assistant."},
             {"role":"user","content":"Weather in Paris, then the time there and the weather in Lyon."}]
            """)!.AsArray();
        JsonObject? lastRequest = null;

        foreach (var answer in AnthropicAnswers)
        {
            var request = AnthropicRequestTranslator.ToMessagesRequest(
                new JsonObject { ["model"] = "smart", ["messages"] = messages.DeepClone(), ["tools"] = JsonNode.Parse(Tools), ["tool_choice"] = "auto" },
                "claude-test-1", stream: false);
            AssertAlternatesAndAnswersEveryToolUse(request);
            lastRequest = request;

            var anthropicMessage = Obj(answer);
            var assistant = AnthropicResponseTranslator.ToChatCompletion(anthropicMessage, "smart", Created).Completion["choices"]![0]!["message"]!.AsObject();

            // The client's next request carries this assistant message; translated back it must be the very blocks Anthropic sent.
            messages.Add(assistant.DeepClone());
            var echoed = AnthropicRequestTranslator.ToMessagesRequest(
                new JsonObject { ["messages"] = messages.DeepClone() }, "claude-test-1", stream: false)["messages"]!.AsArray()[^1]!;
            Assert.True(JsonNode.DeepEquals(anthropicMessage["content"], echoed["content"]), echoed.ToJsonString());

            foreach (var call in (assistant["tool_calls"] as JsonArray ?? []).Select(c => c!))
            {
                var id = call["id"]!.GetValue<string>();
                messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = id, ["content"] = ToolOutputs[id] });
            }
        }

        // The last request held the whole loop: system, then user / assistant(tool_use) / user(tool_result) / assistant(2 tool_use) / user(2 tool_result).
        Assert.Equal("You are a travel assistant.", lastRequest!["system"]!.GetValue<string>());
        var turns = lastRequest["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "user", "assistant", "user"], turns.Select(t => t!["role"]!.GetValue<string>()));
        Assert.Equal(
            """[{"type":"tool_result","tool_use_id":"toolu_02Tm","content":"14:05"},{"type":"tool_result","tool_use_id":"toolu_03Wx","content":"22°C, sunny"}]""",
            Text(turns[4]!["content"]));
        Assert.Equal("""{"type":"auto"}""", lastRequest["tool_choice"]!.ToJsonString());
        Assert.Equal(2, lastRequest["tools"]!.AsArray().Count);
    }

    private static void AssertAlternatesAndAnswersEveryToolUse(JsonObject request)
    {
        var turns = request["messages"]!.AsArray().Select(t => t!.AsObject()).ToList();
        Assert.Equal("user", turns[0]["role"]!.GetValue<string>());
        for (var i = 1; i < turns.Count; i++)
        {
            Assert.NotEqual(turns[i - 1]["role"]!.GetValue<string>(), turns[i]["role"]!.GetValue<string>());
        }

        for (var i = 0; i < turns.Count - 1; i++)
        {
            var used = Blocks(turns[i], "tool_use").Select(b => b["id"]!.GetValue<string>());
            var answered = Blocks(turns[i + 1], "tool_result").Select(b => b["tool_use_id"]!.GetValue<string>());
            Assert.Equal(used, answered);
        }
    }

    private static IEnumerable<JsonObject> Blocks(JsonObject turn, string type) =>
        turn["content"]!.AsArray().Select(b => b!.AsObject()).Where(b => b["type"]!.GetValue<string>() == type);
}
