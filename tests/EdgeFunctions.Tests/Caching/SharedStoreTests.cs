using System.Text.Json;
using EdgeFunctions.Caching;
using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFunctions.Tests.Caching;

/// <summary>Two stateless instances in one region share what either computed, through Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _models = TinyModels.Create();
    private readonly string _table = AzuriteFixture.UniqueTable();
    private GatewayServer? _first;
    private GatewayServer? _second;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Inference:ModelsDirectory"] = _models,
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Cache:TableName"] = _table,
        };
        _first = await GatewayServer.StartAsync(settings);
        _second = await GatewayServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _first!.DisposeAsync();
        await _second!.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }

    [Fact]
    public async Task SecondInstance_ReadsWhatTheFirstComputed_WithoutRunningTheModel()
    {
        var body = JsonSerializer.Serialize(new { model = TinyModels.NerModel, input = new[] { "John Smith visited Paris", "new york" } });
        var first = await _first!.Client.PostJsonAsync("/v1/entities", body);
        await _first.Services.GetRequiredService<ResponseCache>().WhenIdleAsync();
        var recognizer = (EdgeFunctions.Inference.Entities.OnnxTokenClassifier)_second!.Services.GetRequiredService<ModelCatalog>().GetEntityRecognizer(null);
        var runsBefore = recognizer.Runs;

        var second = await _second.Client.PostJsonAsync("/v1/entities", body);

        Assert.Equal("miss", first.Headers.GetValues("x-edge-cache").Single());
        Assert.Equal("hit", second.Headers.GetValues("x-edge-cache").Single());
        Assert.Equal("2/2", second.Headers.GetValues("x-edge-cache-hits").Single());
        Assert.Equal(runsBefore, recognizer.Runs);
        Assert.Equal((await first.ReadJsonAsync()).GetProperty("data").ToString(), (await second.ReadJsonAsync()).GetProperty("data").ToString());
    }

    [Fact]
    public async Task OtherTenant_OnAnotherInstance_DoesNotGetTheEntry()
    {
        var body = JsonSerializer.Serialize(new { model = TinyModels.SentimentModel, input = "the movie was great and ok" });
        await _first!.Client.PostJsonAsync("/v1/classify", body);
        await _first.Services.GetRequiredService<ResponseCache>().WhenIdleAsync();

        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/classify") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", "test-key-beta");
        var beta = await _second!.Client.SendAsync(request);
        var alpha = await _second.Client.PostJsonAsync("/v1/classify", body);

        Assert.Equal("miss", beta.Headers.GetValues("x-edge-cache").Single());
        Assert.Equal("hit", alpha.Headers.GetValues("x-edge-cache").Single());
        Assert.IsType<OnnxSequenceClassifier>(_second.Services.GetRequiredService<ModelCatalog>().GetClassificationModel(TinyModels.SentimentModel));
    }
}
