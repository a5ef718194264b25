using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using EdgeFunctions.Caching;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFunctions.Tests.Caching;

/// <summary>
/// Table Storage goes away in the middle of a run and comes back: every request still succeeds,
/// the breaker stops requests from waiting on the dead store, and the cache recovers by itself.
/// </summary>
public sealed class StoreOutageTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly string _models = TinyModels.Create();
    private readonly string _table = AzuriteFixture.UniqueTable();
    private AzuriteProcess? _azurite;
    private GatewayServer? _gateway;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _gateway = await GatewayServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Inference:ModelsDirectory"] = _models,
                ["Inference:Batching:MaxWait"] = "00:00:00",
                ["Storage:ConnectionString"] = _azurite.ConnectionString,
                ["Storage:OperationTimeout"] = "00:00:02",
                ["Cache:TableName"] = _table,
                ["Cache:BreakerBreakDuration"] = "00:00:05",
            },
            services => services.AddSingleton<TimeProvider>(_time));
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(_models, recursive: true);
    }

    [Fact]
    public async Task Requests_WhileAzuriteIsDownAndAfterItReturns_AllSucceedAndCachingRecovers()
    {
        var gateway = _gateway!;
        var cache = gateway.Services.GetRequiredService<ResponseCache>();
        Assert.Equal("miss", await Classify("the movie was great"));
        await cache.WhenIdleAsync();
        Assert.True(await Stat("bytes_stored") > 0);

        await _azurite!.StopAsync();
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal("miss", await Classify($"the movie was awful {i}"));
            await cache.WhenIdleAsync();
        }

        Assert.Equal("hit", await Classify("the movie was great"));
        var stats = await Stats();
        Assert.Equal("open", stats.GetProperty("l2_circuit").GetString());
        Assert.True(stats.GetProperty("l2_failures").GetInt64() >= 1);
        Assert.True(stats.GetProperty("l2_skipped_while_open").GetInt64() >= 1);

        await _azurite.StartAgainAsync();
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("miss", await Classify("john lives in paris"));
        await cache.WhenIdleAsync();
        Assert.Equal("miss", await Classify("new york was ok"));
        await cache.WhenIdleAsync();

        Assert.Equal("closed", (await Stats()).GetProperty("l2_circuit").GetString());
        var rows = new TableServiceClient(_azurite.ConnectionString).GetTableClient(_table).Query<TableEntity>().ToList();
        Assert.NotEmpty(rows);
    }

    private async Task<string> Classify(string text)
    {
        var response = await _gateway!.Client.PostJsonAsync("/v1/classify", JsonSerializer.Serialize(new { model = TinyModels.SentimentModel, input = text }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("x-edge-cache").Single();
    }

    private async Task<JsonElement> Stats() =>
        (await (await _gateway!.Client.GetAsync("/v1/stats")).ExpectOkAsync()).GetProperty("cache");

    private async Task<long> Stat(string name) =>
        (await Stats()).GetProperty("operations").GetProperty(CacheOperation.Classification).GetProperty(name).GetInt64();
}
