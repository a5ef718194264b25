using System.Globalization;
using System.Text.RegularExpressions;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// A stream's cost is known only after its headers, so it arrives as an SSE comment just before
/// [DONE]: invisible to SSE clients, readable by an agent that wants it.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed partial class StreamCostTests(ChatFixture fixture)
{
    private readonly ChatHarness _harness = fixture.Reset();

    [Theory]
    [InlineData(OpenAiModel)]
    [InlineData(AnthropicModel)]
    public async Task Stream_Completed_EndsWithItsCostJustBeforeDone(string model)
    {
        var prompt = ChatRequests.Unique("Cost me");
        var (input, output) = model == OpenAiModel ? (OpenAiInputPrice, OpenAiOutputPrice) : (AnthropicInputPrice, AnthropicOutputPrice);

        var text = await (await _harness.Client.StreamAsync(ChatRequests.Body(model, prompt, stream: true))).Content.ReadAsStringAsync();

        var expected = ChatRequests.ExpectedCost(FakeTokenRule.PromptTokens([prompt]), FakeTokenRule.CompletionTokens($"Hello from {(model == OpenAiModel ? "openai" : "anthropic")}"), input, output);
        Assert.True(expected > 0);
        Assert.Equal(expected, CostBeforeDone(text));
    }

    [Fact]
    public async Task Stream_ReplayedFromTheCache_CostsNothing()
    {
        var body = ChatRequests.Body(OpenAiModel, ChatRequests.Unique("Again"), stream: true, temperature: 0);
        var first = await (await _harness.Client.StreamAsync(body)).Content.ReadAsStringAsync();

        var replay = await _harness.Client.StreamAsync(body);

        Assert.Equal("hit", replay.Header("x-edge-cache"));
        Assert.True(CostBeforeDone(first) > 0);
        Assert.Equal(0m, CostBeforeDone(await replay.Content.ReadAsStringAsync()));
    }

    private static decimal CostBeforeDone(string stream)
    {
        var match = CostThenDone().Match(stream);
        Assert.True(match.Success, "no cost comment right before [DONE]");
        return decimal.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@": x-edge-cost-usd=([0-9.]+)\n\ndata: \[DONE\]\n\n$")]
    private static partial Regex CostThenDone();
}
