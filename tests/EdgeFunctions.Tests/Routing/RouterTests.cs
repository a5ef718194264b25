using EdgeFunctions.Providers;
using EdgeFunctions.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFunctions.Tests.Routing;

/// <summary>
/// The seed's own example: summarizing a 10k-token legal document from Tokyo. Anthropic (1.2 s,
/// $0.08), OpenAI (0.9 s, $0.10), Google (0.7 s, $0.12), and a local 1B model whose context is
/// too small.
/// </summary>
public sealed class RouterTests
{
    private const int PromptTokens = 10_000;
    private const int OutputTokens = 1_000;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.FromHours(9)));
    private readonly RoutingState _state;
    private readonly FakeCircuits _circuits = new();
    private readonly Router _router;

    public RouterTests()
    {
        _state = new RoutingState(_time);
        _router = new Router(_state, _circuits, Options.Create(new RoutingOptions()), _time);
    }

    // Prices chosen so that 10k prompt + 1k output tokens cost exactly the example's amounts.
    private static readonly Deployment Anthropic = Deploy("anthropic", "claude-sonnet", 1200, input: 5m, output: 30m, context: 200_000);
    private static readonly Deployment OpenAi = Deploy("openai", "gpt-4o", 900, input: 7m, output: 30m, context: 128_000);
    private static readonly Deployment Google = Deploy("gemini", "gemini-pro", 700, input: 9m, output: 30m, context: 1_000_000);
    private static readonly Deployment Local = Deploy("ollama", "llama-1b", 150, input: 0m, output: 0m, context: 4_096);
    private static readonly Deployment[] Candidates = [Anthropic, OpenAi, Google, Local];

    [Fact]
    public void Rank_PriorityLatency_PicksGoogle()
    {
        var decision = _router.Rank(Request(RoutingPriority.Latency), Candidates);

        Assert.Equal(Google.Key, decision.Chosen!.Deployment.Key);
        Assert.Equal([Google.Key, OpenAi.Key, Anthropic.Key], decision.Ranked.Select(o => o.Deployment.Key));
        Assert.Equal(0.12m, decision.Ranked[0].PredictedCostUsd);
    }

    [Fact]
    public void Rank_GoogleRateLimited_PicksOpenAiAndExplainsWhy()
    {
        _state.RecordFailure(Google, new ProviderException("gemini", ProviderFailureKind.RateLimited, "429", 429, TimeSpan.FromSeconds(30)));

        var decision = _router.Rank(Request(RoutingPriority.Latency), Candidates);

        Assert.Equal(OpenAi.Key, decision.Chosen!.Deployment.Key);
        var google = Assert.Single(decision.Excluded, o => o.Deployment == Google);
        Assert.StartsWith("rate-limited", google.ExcludedBecause);
        Assert.Contains("Retry-After", google.ExcludedBecause);
    }

    [Fact]
    public void Rank_AfterCooldownEnds_GoogleIsBack()
    {
        _state.RecordFailure(Google, new ProviderException("gemini", ProviderFailureKind.RateLimited, "429", 429, TimeSpan.FromSeconds(30)));
        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(Google.Key, _router.Rank(Request(RoutingPriority.Latency), Candidates).Chosen!.Deployment.Key);
    }

    [Fact]
    public void Rank_PriorityCost_PicksAnthropic()
    {
        var decision = _router.Rank(Request(RoutingPriority.Cost), Candidates);

        Assert.Equal(Anthropic.Key, decision.Chosen!.Deployment.Key);
        Assert.Equal(0.08m, decision.Chosen.PredictedCostUsd);
    }

    [Theory]
    [InlineData(RoutingPriority.Latency)]
    [InlineData(RoutingPriority.Cost)]
    [InlineData(RoutingPriority.Quality)]
    [InlineData(RoutingPriority.Balanced)]
    public void Rank_AnyPriority_NeverChoosesTheLocalModelAndSaysItsContextIsTooSmall(RoutingPriority priority)
    {
        var decision = _router.Rank(Request(priority), Candidates);

        Assert.DoesNotContain(decision.Ranked, o => o.Deployment == Local);
        var local = Assert.Single(decision.Excluded, o => o.Deployment == Local);
        Assert.Contains("context window too small", local.ExcludedBecause);
        Assert.Contains("4096", local.ExcludedBecause);
    }

    [Fact]
    public void Rank_OpenCircuit_IsExcluded()
    {
        _circuits.Open.Add("gemini");

        var decision = _router.Rank(Request(RoutingPriority.Latency), Candidates);

        Assert.Equal(OpenAi.Key, decision.Chosen!.Deployment.Key);
        Assert.StartsWith("circuit open", Assert.Single(decision.Excluded, o => o.Deployment == Google).ExcludedBecause);
    }

    [Fact]
    public void Rank_HardLimits_FilterLatencyCostAndQuality()
    {
        var preferences = new RoutingPreferences(RoutingPriority.Latency, TimeSpan.FromMilliseconds(1000), 0.11m, null);

        var decision = _router.Rank(new RouteRequest("auto", PromptTokens, OutputTokens, new HashSet<string>(), preferences), Candidates);

        Assert.Equal([OpenAi.Key], decision.Ranked.Select(o => o.Deployment.Key));
        Assert.Contains("exceeds x-edge-max-latency-ms", decision.Excluded.Single(o => o.Deployment == Anthropic).ExcludedBecause);
        Assert.Contains("exceeds x-edge-max-cost-usd", decision.Excluded.Single(o => o.Deployment == Google).ExcludedBecause);
    }

    [Fact]
    public void Rank_MissingCapability_IsExcluded()
    {
        var request = new RouteRequest("auto", 100, 100, new HashSet<string> { Capabilities.Vision }, RoutingPreferences.Default);

        var decision = _router.Rank(request, [OpenAi, Deploy("text", "only", 100, 1m, 1m, 8000, capabilities: [])]);

        Assert.Contains("lacks required capabilities: vision", decision.Excluded.Single().ExcludedBecause);
    }

    [Fact]
    public void Rank_MeasuredTraffic_ReplacesConfiguredLatency()
    {
        for (var i = 0; i < 10; i++)
        {
            _state.RecordSuccess(Google, TimeSpan.FromMilliseconds(2500), null);
        }

        var decision = _router.Rank(Request(RoutingPriority.Latency), Candidates);

        Assert.Equal(OpenAi.Key, decision.Chosen!.Deployment.Key);
        var google = decision.Ranked.Single(o => o.Deployment == Google);
        Assert.Equal("traffic p95", google.LatencySource);
        Assert.Equal(2500, google.LatencyMs);
    }

    [Fact]
    public void Rank_TimeoutsAfterManySuccesses_DemoteTheDeploymentUntilTheyAgeOut()
    {
        for (var i = 0; i < 60; i++)
        {
            _state.RecordSuccess(Google, TimeSpan.FromMilliseconds(300), null);
        }

        var timeout = new ProviderException("gemini", ProviderFailureKind.Timeout, "no answer within the attempt timeout");
        for (var i = 0; i < 4; i++)
        {
            _state.RecordFailure(Google, timeout, TimeSpan.FromSeconds(30));
        }

        var slow = _router.Rank(Request(RoutingPriority.Latency), Candidates);
        _time.Advance(new RoutingOptions().TrafficSampleMaxAge + TimeSpan.FromSeconds(1));
        var aged = _router.Rank(Request(RoutingPriority.Latency), Candidates);

        Assert.Equal(OpenAi.Key, slow.Chosen!.Deployment.Key);
        Assert.Equal(30_000, slow.Ranked.Single(o => o.Deployment == Google).LatencyMs);
        Assert.Equal(Google.Key, aged.Chosen!.Deployment.Key);
        Assert.Equal("configured", aged.Chosen.LatencySource);
    }

    [Fact]
    public void RecordFailure_FastFailure_IsNotALatencySample()
    {
        _state.RecordFailure(Google, new ProviderException("gemini", ProviderFailureKind.Transient, "503"), TimeSpan.FromMilliseconds(2));

        Assert.Equal(0, _state.Traffic(Google.Key).Count);
    }

    [Fact]
    public void Rank_EqualScores_BreakTiesByKey()
    {
        var a = Deploy("b-provider", "m", 500, 1m, 1m, 8000);
        var b = Deploy("a-provider", "m", 500, 1m, 1m, 8000);

        var decision = _router.Rank(new RouteRequest("m", 10, 10, new HashSet<string>(), RoutingPreferences.Default), [a, b]);

        Assert.Equal(["a-provider/m", "b-provider/m"], decision.Ranked.Select(o => o.Deployment.Key));
    }

    [Fact]
    public void Rank_LowHeadroom_LowersTheScore()
    {
        var before = _router.Rank(Request(RoutingPriority.Balanced), Candidates).Ranked.Single(o => o.Deployment == OpenAi).Score;
        _state.RecordSuccess(OpenAi, TimeSpan.FromMilliseconds(900), new RateLimitSnapshot(100, 5, null, null));

        var after = _router.Rank(Request(RoutingPriority.Balanced), Candidates).Ranked.Single(o => o.Deployment == OpenAi);

        Assert.Equal(0.05, after.Headroom, 3);
        Assert.True(after.Score < before);
    }

    private static RouteRequest Request(RoutingPriority priority) =>
        new("auto", PromptTokens, OutputTokens, new HashSet<string>(), new RoutingPreferences(priority, null, null, null));

    private static Deployment Deploy(string provider, string model, int latencyMs, decimal input, decimal output, int context, List<string>? capabilities = null) =>
        new(provider, model, model, new ModelOptions
        {
            InputPricePerMTok = input,
            OutputPricePerMTok = output,
            ContextWindow = context,
            Quality = 0.8,
            ExpectedLatency = TimeSpan.FromMilliseconds(latencyMs),
            Capabilities = capabilities ?? [Capabilities.Tools, Capabilities.Json, Capabilities.Vision],
        });

    private sealed class FakeCircuits : IProviderCircuits
    {
        public HashSet<string> Open { get; } = new(StringComparer.OrdinalIgnoreCase);

        public string StateOf(string provider) => Open.Contains(provider) ? "open" : "closed";
    }
}
