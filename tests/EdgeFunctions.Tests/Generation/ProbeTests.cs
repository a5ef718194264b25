using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using EdgeFunctions.Probing;
using EdgeFunctions.Tests.Fakes.Providers;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// The probe timer's work (<see cref="ProviderProber.ProbeAllAsync"/>) against the fakes, with the
/// region's routing table in Azurite: rows under PartitionKey = region that a new instance reads
/// before it probes itself, no latency sample from a failed probe, and local routing when the store is down.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProbeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _table = AzuriteFixture.UniqueTable();
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Storage:OperationTimeout"] = "00:00:05",
        ["Routing:TableName"] = _table,
        ["Cache:TableName"] = AzuriteFixture.UniqueTable(),
    });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ProbeAll_WithStore_WritesOneRowPerProviderUnderTheRegion()
    {
        await ProbeAsync(_harness.Services);

        Assert.Equal(1, _harness.OpenAi.CountOf("/v1/models"));
        Assert.Equal(1, _harness.Anthropic.CountOf("/v1/models"));
        var rows = Rows();
        Assert.Equal(new[] { "anthropic", "openai" }, rows.Select(r => r.RowKey).Order());
        Assert.All(rows, r => Assert.Equal("testregion", r.PartitionKey));
        Assert.All(rows, r => Assert.NotNull(r.GetDouble("ProbeP50Ms")));
        Assert.All(rows, r => Assert.True(r.GetBoolean("LastProbeSucceeded")));
        var row = await _harness.Client.ProviderRowAsync("openai");
        Assert.True(row.GetProperty("probe_p50_ms").GetDouble() >= 0);
        Assert.True(row.GetProperty("last_probe_ok").GetBoolean());
        Assert.True(row.GetProperty("last_probe_age_s").GetDouble() >= 0);
    }

    [Fact]
    public async Task NewInstance_AfterAnotherProbed_ShowsSharedScoresBeforeProbingItself()
    {
        await ProbeAsync(_harness.Services);
        var probes = _harness.OpenAi.CountOf("/v1/models");

        await using var peer = await _harness.StartPeerAsync();
        var table = await (await peer.Client.GetAsync("/v1/routing")).ExpectOkAsync();

        foreach (var provider in table.GetProperty("providers").EnumerateArray())
        {
            Assert.NotEqual(JsonValueKind.Null, provider.GetProperty("shared_score_age_s").ValueKind);
            Assert.NotEqual(JsonValueKind.Null, provider.GetProperty("last_probe_at").ValueKind);
            Assert.NotEqual(JsonValueKind.Null, provider.GetProperty("probe_p50_ms").ValueKind);
            Assert.True(provider.GetProperty("last_probe_ok").GetBoolean());
        }

        Assert.Equal(probes, _harness.OpenAi.CountOf("/v1/models"));
    }

    [Fact]
    public async Task NewInstance_AfterAnotherSawA429_SkipsTheCoolingProvider()
    {
        _harness.OpenAi.Behavior = FakeBehavior.FailNext(1, FakeBehavior.RateLimited(120));
        Assert.Equal(AnthropicModel, (await _harness.Client.ChatAsync(ChatRequests.Body())).Header("x-edge-provider"));
        await ProbeAsync(_harness.Services);
        Assert.NotNull(Rows().Single(r => r.RowKey == "openai").GetDateTimeOffset("CooldownUntil"));

        await using var peer = await _harness.StartPeerAsync();
        var calls = _harness.OpenAi.CountOf("/chat/completions");
        var response = await peer.Client.ChatAsync(ChatRequests.Body());

        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.Equal("1", response.Header("x-edge-attempts"));
        Assert.Equal(calls, _harness.OpenAi.CountOf("/chat/completions"));
        var row = await ProviderRowAsync(peer, "openai");
        Assert.True(row.GetProperty("cooldown_remaining_s").GetDouble() > 60);
    }

    [Fact]
    public async Task ProbeAll_ProviderFails_RecordsNoLatencySample()
    {
        _harness.OpenAi.Behavior = FakeBehavior.Status(500);

        await ProbeAsync(_harness.Services);

        var row = await _harness.Client.ProviderRowAsync("openai");
        Assert.Equal(JsonValueKind.Null, row.GetProperty("probe_p50_ms").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("probe_p95_ms").ValueKind);
        Assert.False(row.GetProperty("last_probe_ok").GetBoolean());
        Assert.Contains("500", row.GetProperty("last_error").GetString());
        var stored = Rows().Single(r => r.RowKey == "openai");
        Assert.Null(stored.GetDouble("ProbeP50Ms"));
        Assert.False(stored.GetBoolean("LastProbeSucceeded"));
        Assert.NotEqual(JsonValueKind.Null, (await _harness.Client.ProviderRowAsync("anthropic")).GetProperty("probe_p50_ms").ValueKind);
    }

    [Fact]
    public async Task ProbeAll_StoreDown_ProbesAndRoutesOnOwnObservations()
    {
        var settings = new Dictionary<string, string?>(_harness.Values)
        {
            ["Storage:ConnectionString"] = AzuriteProcess.ConnectionStringFor(RefusedEndpoint.Address.Port),
            ["Storage:OperationTimeout"] = "00:00:01",
        };
        await using var isolated = await GatewayServer.StartAsync(settings);

        await ProbeAsync(isolated.Services);

        var row = await ProviderRowAsync(isolated, "openai");
        Assert.NotEqual(JsonValueKind.Null, row.GetProperty("probe_p50_ms").ValueKind);
        Assert.True(row.GetProperty("last_probe_ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("shared_score_age_s").ValueKind);
        var response = await isolated.Client.ChatAsync(ChatRequests.Body());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OpenAiModel, response.Header("x-edge-provider"));
    }

    private static async Task ProbeAsync(IServiceProvider services)
    {
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await services.GetRequiredService<ProviderProber>().ProbeAllAsync(cap.Token);
    }

    private static async Task<JsonElement> ProviderRowAsync(GatewayServer gateway, string provider) =>
        await gateway.Client.ProviderRowAsync(provider);

    private List<TableEntity> Rows() =>
        [.. new TableServiceClient(azurite.ConnectionString).GetTableClient(_table).Query<TableEntity>()];
}
