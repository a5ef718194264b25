using System.Globalization;
using EdgeFunctions.Tests.Fakes.Providers;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// A fake OpenAI and a fake Anthropic upstream on loopback, and the real self-host configured to
/// route to them. In group <c>auto</c> OpenAI ranks first (cheaper, and latency stays on the
/// configured values because <c>MinTrafficSamples</c> is out of reach), so OpenAI is the primary
/// and Anthropic the secondary in every failover test.
/// </summary>
public sealed class ChatHarness : IAsyncDisposable
{
    public const string OpenAiModel = "openai/mini";
    public const string AnthropicModel = "anthropic/sonnet";
    public const string OpenAiUpstream = "gpt-4o-mini";
    public const string AnthropicUpstream = "claude-sonnet-4-5";

    /// <summary>A free, small, tool-less local model: only in group <c>everything</c>, to be filtered out.</summary>
    public const string TinyModel = "openai/tiny";

    // Prices per 1M tokens, chosen so that costs come out as exact decimals.
    public const decimal OpenAiInputPrice = 0.5m;
    public const decimal OpenAiOutputPrice = 2m;
    public const decimal AnthropicInputPrice = 3m;
    public const decimal AnthropicOutputPrice = 15m;
    public const decimal OpenAiCachedInputPrice = 0.25m;
    public const decimal AnthropicCachedInputPrice = 0.3m;

    private readonly string _models;

    private ChatHarness(FakeOpenAiServer openAi, FakeAnthropicServer anthropic, GatewayServer gateway, FakeTimeProvider? time, string models, Dictionary<string, string?> values)
    {
        Values = values;
        OpenAi = openAi;
        Anthropic = anthropic;
        Gateway = gateway;
        Time = time;
        _models = models;
    }

    /// <summary>The gateway's configuration, so a test can start a second instance of the same stamp.</summary>
    public IReadOnlyDictionary<string, string?> Values { get; }

    public FakeOpenAiServer OpenAi { get; }

    public FakeAnthropicServer Anthropic { get; }

    public GatewayServer Gateway { get; }

    public HttpClient Client => Gateway.Client;

    public IServiceProvider Services => Gateway.Services;

    /// <summary>The gateway's clock when the test asked for fake time; the fakes keep real time.</summary>
    public FakeTimeProvider? Time { get; }

    /// <summary>
    /// Starts both fakes and a gateway. <paramref name="settings"/> override the defaults (or remove
    /// one with a null value); <paramref name="fakeTime"/> puts the gateway on a FakeTimeProvider.
    /// </summary>
    public static async Task<ChatHarness> StartAsync(IDictionary<string, string?>? settings = null, bool fakeTime = false)
    {
        var openAi = new FakeOpenAiServer();
        var anthropic = new FakeAnthropicServer();
        await openAi.StartAsync();
        await anthropic.StartAsync();
        var models = TinyModels.Create();
        var time = fakeTime ? new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero)) : null;
        var values = Settings(openAi.BaseAddress, anthropic.BaseAddress, models);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var gateway = await GatewayServer.StartAsync(values, services =>
        {
            if (time is not null)
            {
                services.AddSingleton<TimeProvider>(time);
            }
        });
        return new ChatHarness(openAi, anthropic, gateway, time, models, values);
    }

    /// <summary>Another instance of the same regional stamp (same providers, storage and tables), on real time.</summary>
    public Task<GatewayServer> StartPeerAsync() => GatewayServer.StartAsync(new Dictionary<string, string?>(Values));

    /// <summary>The provider configuration every harness starts from.</summary>
    public static Dictionary<string, string?> Settings(Uri openAi, Uri anthropic, string modelsDirectory) => new()
    {
        ["Inference:ModelsDirectory"] = modelsDirectory,
        ["Inference:Batching:MaxWait"] = "00:00:00",

        // Once a year: no probe runs in the middle of a test unless the test runs it.
        ["Routing:ProbeSchedule"] = "0 0 0 1 1 *",
        ["Routing:MinTrafficSamples"] = "1000",
        ["Routing:RetryBaseDelay"] = "00:00:00",
        ["Providers:openai:Kind"] = "openai",
        ["Providers:openai:Endpoint"] = new Uri(openAi, "v1/").AbsoluteUri,
        ["Providers:openai:ApiKey"] = FakeOpenAiServer.DefaultApiKey,
        ["Providers:openai:Models:mini:UpstreamId"] = OpenAiUpstream,
        ["Providers:openai:Models:mini:InputPricePerMTok"] = Price(OpenAiInputPrice),
        ["Providers:openai:Models:mini:OutputPricePerMTok"] = Price(OpenAiOutputPrice),
        ["Providers:openai:Models:mini:CachedInputPricePerMTok"] = Price(OpenAiCachedInputPrice),
        ["Providers:openai:Models:mini:ContextWindow"] = "128000",
        ["Providers:openai:Models:mini:Quality"] = "0.6",
        ["Providers:openai:Models:mini:Capabilities:0"] = "tools",
        ["Providers:openai:Models:mini:Capabilities:1"] = "json",
        ["Providers:openai:Models:tiny:UpstreamId"] = "tiny-1b",
        ["Providers:openai:Models:tiny:ContextWindow"] = "512",
        ["Providers:openai:Models:tiny:Quality"] = "0.2",
        ["Providers:anthropic:Kind"] = "anthropic",
        ["Providers:anthropic:Endpoint"] = new Uri(anthropic, "v1/").AbsoluteUri,
        ["Providers:anthropic:ApiKey"] = FakeAnthropicServer.DefaultApiKey,
        ["Providers:anthropic:Models:sonnet:UpstreamId"] = AnthropicUpstream,
        ["Providers:anthropic:Models:sonnet:InputPricePerMTok"] = Price(AnthropicInputPrice),
        ["Providers:anthropic:Models:sonnet:OutputPricePerMTok"] = Price(AnthropicOutputPrice),
        ["Providers:anthropic:Models:sonnet:CachedInputPricePerMTok"] = Price(AnthropicCachedInputPrice),
        ["Providers:anthropic:Models:sonnet:ContextWindow"] = "200000",
        ["Providers:anthropic:Models:sonnet:Quality"] = "0.95",
        ["Providers:anthropic:Models:sonnet:Capabilities:0"] = "tools",
        ["ModelGroups:auto:0"] = OpenAiModel,
        ["ModelGroups:auto:1"] = AnthropicModel,
        ["ModelGroups:claude:0"] = AnthropicModel,
        ["ModelGroups:everything:0"] = TinyModel,
        ["ModelGroups:everything:1"] = OpenAiModel,
        ["ModelGroups:everything:2"] = AnthropicModel,
    };

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await OpenAi.DisposeAsync();
        await Anthropic.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }

    private static string Price(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
