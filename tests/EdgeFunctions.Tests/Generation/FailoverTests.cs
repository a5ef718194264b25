using System.Net;
using EdgeFunctions.Tests.Fakes.Providers;
using EdgeFunctions.Tests.Fixtures;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// Each way the primary (OpenAI) can fail, and the secondary (Anthropic) answering instead. The
/// gateway runs on fake time, so the attempt timeout of a hang fires when the test advances it.
/// </summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync(
        new Dictionary<string, string?> { ["Providers:openai:AttemptTimeout"] = "00:00:05", ["Providers:anthropic:AttemptTimeout"] = "00:00:05" },
        fakeTime: true);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Complete_PrimaryRefusesConnections_SecondaryAnswers()
    {
        await _harness.OpenAi.StopListeningAsync();

        var response = await _harness.Client.ChatAsync(ChatRequests.Body());

        await AssertSecondaryAnsweredAsync(response);
        Assert.Contains("connection failed", (await _harness.Client.ProviderRowAsync("openai")).GetProperty("last_error").GetString());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Complete_PrimaryReturnsServerError_RetriesOnceThenSecondaryAnswers(int status)
    {
        _harness.OpenAi.Behavior = FakeBehavior.Status(status);

        var response = await _harness.Client.ChatAsync(ChatRequests.Body());

        await AssertSecondaryAnsweredAsync(response);
        Assert.Equal(2, _harness.OpenAi.CallCount);
    }

    [Fact]
    public async Task Complete_PrimaryReturnsMalformedJson_SecondaryAnswersWithoutRetry()
    {
        _harness.OpenAi.Behavior = FakeBehavior.MalformedJson;

        var response = await _harness.Client.ChatAsync(ChatRequests.Body());

        await AssertSecondaryAnsweredAsync(response);
        Assert.Equal(1, _harness.OpenAi.CallCount);
        Assert.Contains("not valid JSON", (await _harness.Client.ProviderRowAsync("openai")).GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task Complete_PrimaryHangs_AttemptTimesOutAndSecondaryAnswers()
    {
        _harness.OpenAi.Behavior = FakeBehavior.Hang;

        var pending = _harness.Client.ChatAsync(ChatRequests.Body());
        await _harness.OpenAi.WaitForParkedAsync();
        Assert.False(pending.IsCompleted);
        _harness.Time!.Advance(TimeSpan.FromSeconds(5));
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        await AssertSecondaryAnsweredAsync(response);

        // The gateway gave up on the hung request rather than leaving it open.
        await _harness.OpenAi.WaitForClientAbortsAsync();
        Assert.Contains("attempt timeout", (await _harness.Client.ProviderRowAsync("openai")).GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task Complete_EveryProviderFails_Returns502NamingWhatWasTried()
    {
        _harness.OpenAi.Behavior = FakeBehavior.Status(500);
        _harness.Anthropic.Behavior = FakeBehavior.MalformedJson;

        var response = await _harness.Client.ChatAsync(ChatRequests.Body());

        var error = await response.ExpectErrorAsync(HttpStatusCode.BadGateway, "upstream_failed");
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains(OpenAiModel, message);
        Assert.Contains("500", message);
        Assert.Contains(AnthropicModel, message);
        Assert.Contains("not valid JSON", message);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Complete_EveryAttemptTimesOut_Returns504()
    {
        _harness.OpenAi.Behavior = FakeBehavior.Hang;
        _harness.Anthropic.Behavior = FakeBehavior.Hang;

        var pending = _harness.Client.ChatAsync(ChatRequests.Body());
        await _harness.OpenAi.WaitForParkedAsync();
        _harness.Time!.Advance(TimeSpan.FromSeconds(5));
        await _harness.Anthropic.WaitForParkedAsync();
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        var error = await response.ExpectErrorAsync(HttpStatusCode.GatewayTimeout, "upstream_timeout");
        Assert.Contains(OpenAiModel, error.GetProperty("message").GetString());
        Assert.Contains(AnthropicModel, error.GetProperty("message").GetString());
    }

    private async Task AssertSecondaryAnsweredAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.Equal("2", response.Header("x-edge-attempts"));
        Assert.Equal("Hello from anthropic", (string?)(await response.JsonAsync())["choices"]![0]!["message"]!["content"]);
        Assert.Equal(1, _harness.Anthropic.CallCount);
    }
}
