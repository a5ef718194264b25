using System.Net;
using System.Text.Json;
using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Entities;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFunctions.Tests.Inference;

/// <summary>
/// User-supplied ONNX classifiers and NER models, end to end: manifest, loader, tokenizer,
/// micro-batching, label mapping and span decoding, over HTTP.
/// </summary>
public sealed class TinyOnnxModelTests(TinyModelsFixture fixture) : IClassFixture<TinyModelsFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Classify_OnnxSequenceClassifier_MapsLogitsToManifestLabels()
    {
        var json = await (await Client.PostJsonAsync("/v1/classify", """{"model":"tiny-sst2","input":["the movie was great","the movie was awful","great great awful"]}""")).ExpectOkAsync();

        var data = json.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(["POSITIVE", "NEGATIVE", "POSITIVE"], data.Select(d => d.GetProperty("label").GetString()));
        // Logits 4 vs 0 after softmax: e^4 / (1 + e^4).
        Assert.InRange(data[0].GetProperty("score").GetDouble(), 0.981, 0.983);
        Assert.Equal(6 + 6 + 5, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Entities_TokenClassifier_MergesBioTagsIntoSpansWithOffsets()
    {
        const string Text = "John Smith lives in New York, and visited Paris.";
        var json = await (await Client.PostJsonAsync("/v1/entities", JsonSerializer.Serialize(new { model = "tiny-ner", input = Text }))).ExpectOkAsync();

        var entities = json.GetProperty("data")[0].GetProperty("entities").EnumerateArray()
            .Select(e => (Type: e.GetProperty("type").GetString(), Text: e.GetProperty("text").GetString(), Start: e.GetProperty("start").GetInt32(), End: e.GetProperty("end").GetInt32()))
            .ToArray();
        Assert.Equal([("PER", "John Smith", 0, 10), ("LOC", "New York", 20, 28), ("LOC", "Paris", 42, 47)], entities);
        foreach (var entity in entities)
        {
            Assert.Equal(entity.Text, Text[entity.Start..entity.End]);
        }
    }

    [Fact]
    public async Task Entities_WordPieces_MergeIntoOneWordWithOriginalCasing()
    {
        var json = await (await Client.PostJsonAsync("/v1/entities", """{"input":["Stanford visited Paris","nothing here"]}""")).ExpectOkAsync();

        var first = json.GetProperty("data")[0].GetProperty("entities");
        Assert.Equal("Stanford", first[0].GetProperty("text").GetString());
        Assert.Equal("PER", first[0].GetProperty("type").GetString());
        Assert.Equal(0, json.GetProperty("data")[1].GetProperty("entities").GetArrayLength());
        Assert.Equal("tiny-ner", json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Classify_ConcurrentHttpRequests_EachGetsItsOwnAnswer()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Client.PostJsonAsync("/v1/classify", $$"""{"model":"tiny-sst2","input":"{{(i % 2 == 0 ? "great" : "awful")}} movie"}""")));

        for (var i = 0; i < responses.Length; i++)
        {
            var json = await responses[i].ExpectOkAsync();
            Assert.Equal(i % 2 == 0 ? "POSITIVE" : "NEGATIVE", json.GetProperty("data")[0].GetProperty("label").GetString());
        }
    }

    [Fact]
    public async Task Classify_ConcurrentCallers_ShareModelRuns()
    {
        var classifier = (OnnxSequenceClassifier)fixture.Server.Services.GetRequiredService<ModelCatalog>().GetClassificationModel(TinyModels.SentimentModel);
        var before = classifier.Runs;

        // Callers submit faster than the model runs, so those queued behind a run share the next one.
        var calls = Enumerable.Range(0, 64)
            .Select(i => classifier.ClassifyAsync([i % 2 == 0 ? "great movie" : "awful movie"], CancellationToken.None))
            .ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 64).Select(i => i % 2 == 0 ? "POSITIVE" : "NEGATIVE"), results.Select(r => r[0].Best.Label));
        Assert.InRange(classifier.Runs - before, 1, 32);
    }

    [Fact]
    public async Task Models_ListsUserModelsWithTheirLabels()
    {
        var json = await (await Client.GetAsync("/v1/models")).ExpectOkAsync();

        var models = json.GetProperty("data").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal(TinyModels.NerLabels, models["tiny-ner"].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("token-classification", models["tiny-ner"].GetProperty("task").GetString());
    }

    [Fact]
    public async Task Classify_InputOverModelLimit_IsTruncatedAndReported()
    {
        var words = string.Join(' ', Enumerable.Repeat("great", 40));
        var json = await (await Client.PostJsonAsync("/v1/classify", $$"""{"model":"tiny-sst2","input":"{{words}}"}""")).ExpectOkAsync();

        Assert.Equal(32, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(0, json.GetProperty("usage").GetProperty("truncated_inputs")[0].GetInt32());
    }

    [Fact]
    public async Task Entities_EmbeddingModelAbsent_UnknownModelNamesInstalledOnes()
    {
        var response = await Client.PostJsonAsync("/v1/entities", """{"model":"bert-base-NER","input":"x"}""");
        var error = await response.ExpectErrorAsync(HttpStatusCode.NotFound, "model_not_found", "model");
        Assert.Contains("tiny-ner", error.GetProperty("message").GetString());
    }

    [Fact]
    public void Loader_SequenceClassifier_IsAnOnnxModelWithRevision()
    {
        var model = fixture.Server.Services.GetRequiredService<ModelCatalog>().GetClassificationModel(TinyModels.SentimentModel);
        Assert.IsType<OnnxSequenceClassifier>(model);
        Assert.IsType<OnnxTokenClassifier>(fixture.Server.Services.GetRequiredService<ModelCatalog>().GetEntityRecognizer(null));
        Assert.Matches("^[0-9a-f]{16}$", model.Revision);
    }
}
