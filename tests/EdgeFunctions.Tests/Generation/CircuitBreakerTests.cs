using System.Net;
using System.Text.Json;
using EdgeFunctions.Tests.Fakes.Providers;
using EdgeFunctions.Tests.Fixtures;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// Each provider's breaker opens after a few failures (not Polly's default 100 calls), keeps traffic
/// away while open, and lets it back after the break duration. Time is fake, so the break ends when the test says.
/// </summary>
public sealed class CircuitBreakerTests : IAsyncLifetime
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(10);
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync(
        new Dictionary<string, string?> { ["Routing:BreakerBreakDuration"] = "00:00:10", ["Routing:BreakerMinimumThroughput"] = "4" },
        fakeTime: true);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Complete_RepeatedFailures_OpenTheCircuitAndTrafficSkipsTheProvider()
    {
        await OpenOpenAiCircuitAsync();

        var row = await _harness.Client.ProviderRowAsync("openai");
        Assert.Equal("open", row.GetProperty("circuit").GetString());
        Assert.Equal(1, row.GetProperty("error_rate").GetDouble());
        var excluded = (await Explain()).GetProperty("excluded").EnumerateArray().Single();
        Assert.Equal(OpenAiModel, excluded.GetProperty("model").GetString());
        Assert.StartsWith("circuit open", excluded.GetProperty("excluded_because").GetString());

        var calls = _harness.OpenAi.CallCount;
        var response = await _harness.Client.ChatAsync(ChatRequests.Body());
        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.Equal("1", response.Header("x-edge-attempts"));
        Assert.Equal(calls, _harness.OpenAi.CallCount);
    }

    [Fact]
    public async Task Complete_OnlyCandidateHasOpenCircuit_Returns503WithoutCallingIt()
    {
        await OpenOpenAiCircuitAsync();
        var calls = _harness.OpenAi.CallCount;

        var response = await _harness.Client.ChatAsync(ChatRequests.Body(OpenAiModel));

        var error = await response.ExpectErrorAsync(HttpStatusCode.ServiceUnavailable, "no_provider_available");
        Assert.Contains("circuit open", error.GetProperty("message").GetString());
        Assert.Equal(BreakDuration, response.Headers.RetryAfter?.Delta);
        Assert.Equal(calls, _harness.OpenAi.CallCount);
    }

    [Fact]
    public async Task Complete_AfterBreakDuration_ProviderIsTriedAgainAndCircuitCloses()
    {
        await OpenOpenAiCircuitAsync();
        _harness.OpenAi.Behavior = FakeBehavior.Normal;

        _harness.Time!.Advance(BreakDuration + TimeSpan.FromSeconds(1));
        Assert.NotEqual("open", (await _harness.Client.ProviderRowAsync("openai")).GetProperty("circuit").GetString());
        Assert.Equal(OpenAiModel, (await Explain()).GetProperty("chosen").GetString());

        var response = await _harness.Client.ChatAsync(ChatRequests.Body());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OpenAiModel, response.Header("x-edge-provider"));
        Assert.Equal("closed", (await _harness.Client.ProviderRowAsync("openai")).GetProperty("circuit").GetString());
    }

    [Fact]
    public async Task Complete_TrialAfterBreakFails_CircuitOpensAgain()
    {
        await OpenOpenAiCircuitAsync();
        _harness.Time!.Advance(BreakDuration + TimeSpan.FromSeconds(1));

        var response = await _harness.Client.ChatAsync(ChatRequests.Body());

        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.Equal("open", (await _harness.Client.ProviderRowAsync("openai")).GetProperty("circuit").GetString());
    }

    [Fact]
    public async Task Complete_RateLimitsAndRejections_NeverOpenTheCircuit()
    {
        _harness.OpenAi.Behavior = FakeBehavior.Status(400);
        for (var i = 0; i < 6; i++)
        {
            await _harness.Client.ChatAsync(ChatRequests.Body(OpenAiModel));
        }

        _harness.OpenAi.Behavior = FakeBehavior.RateLimited(1);
        for (var i = 0; i < 6; i++)
        {
            await _harness.Client.ChatAsync(ChatRequests.Body(OpenAiModel));
            _harness.Time!.Advance(TimeSpan.FromSeconds(2));
        }

        var row = await _harness.Client.ProviderRowAsync("openai");
        Assert.Equal("closed", row.GetProperty("circuit").GetString());
        Assert.Equal(0, row.GetProperty("error_rate").GetDouble());
        Assert.Equal(12, _harness.OpenAi.CallCount);
    }

    // Two requests with a retry each: four failures in the sampling window trip the breaker.
    private async Task OpenOpenAiCircuitAsync()
    {
        _harness.OpenAi.Behavior = FakeBehavior.Status(503);
        for (var i = 0; i < 2; i++)
        {
            var response = await _harness.Client.ChatAsync(ChatRequests.Body());
            Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        }

        Assert.Equal(4, _harness.OpenAi.CallCount);
        Assert.Equal("open", (await _harness.Client.ProviderRowAsync("openai")).GetProperty("circuit").GetString());
    }

    private async Task<JsonElement> Explain() =>
        await (await _harness.Client.ExplainAsync(ChatRequests.Body())).ExpectOkAsync();
}
