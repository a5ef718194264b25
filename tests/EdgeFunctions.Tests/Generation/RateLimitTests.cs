using System.Net;
using System.Text.Json;
using EdgeFunctions.Tests.Fakes.Providers;
using EdgeFunctions.Tests.Fixtures;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// A 429 is a capacity signal: the provider cools down until Retry-After and is skipped meanwhile,
/// without counting as a health failure. Rate-limit headers set the headroom the router weighs.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync(fakeTime: true);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Complete_PrimaryRateLimited_FailsOverAndCoolsDownUntilRetryAfter()
    {
        _harness.OpenAi.Behavior = FakeBehavior.RateLimited(30);

        var first = await _harness.Client.ChatAsync(ChatRequests.Body());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(AnthropicModel, first.Header("x-edge-provider"));
        Assert.Equal("2", first.Header("x-edge-attempts"));
        Assert.Equal(1, _harness.OpenAi.CallCount);
        var row = await _harness.Client.ProviderRowAsync("openai");
        Assert.Equal(30, row.GetProperty("cooldown_remaining_s").GetDouble());
        Assert.Equal(_harness.Time!.GetUtcNow().AddSeconds(30), row.GetProperty("cooldown_until").GetDateTimeOffset());
        Assert.Equal(0, row.GetProperty("headroom").GetDouble());
        Assert.Equal(0, row.GetProperty("error_rate").GetDouble());
        Assert.Equal("closed", row.GetProperty("circuit").GetString());

        // While it cools down the provider is not even tried, and explain says why.
        _harness.OpenAi.Behavior = FakeBehavior.Normal;
        var second = await _harness.Client.ChatAsync(ChatRequests.Body());
        Assert.Equal(AnthropicModel, second.Header("x-edge-provider"));
        Assert.Equal("1", second.Header("x-edge-attempts"));
        Assert.Equal(1, _harness.OpenAi.CallCount);
        var excluded = (await Explain()).GetProperty("excluded").EnumerateArray().Single();
        Assert.Equal(OpenAiModel, excluded.GetProperty("model").GetString());
        Assert.StartsWith("rate-limited", excluded.GetProperty("excluded_because").GetString());

        _harness.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(OpenAiModel, (await Explain()).GetProperty("chosen").GetString());
        var third = await _harness.Client.ChatAsync(ChatRequests.Body());
        Assert.Equal(OpenAiModel, third.Header("x-edge-provider"));
        Assert.Equal(0, (await _harness.Client.ProviderRowAsync("openai")).GetProperty("cooldown_remaining_s").GetDouble());
    }

    [Fact]
    public async Task Complete_EveryProviderRateLimited_Returns503WithRetryAfter()
    {
        _harness.OpenAi.Behavior = FakeBehavior.RateLimited(20);
        _harness.Anthropic.Behavior = FakeBehavior.RateLimited(45);

        var response = await _harness.Client.ChatAsync(ChatRequests.Body());

        var error = await response.ExpectErrorAsync(HttpStatusCode.ServiceUnavailable, "upstream_rate_limited");
        Assert.Contains(OpenAiModel, error.GetProperty("message").GetString());
        Assert.Contains(AnthropicModel, error.GetProperty("message").GetString());
        Assert.Equal(TimeSpan.FromSeconds(20), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Complete_WhileEveryProviderCoolsDown_Returns503WithRetryAfterWithoutCallingThem()
    {
        _harness.OpenAi.Behavior = FakeBehavior.RateLimited(20);
        _harness.Anthropic.Behavior = FakeBehavior.RateLimited(45);
        await _harness.Client.ChatAsync(ChatRequests.Body());
        _harness.Time!.Advance(TimeSpan.FromSeconds(5));

        var response = await _harness.Client.ChatAsync(ChatRequests.Body());

        await response.ExpectErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(15), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, _harness.OpenAi.CallCount);
        Assert.Equal(1, _harness.Anthropic.CallCount);
    }

    [Theory]
    [InlineData("openai", OpenAiModel)]
    [InlineData("anthropic", AnthropicModel)]
    public async Task Complete_RateLimitHeaders_UpdateHeadroomInRoutingTable(string provider, string model)
    {
        var fake = provider == "openai" ? (FakeProviderServer)_harness.OpenAi : _harness.Anthropic;
        fake.RateLimits = new FakeRateLimits(LimitRequests: 100, RemainingRequests: 25, LimitTokens: 10_000, RemainingTokens: 9_000);

        var response = await _harness.Client.ChatAsync(ChatRequests.Body(model));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0.25, (await _harness.Client.ProviderRowAsync(provider)).GetProperty("headroom").GetDouble());
        var ranked = (await Explain(model)).GetProperty("ranked").EnumerateArray().Single();
        Assert.Equal(0.25, ranked.GetProperty("headroom").GetDouble());

        fake.RateLimits = new FakeRateLimits(100, 90, 10_000, 1_000);
        await _harness.Client.ChatAsync(ChatRequests.Body(model));
        Assert.Equal(0.1, (await _harness.Client.ProviderRowAsync(provider)).GetProperty("headroom").GetDouble(), 6);
    }

    [Fact]
    public async Task Stream_RateLimitHeaders_UpdateHeadroomInRoutingTable()
    {
        _harness.OpenAi.RateLimits = new FakeRateLimits(100, 40, 10_000, 9_000);

        using var response = await _harness.Client.StreamAsync(ChatRequests.Body(OpenAiModel, stream: true));
        await response.ReadSseAsync();

        Assert.Equal(0.4, (await _harness.Client.ProviderRowAsync("openai")).GetProperty("headroom").GetDouble());
    }

    private async Task<JsonElement> Explain(string model = "auto") =>
        await (await _harness.Client.ExplainAsync(ChatRequests.Body(model))).ExpectOkAsync();
}
