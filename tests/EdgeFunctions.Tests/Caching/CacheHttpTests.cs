using System.Text.Json;
using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFunctions.Tests.Caching;

/// <summary>The cache as a caller sees it over HTTP: headers, directives, partial batches, single-flight.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CacheHttpTests(GatewayFixture fixture)
{
    private const string Model = "all-MiniLM-L6-v2";

    [Fact]
    public async Task Embeddings_Repeated_IsAHitWithAgeAndTheSameVector()
    {
        var text = Unique("repeat");
        var first = await Embed(text);
        var second = await Embed(text);

        Assert.Equal("miss", Header(first, "x-edge-cache"));
        Assert.Equal("hit", Header(second, "x-edge-cache"));
        Assert.True(second.Headers.Age.HasValue);
        Assert.Equal((await first.ReadJsonAsync()).GetProperty("data").ToString(), (await second.ReadJsonAsync()).GetProperty("data").ToString());
    }

    [Fact]
    public async Task Embeddings_BatchWithKnownItems_ReportsHitsPerItem()
    {
        var known = new[] { Unique("k1"), Unique("k2") };
        await Embed(known);

        var response = await Embed([.. known, Unique("k3")]);

        Assert.Equal("miss", Header(response, "x-edge-cache"));
        Assert.Equal("2/3", Header(response, "x-edge-cache-hits"));
    }

    [Fact]
    public async Task Embeddings_Base64AfterFloat_IsServedFromTheSameEntry()
    {
        var text = Unique("format");
        await Embed(text);

        var response = await fixture.Client.PostJsonAsync("/v1/embeddings", JsonSerializer.Serialize(new { model = Model, input = text, encoding_format = "base64" }));

        Assert.Equal("hit", Header(response, "x-edge-cache"));
    }

    [Fact]
    public async Task Embeddings_NoStoreThenNoCache_BypassThenRefresh()
    {
        var text = Unique("directives");
        var noStore = await Embed(text, "no-store");
        var noStoreAgain = await Embed(text, "no-store");
        var noCache = await Embed(text, "no-cache");
        var plain = await Embed(text);

        Assert.Equal("bypass", Header(noStore, "x-edge-cache"));
        Assert.Equal("bypass", Header(noStoreAgain, "x-edge-cache"));
        Assert.Equal("miss", Header(noCache, "x-edge-cache"));
        Assert.Equal("hit", Header(plain, "x-edge-cache"));
    }

    [Fact]
    public async Task Embeddings_FiftyIdenticalConcurrentRequests_RunTheModelOnce()
    {
        var model = (OnnxEmbeddingModel)fixture.Server.Services.GetRequiredService<ModelCatalog>().GetEmbeddingModel(Model);
        var body = JsonSerializer.Serialize(new { model = Model, input = Unique("stampede") });
        var before = model.Runs;

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => fixture.Client.PostJsonAsync("/v1/embeddings", body)));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        Assert.Equal(1, model.Runs - before);
    }

    [Fact]
    public async Task Classify_ZeroShotLabels_AreReorderedIntoADifferentKey()
    {
        var text = Unique("labels");
        await Classify(text, ["sports", "finance"]);

        var reordered = await Classify(text, ["finance", "sports"]);
        var same = await Classify(text, ["finance", "sports"]);

        Assert.Equal("miss", Header(reordered, "x-edge-cache"));
        Assert.Equal("hit", Header(same, "x-edge-cache"));
    }

    [Fact]
    public async Task Stats_ReportsCacheOutcomesPerOperation()
    {
        var text = Unique("stats");
        await Embed(text);
        await Embed(text);

        var stats = await (await fixture.Client.GetAsync("/v1/stats")).ExpectOkAsync();

        var embeddings = stats.GetProperty("cache").GetProperty("operations").GetProperty("embeddings");
        Assert.True(embeddings.GetProperty("hits").GetInt64() >= 1);
        Assert.True(embeddings.GetProperty("misses").GetInt64() >= 1);
        Assert.InRange(embeddings.GetProperty("hit_rate").GetDouble(), 0.0001, 1);
        Assert.False(stats.GetProperty("cache").GetProperty("l2_configured").GetBoolean());
        Assert.True(stats.GetProperty("cache").GetProperty("l1_bytes").GetInt64() > 0);
        Assert.True(stats.GetProperty("requests").GetProperty("/v1/embeddings").GetProperty("count").GetInt64() >= 2);
        Assert.True(stats.GetProperty("requests").GetProperty("/v1/embeddings").GetProperty("p50_ms").GetDouble() > 0);
    }

    private Task<HttpResponseMessage> Embed(string text, string? cacheControl = null) => Embed([text], cacheControl);

    private Task<HttpResponseMessage> Embed(string[] texts, string? cacheControl = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model = Model, input = texts }), System.Text.Encoding.UTF8, "application/json"),
        };
        if (cacheControl is not null)
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        return fixture.Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> Classify(string text, string[] labels) =>
        fixture.Client.PostJsonAsync("/v1/classify", JsonSerializer.Serialize(new { model = Model, input = text, labels }));

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}";
}
