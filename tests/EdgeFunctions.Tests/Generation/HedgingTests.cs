using System.Net;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// With hedging on, a slow first choice gets company after the hedging delay; the first answer wins
/// and the loser's upstream request is cancelled. Real time: the delay is 50 ms and the slow fake
/// never finishes on its own, so nothing waits on a clock.
/// </summary>
public sealed class HedgingTests : IAsyncLifetime
{
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Routing:HedgingEnabled"] = "true",
        ["Routing:HedgingDelay"] = "00:00:00.050",
    });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Complete_PrimarySlow_SecondaryWinsAndPrimaryIsCancelled()
    {
        _harness.OpenAi.Behavior = FakeBehavior.Slow(TimeSpan.FromMinutes(5));

        var response = await _harness.Client.ChatAsync(ChatRequests.Body());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.Equal("2", response.Header("x-edge-attempts"));
        Assert.Equal("Hello from anthropic", (string?)(await response.JsonAsync())["choices"]![0]!["message"]!["content"]);
        await _harness.OpenAi.WaitForClientAbortsAsync();
        Assert.Equal(1, _harness.OpenAi.CallCount);

        // Losing a race is not a failure: the slow provider's health is untouched.
        var row = await _harness.Client.ProviderRowAsync("openai");
        Assert.Equal(0, row.GetProperty("error_rate").GetDouble());
        Assert.Equal("closed", row.GetProperty("circuit").GetString());
    }

    [Fact]
    public async Task Stream_PrimarySlow_IsNotHedged()
    {
        _harness.OpenAi.Behavior = FakeBehavior.FailNext(1, FakeBehavior.Slow(TimeSpan.FromMilliseconds(300)));

        using var response = await _harness.Client.StreamAsync(ChatRequests.Body(stream: true));
        var (chunks, done) = await response.ReadSseAsync();

        Assert.Equal(OpenAiModel, response.Header("x-edge-provider"));
        Assert.True(done);
        Assert.Equal("Hello from openai", ChatRequests.Content(chunks));
        Assert.Equal(0, _harness.Anthropic.CallCount);
    }
}
