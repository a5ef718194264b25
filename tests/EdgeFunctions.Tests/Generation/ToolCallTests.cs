using System.Net;
using System.Text.Json.Nodes;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>Tools end to end: definitions and tool_choice upstream, tool_calls back, and a second turn with the tool's result.</summary>
[Collection(ChatCollection.Name)]
public sealed class ToolCallTests(ChatFixture fixture)
{
    private const string Arguments = """{"city":"Paris","unit":"celsius"}""";
    private readonly ChatHarness _harness = fixture.Reset();

    [Fact]
    public async Task Complete_OpenAiWithTools_PassesToolsThroughAndReturnsToolCalls()
    {
        _harness.OpenAi.ToolCalls = [new FakeToolCall("get_weather", Arguments)];
        var body = WithTools(ChatRequests.Body(OpenAiModel, "What is the weather in Paris?"));

        var response = await _harness.Client.ChatAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _harness.OpenAi.Requests.Single().Body!;
        Assert.True(JsonNode.DeepEquals(body["tools"], sent["tools"]));
        Assert.True(JsonNode.DeepEquals(body["tool_choice"], sent["tool_choice"]));

        var choice = (await response.JsonAsync())["choices"]![0]!;
        Assert.Equal("tool_calls", (string?)choice["finish_reason"]);
        Assert.Null(choice["message"]!["content"]);
        var call = choice["message"]!["tool_calls"]!.AsArray().Single()!;
        Assert.Equal("call_fake_1", (string?)call["id"]);
        Assert.Equal("function", (string?)call["type"]);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.Equal(Arguments, (string?)call["function"]!["arguments"]);
    }

    [Fact]
    public async Task Complete_AnthropicWithTools_SendsToolDefinitionsAndTranslatesToolUse()
    {
        _harness.Anthropic.ToolCalls = [new FakeToolCall("get_weather", Arguments)];
        var body = WithTools(ChatRequests.Body(AnthropicModel, "What is the weather in Paris?"));

        var response = await _harness.Client.ChatAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _harness.Anthropic.Requests.Single().Body!;
        var tool = sent["tools"]!.AsArray().Single()!;
        Assert.Equal("get_weather", (string?)tool["name"]);
        Assert.Equal("Current weather for a city", (string?)tool["description"]);
        Assert.True(JsonNode.DeepEquals(body["tools"]![0]!["function"]!["parameters"], tool["input_schema"]));
        Assert.Equal("tool", (string?)sent["tool_choice"]!["type"]);
        Assert.Equal("get_weather", (string?)sent["tool_choice"]!["name"]);

        var choice = (await response.JsonAsync())["choices"]![0]!;
        Assert.Equal("tool_calls", (string?)choice["finish_reason"]);
        var call = choice["message"]!["tool_calls"]!.AsArray().Single()!;
        Assert.Equal("toolu_fake_1", (string?)call["id"]);
        Assert.Equal("function", (string?)call["type"]);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Arguments), JsonNode.Parse((string)call["function"]!["arguments"]!)));
    }

    [Fact]
    public async Task Complete_OpenAiSecondTurnWithToolResult_PassesMessagesThroughUnchanged()
    {
        var body = WithTools(SecondTurn(OpenAiModel));

        var response = await _harness.Client.ChatAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(body["messages"], _harness.OpenAi.Requests.Single().Body!["messages"]));
        Assert.Equal("Hello from openai", (string?)(await response.JsonAsync())["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task Complete_AnthropicSecondTurnWithToolResult_SendsToolUseAndToolResultBlocks()
    {
        var response = await _harness.Client.ChatAsync(WithTools(SecondTurn(AnthropicModel)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _harness.Anthropic.Requests.Single().Body!;
        Assert.Equal("You answer weather questions.", (string?)sent["system"]);
        var turns = sent["messages"]!.AsArray();
        Assert.Equal(new[] { "user", "assistant", "user" }, turns.Select(t => (string)t!["role"]!));
        var toolUse = turns[1]!["content"]!.AsArray().Single(b => (string?)b!["type"] == "tool_use")!;
        Assert.Equal("toolu_01", (string?)toolUse["id"]);
        Assert.Equal("get_weather", (string?)toolUse["name"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Arguments), toolUse["input"]));
        var result = turns[2]!["content"]![0]!;
        Assert.Equal("tool_result", (string?)result["type"]);
        Assert.Equal("toolu_01", (string?)result["tool_use_id"]);
        Assert.Equal("18 degrees and sunny", (string?)result["content"]);
        Assert.Equal("Hello from anthropic", (string?)(await response.JsonAsync())["choices"]![0]!["message"]!["content"]);
    }

    [Theory]
    [InlineData(OpenAiModel, "call_fake_1")]
    [InlineData(AnthropicModel, "toolu_fake_1")]
    public async Task Stream_WithTools_StreamsToolCallDeltasThatJoinToTheArguments(string model, string callId)
    {
        _harness.OpenAi.ToolCalls = [new FakeToolCall("get_weather", Arguments)];
        _harness.Anthropic.ToolCalls = [new FakeToolCall("get_weather", Arguments)];

        using var response = await _harness.Client.StreamAsync(WithTools(ChatRequests.Body(model, "Weather in Paris?", stream: true)));
        var (chunks, done) = await response.ReadSseAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(done);
        var deltas = chunks.SelectMany(c => c["choices"]!.AsArray()).SelectMany(c => c!["delta"]?["tool_calls"]?.AsArray() ?? []).ToArray();
        Assert.Equal(callId, deltas.Select(d => (string?)d!["id"]).Single(id => id is not null));
        Assert.Equal("get_weather", deltas.Select(d => (string?)d!["function"]?["name"]).Single(n => n is not null));
        var joined = string.Concat(deltas.Select(d => (string?)d!["function"]?["arguments"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Arguments), JsonNode.Parse(joined)));
        Assert.Equal("tool_calls", chunks.Select(c => (string?)c["choices"]!.AsArray().FirstOrDefault()?["finish_reason"]).Last(f => f is not null));
    }

    private static JsonObject WithTools(JsonObject body)
    {
        body["tools"] = new JsonArray(new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = "get_weather",
                ["description"] = "Current weather for a city",
                ["parameters"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" }, ["unit"] = new JsonObject { ["type"] = "string" } },
                    ["required"] = new JsonArray("city"),
                },
            },
        });
        body["tool_choice"] = new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather" } };
        return body;
    }

    private static JsonObject SecondTurn(string model) => new()
    {
        ["model"] = model,
        ["messages"] = new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = "You answer weather questions." },
            new JsonObject { ["role"] = "user", ["content"] = "What is the weather in Paris?" },
            new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["id"] = "toolu_01",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = Arguments },
                }),
            },
            new JsonObject { ["role"] = "tool", ["tool_call_id"] = "toolu_01", ["content"] = "18 degrees and sunny" }),
    };
}
