using System.Text.Json.Nodes;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// Prompt tokens a provider served from its prompt cache are reported as OpenAI reports them
/// (<c>prompt_tokens_details.cached_tokens</c>) and billed at the model's cached-input price.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class CachedPromptPricingTests(ChatFixture fixture)
{
    // 400 characters of prompt: 100+ tokens by the fakes' rule, 60 of them cached.
    private const int Cached = 60;
    private readonly ChatHarness _harness = fixture.Reset();

    private static string LongPrompt() => ChatRequests.Unique(string.Concat(Enumerable.Repeat("Summarize the incident log. ", 15)));

    [Theory]
    [InlineData(OpenAiModel)]
    [InlineData(AnthropicModel)]
    public async Task Complete_CachedPromptTokens_AreReportedAndBilledAtTheCachedPrice(string model)
    {
        var (input, cachedInput, output) = model == OpenAiModel
            ? (OpenAiInputPrice, OpenAiCachedInputPrice, OpenAiOutputPrice)
            : (AnthropicInputPrice, AnthropicCachedInputPrice, AnthropicOutputPrice);
        FakeFor(model).CachedPromptTokens = Cached;
        var prompt = LongPrompt();

        var response = await _harness.Client.ChatAsync(ChatRequests.Body(model, prompt));

        var usage = (await response.JsonAsync())["usage"]!;
        var promptTokens = FakeTokenRule.PromptTokens([prompt]);
        var completionTokens = (int)usage["completion_tokens"]!;
        Assert.Equal(promptTokens, (int)usage["prompt_tokens"]!);
        Assert.Equal(Cached, (int)usage["prompt_tokens_details"]!["cached_tokens"]!);
        Assert.Equal(Expected(promptTokens, completionTokens, input, cachedInput, output), response.Cost());
        Assert.True(response.Cost() < ChatRequests.ExpectedCost(promptTokens, completionTokens, input, output));
    }

    [Theory]
    [InlineData(OpenAiModel)]
    [InlineData(AnthropicModel)]
    public async Task Stream_CachedPromptTokens_AppearInTheUsageChunk(string model)
    {
        FakeFor(model).CachedPromptTokens = Cached;
        var prompt = LongPrompt();

        var (chunks, done) = await (await _harness.Client.StreamAsync(ChatRequests.Body(model, prompt, stream: true, includeUsage: true))).ReadSseAsync();

        Assert.True(done);
        var usage = Assert.Single(chunks, c => c["choices"] is JsonArray { Count: 0 })["usage"]!;
        Assert.Equal(FakeTokenRule.PromptTokens([prompt]), (int)usage["prompt_tokens"]!);
        Assert.Equal(Cached, (int)usage["prompt_tokens_details"]!["cached_tokens"]!);
    }

    [Fact]
    public async Task Complete_NoCachedTokens_BillsEveryPromptTokenAtTheInputPrice()
    {
        var prompt = LongPrompt();

        var response = await _harness.Client.ChatAsync(ChatRequests.Body(OpenAiModel, prompt));

        var usage = (await response.JsonAsync())["usage"]!;
        Assert.Null(usage["prompt_tokens_details"]);
        Assert.Equal(ChatRequests.ExpectedCost((int)usage["prompt_tokens"]!, (int)usage["completion_tokens"]!, OpenAiInputPrice, OpenAiOutputPrice), response.Cost());
    }

    private static decimal Expected(int promptTokens, int completionTokens, decimal input, decimal cachedInput, decimal output) =>
        decimal.Round((((promptTokens - Cached) * input) + (Cached * cachedInput) + (completionTokens * output)) / 1_000_000m, 8);

    private FakeProviderServer FakeFor(string model) => model == OpenAiModel ? _harness.OpenAi : _harness.Anthropic;
}
