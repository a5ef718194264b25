using System.Net;
using System.Text.Json.Nodes;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>Non-streamed chat through the OpenAI-compatible adapter: the answer, the edge headers, and what went upstream.</summary>
[Collection(ChatCollection.Name)]
public sealed class ChatCompletionTests(ChatFixture fixture)
{
    private readonly ChatHarness _harness = fixture.Reset();

    [Fact]
    public async Task Complete_OpenAiModel_ReturnsChatCompletionWithEdgeHeaders()
    {
        var prompt = ChatRequests.Unique("Say hello");
        var response = await _harness.Client.ChatAsync(ChatRequests.Body(OpenAiModel, prompt));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("chat.completion", (string?)json["object"]);
        Assert.StartsWith("chatcmpl-", (string?)json["id"]);
        Assert.Equal(OpenAiUpstream, (string?)json["model"]);
        var choice = json["choices"]!.AsArray().Single()!;
        Assert.Equal("assistant", (string?)choice["message"]!["role"]);
        Assert.Equal("Hello from openai", (string?)choice["message"]!["content"]);
        Assert.Equal("stop", (string?)choice["finish_reason"]);

        var promptTokens = FakeTokenRule.PromptTokens([prompt]);
        var completionTokens = FakeTokenRule.CompletionTokens("Hello from openai");
        Assert.Equal(promptTokens, (int)json["usage"]!["prompt_tokens"]!);
        Assert.Equal(completionTokens, (int)json["usage"]!["completion_tokens"]!);
        Assert.Equal(OpenAiModel, response.Header("x-edge-provider"));
        Assert.Equal("1", response.Header("x-edge-attempts"));
        Assert.Equal(ChatRequests.ExpectedCost(promptTokens, completionTokens, OpenAiInputPrice, OpenAiOutputPrice), response.Cost());
        Assert.Equal("bypass", response.Header("x-edge-cache"));
        Assert.Equal("testregion", response.Header("x-edge-region"));
        Assert.False(string.IsNullOrWhiteSpace(response.Header("x-request-id")));
    }

    [Fact]
    public async Task Complete_CallerRequestId_IsEchoed()
    {
        var response = await _harness.Client.ChatAsync(ChatRequests.Body(OpenAiModel), ("x-request-id", "agent-run-42.step-7"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("agent-run-42.step-7", response.Header("x-request-id"));
    }

    [Fact]
    public async Task Complete_OpenAiModel_SendsUpstreamIdWithoutEdgeObjectAndPassesParametersThrough()
    {
        var body = ChatRequests.Body("auto");
        body["edge"] = new JsonObject { ["priority"] = "cost", ["cache"] = false };
        body["seed"] = 7;
        body["top_p"] = 0.5;
        body["stop"] = new JsonArray("END");
        body["max_completion_tokens"] = 64;
        body["response_format"] = new JsonObject { ["type"] = "json_object" };
        body["metadata"] = new JsonObject { ["run"] = "r1" };

        var response = await _harness.Client.ChatAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _harness.OpenAi.Requests.Single();
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal($"Bearer {FakeOpenAiServer.DefaultApiKey}", sent.Header("Authorization"));
        Assert.Equal(OpenAiUpstream, (string?)sent.Body!["model"]);
        Assert.False(sent.Body.ContainsKey("edge"));
        Assert.Equal(false, (bool?)sent.Body["stream"]);
        Assert.Equal(7, (int)sent.Body["seed"]!);
        Assert.Equal(0.5, (double)sent.Body["top_p"]!);
        Assert.Equal("END", (string?)sent.Body["stop"]![0]);
        Assert.Equal(64, (int)sent.Body["max_completion_tokens"]!);
        Assert.Equal("json_object", (string?)sent.Body["response_format"]!["type"]);
        Assert.True(JsonNode.DeepEquals(body["messages"], sent.Body["messages"]));
        Assert.Equal(0, _harness.Anthropic.CallCount);
    }

    [Fact]
    public async Task Complete_AnthropicModel_ReturnsTranslatedCompletionWithItsPrices()
    {
        var prompt = ChatRequests.Unique("Say hello");
        var body = ChatRequests.Body(AnthropicModel, prompt);
        body["messages"]!.AsArray().Insert(0, new JsonObject { ["role"] = "system", ["content"] = "Be brief." });

        var response = await _harness.Client.ChatAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("chat.completion", (string?)json["object"]);
        Assert.StartsWith("chatcmpl-msg_fake", (string?)json["id"]);
        Assert.Equal(AnthropicUpstream, (string?)json["model"]);
        var choice = json["choices"]!.AsArray().Single()!;
        Assert.Equal("assistant", (string?)choice["message"]!["role"]);
        Assert.Equal("Hello from anthropic", (string?)choice["message"]!["content"]);
        Assert.Equal("stop", (string?)choice["finish_reason"]);

        var promptTokens = FakeTokenRule.PromptTokens(["Be brief.", prompt]);
        var completionTokens = FakeTokenRule.CompletionTokens("Hello from anthropic");
        Assert.Equal(promptTokens, (int)json["usage"]!["prompt_tokens"]!);
        Assert.Equal(completionTokens, (int)json["usage"]!["completion_tokens"]!);
        Assert.Equal(promptTokens + completionTokens, (int)json["usage"]!["total_tokens"]!);
        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.Equal("1", response.Header("x-edge-attempts"));
        Assert.Equal(ChatRequests.ExpectedCost(promptTokens, completionTokens, AnthropicInputPrice, AnthropicOutputPrice), response.Cost());
        Assert.Equal(0, _harness.OpenAi.CallCount);
    }

    [Fact]
    public async Task Complete_AnthropicModel_SendsSystemPromptMaxTokensAndSamplingAsMessagesApi()
    {
        var body = new JsonObject
        {
            ["model"] = AnthropicModel,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "Be brief." },
                new JsonObject { ["role"] = "user", ["content"] = "Say hello" }),
            ["max_tokens"] = 77,
            ["temperature"] = 0.4,
            ["stop"] = new JsonArray("END"),
            ["edge"] = new JsonObject { ["priority"] = "quality" },
        };

        var response = await _harness.Client.ChatAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _harness.Anthropic.Requests.Single();
        Assert.Equal("/v1/messages", sent.Path);
        Assert.Equal(FakeAnthropicServer.DefaultApiKey, sent.Header("x-api-key"));
        Assert.False(string.IsNullOrEmpty(sent.Header("anthropic-version")));
        Assert.Null(sent.Header("Authorization"));
        Assert.Equal(AnthropicUpstream, (string?)sent.Body!["model"]);
        Assert.Equal("Be brief.", (string?)sent.Body["system"]);
        Assert.Equal(77, (int)sent.Body["max_tokens"]!);
        Assert.Equal(0.4, (double)sent.Body["temperature"]!);
        Assert.Equal("END", (string?)sent.Body["stop_sequences"]![0]);
        Assert.False(sent.Body.ContainsKey("edge"));
        Assert.False(sent.Body.ContainsKey("stop"));
        var message = sent.Body["messages"]!.AsArray().Single()!;
        Assert.Equal("user", (string?)message["role"]);
        Assert.Equal("Say hello", (string?)message["content"]![0]!["text"]);
    }

    [Fact]
    public async Task Complete_AnthropicWithoutMaxTokens_SendsTheDefaultAnthropicRequires()
    {
        var response = await _harness.Client.ChatAsync(ChatRequests.Body(AnthropicModel));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1024, (int)_harness.Anthropic.Requests.Single().Body!["max_tokens"]!);
    }
}
