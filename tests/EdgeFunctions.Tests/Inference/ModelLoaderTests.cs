using EdgeFunctions.Inference;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Tests.Inference;

/// <summary>A broken model must stop start-up with a message that names the model and the cause.</summary>
public sealed class ModelLoaderTests : IDisposable
{
    private readonly string _root = TinyModels.Create();

    [Fact]
    public async Task Load_HashMismatch_FailsNamingTheFile()
    {
        EditManifest(TinyModels.SentimentModel, m => m.Replace("\"tokenizer\"", "\"sha256\":{\"model.onnx\":\"" + new string('0', 64) + "\"},\"tokenizer\""));

        var error = await Assert.ThrowsAsync<ModelLoadException>(Load);

        Assert.Contains("tiny-sst2", error.Message);
        Assert.Contains("model.onnx", error.Message);
    }

    [Fact]
    public async Task Load_LabelCountDiffersFromGraph_Fails()
    {
        EditManifest(TinyModels.SentimentModel, m => m.Replace("\"POSITIVE\"]", "\"POSITIVE\",\"MIXED\"]"));

        var error = await Assert.ThrowsAsync<ModelLoadException>(Load);

        Assert.Contains("2 classes but the manifest lists 3 labels", error.Message);
    }

    [Fact]
    public async Task Load_UnknownTask_Fails()
    {
        EditManifest(TinyModels.NerModel, m => m.Replace("token-classification", "summarization"));

        var error = await Assert.ThrowsAsync<ModelLoadException>(Load);

        Assert.Contains("unknown task 'summarization'", error.Message);
    }

    [Fact]
    public async Task Load_MissingModelFile_Fails()
    {
        File.Delete(Path.Combine(_root, TinyModels.NerModel, "model.onnx"));

        var error = await Assert.ThrowsAsync<ModelLoadException>(Load);

        Assert.Contains("tiny-ner", error.Message);
    }

    [Fact]
    public async Task Load_ChangedModelFile_ChangesRevision()
    {
        var before = (await Load())[TinyModels.SentimentModel].Revision;
        var path = Path.Combine(_root, TinyModels.SentimentModel, "model.onnx");
        File.WriteAllBytes(path, Fakes.TinyOnnxModels.SequenceClassifier(new float[TinyModels.Vocabulary.Length, 2]));

        var after = (await Load())[TinyModels.SentimentModel].Revision;

        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task Load_ChangedManifestSetting_ChangesRevision()
    {
        var before = (await Load())[TinyModels.SentimentModel].Revision;
        EditManifest(TinyModels.SentimentModel, m => m.Replace("\"maxTokens\":32", "\"maxTokens\":16"));

        var after = (await Load())[TinyModels.SentimentModel].Revision;

        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task Load_FewShotLabelsDifferFromItsExamples_Fails()
    {
        // A few-shot classifier on the shipped embedding model, whose files are linked rather than copied.
        var shipped = Path.Combine(AppContext.BaseDirectory, "models", "all-MiniLM-L6-v2");
        var embedding = Directory.CreateDirectory(Path.Combine(_root, "all-MiniLM-L6-v2")).FullName;
        foreach (var file in new[] { "model.onnx", "vocab.txt" })
        {
            File.CreateSymbolicLink(Path.Combine(embedding, file), Path.Combine(shipped, file));
        }

        File.Copy(Path.Combine(shipped, ModelLoader.ManifestFileName), Path.Combine(embedding, ModelLoader.ManifestFileName));
        var tone = Directory.CreateDirectory(Path.Combine(_root, "tone")).FullName;
        File.WriteAllLines(Path.Combine(tone, "examples.tsv"), ["formal\tDear Sir, I am writing to inform you.", "casual\they, what's up?"]);
        File.WriteAllText(Path.Combine(tone, ModelLoader.ManifestFileName), """{"name":"tone","task":"sequence-classification","embeddingModel":"all-MiniLM-L6-v2","examples":"examples.tsv","labels":["formal","friendly"]}""");

        var error = await Assert.ThrowsAsync<ModelLoadException>(Load);

        Assert.Contains("the manifest lists the labels formal, friendly but the examples have casual, formal", error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<IReadOnlyDictionary<string, ILocalModel>> Load()
    {
        var options = Options.Create(new InferenceOptions());
        var loader = new ModelLoader(new OnnxSessionFactory(options), options, TimeProvider.System, NullLoggerFactory.Instance);
        var models = await loader.LoadAllAsync(_root, CancellationToken.None);
        foreach (var model in models.Values.OfType<IDisposable>())
        {
            model.Dispose();
        }

        return models;
    }

    private void EditManifest(string model, Func<string, string> edit)
    {
        var path = Path.Combine(_root, model, ModelLoader.ManifestFileName);
        File.WriteAllText(path, edit(File.ReadAllText(path)));
    }
}
