using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFunctions.Tests.Fixtures;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// <c>POST /v1/routing/explain</c> weighs the options for a chat request and gives reasons for every
/// exclusion, without calling any provider; <c>GET /v1/routing</c> lists the live provider table.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class RoutingExplainTests(ChatFixture fixture)
{
    private readonly ChatHarness _harness = fixture.Reset();

    [Fact]
    public async Task Explain_AutoGroup_RanksMembersWithoutCallingAnyProvider()
    {
        var explanation = await ExplainAsync(ChatRequests.Body("auto"));

        Assert.Equal("routing.explanation", explanation.GetProperty("object").GetString());
        Assert.Equal("balanced", explanation.GetProperty("priority").GetString());
        Assert.Equal(OpenAiModel, explanation.GetProperty("chosen").GetString());
        var ranked = explanation.GetProperty("ranked").EnumerateArray().ToArray();
        Assert.Equal(new[] { OpenAiModel, AnthropicModel }, ranked.Select(r => r.GetProperty("model").GetString()));
        Assert.True(ranked[0].GetProperty("score").GetDouble() > ranked[1].GetProperty("score").GetDouble());
        Assert.All(ranked, r => Assert.Equal("configured", r.GetProperty("latency_source").GetString()));
        Assert.Empty(explanation.GetProperty("excluded").EnumerateArray());
        Assert.True(explanation.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Equal(256, explanation.GetProperty("expected_output_tokens").GetInt32());
        AssertNoProviderCalled();
    }

    [Theory]
    [InlineData("quality", AnthropicModel)]
    [InlineData("cost", OpenAiModel)]
    [InlineData("latency", OpenAiModel)]
    public async Task Explain_Priority_ChangesTheChoice(string priority, string expected)
    {
        var explanation = await ExplainAsync(ChatRequests.Body("auto"), ("x-edge-priority", priority));

        Assert.Equal(priority, explanation.GetProperty("priority").GetString());
        Assert.Equal(expected, explanation.GetProperty("chosen").GetString());
        AssertNoProviderCalled();
    }

    [Fact]
    public async Task Explain_PriorityInEdgeObject_IsUsedWhenNoHeader()
    {
        var body = ChatRequests.Body("auto");
        body["edge"] = new JsonObject { ["priority"] = "quality" };

        var explanation = await ExplainAsync(body);

        Assert.Equal(AnthropicModel, explanation.GetProperty("chosen").GetString());
    }

    [Fact]
    public async Task Explain_ToolsRequested_ExcludesModelWithoutToolsWithReason()
    {
        var body = ChatRequests.Body("everything");
        body["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "lookup" } });

        var explanation = await ExplainAsync(body);

        Assert.Equal(new[] { "tools" }, explanation.GetProperty("required_capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("lacks required capabilities: tools", Excluded(explanation)[TinyModel]);
        Assert.DoesNotContain(TinyModel, Ranked(explanation));
        AssertNoProviderCalled();
    }

    [Fact]
    public async Task Explain_PromptLargerThanContextWindow_ExcludesSmallModelWithReason()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("contract clause", 400));

        var explanation = await ExplainAsync(ChatRequests.Body("everything", prompt), ("x-edge-priority", "cost"));

        Assert.StartsWith("context window too small", Excluded(explanation)[TinyModel]);
        Assert.Equal(OpenAiModel, explanation.GetProperty("chosen").GetString());
        AssertNoProviderCalled();
    }

    [Fact]
    public async Task Explain_FreeSmallModelThatFits_IsChosenForCost()
    {
        var explanation = await ExplainAsync(ChatRequests.Body("everything", "Hi"), ("x-edge-priority", "cost"));

        Assert.Equal(TinyModel, explanation.GetProperty("chosen").GetString());
        Assert.Equal(0, explanation.GetProperty("ranked")[0].GetProperty("predicted_cost_usd").GetDecimal());
    }

    [Fact]
    public async Task Explain_HardLimits_ExcludeWithReasons()
    {
        var explanation = await ExplainAsync(
            ChatRequests.Body("auto"),
            ("x-edge-max-cost-usd", "0.001"),
            ("x-edge-min-quality", "0.5"),
            ("x-edge-max-latency-ms", "5000"));

        Assert.Equal(new[] { OpenAiModel }, Ranked(explanation));
        Assert.Contains("exceeds x-edge-max-cost-usd", Excluded(explanation)[AnthropicModel]);

        var strict = await ExplainAsync(ChatRequests.Body("auto"), ("x-edge-min-quality", "0.9"), ("x-edge-max-latency-ms", "500"));
        Assert.Empty(Ranked(strict));
        Assert.True(strict.GetProperty("chosen").ValueKind == JsonValueKind.Null);
        Assert.Contains("x-edge-max-latency-ms", Excluded(strict)[AnthropicModel]);
        Assert.Contains("x-edge-max-latency-ms", Excluded(strict)[OpenAiModel]);
    }

    [Fact]
    public async Task Explain_UnknownModel_Returns404()
    {
        var response = await _harness.Client.ExplainAsync(ChatRequests.Body("gpt-99"));

        await response.ExpectErrorAsync(HttpStatusCode.NotFound, "model_not_found", "model");
    }

    [Fact]
    public async Task RoutingTable_ListsProvidersDeploymentsAndGroups()
    {
        var table = await _harness.Client.RoutingTableAsync();

        Assert.Equal("routing.table", table.GetProperty("object").GetString());
        Assert.Equal("testregion", table.GetProperty("region").GetString());
        var providers = table.GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("provider").GetString()!);
        Assert.Equal(new[] { "anthropic", "openai" }, providers.Keys.Order());
        var openAi = providers["openai"];
        Assert.Equal("closed", openAi.GetProperty("circuit").GetString());
        Assert.Equal(0, openAi.GetProperty("cooldown_remaining_s").GetDouble());
        var mini = openAi.GetProperty("deployments").EnumerateArray().Single(d => d.GetProperty("model").GetString() == OpenAiModel);
        Assert.Equal(OpenAiUpstream, mini.GetProperty("upstream_model").GetString());
        Assert.Equal(OpenAiInputPrice, mini.GetProperty("input_price_per_mtok").GetDecimal());
        Assert.Equal(128000, mini.GetProperty("context_window").GetInt32());
        Assert.Equal(new[] { OpenAiModel, AnthropicModel }, table.GetProperty("groups").GetProperty("auto").EnumerateArray().Select(m => m.GetString()));
        AssertNoProviderCalled();
    }

    private static Dictionary<string, string> Excluded(JsonElement explanation) =>
        explanation.GetProperty("excluded").EnumerateArray().ToDictionary(e => e.GetProperty("model").GetString()!, e => e.GetProperty("excluded_because").GetString()!);

    private static string?[] Ranked(JsonElement explanation) =>
        [.. explanation.GetProperty("ranked").EnumerateArray().Select(e => e.GetProperty("model").GetString())];

    private async Task<JsonElement> ExplainAsync(JsonObject body, params (string, string)[] headers) =>
        await (await _harness.Client.ExplainAsync(body, headers)).ExpectOkAsync();

    private void AssertNoProviderCalled()
    {
        Assert.Equal(0, _harness.OpenAi.CallCount);
        Assert.Equal(0, _harness.Anthropic.CallCount);
    }
}
