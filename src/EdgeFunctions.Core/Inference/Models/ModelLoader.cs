using System.Text.Json;
using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Entities;
using EdgeFunctions.Inference.Tokenization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Inference.Models;

/// <summary>
/// Reads every <c>model.json</c> under the models folder and builds the model it describes.
/// Embedding models load first because few-shot classifiers are fitted on them.
/// </summary>
public sealed partial class ModelLoader(OnnxSessionFactory sessions, IOptions<InferenceOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    public const string ManifestFileName = "model.json";

    public async Task<IReadOnlyDictionary<string, ILocalModel>> LoadAllAsync(string directory, CancellationToken cancellationToken)
    {
        var manifests = ReadManifests(directory);
        var models = new Dictionary<string, ILocalModel>(StringComparer.Ordinal);
        foreach (var manifest in manifests.OrderBy(m => m.Task == ModelTask.Embedding ? 0 : 1).ThenBy(m => m.Name, StringComparer.Ordinal))
        {
            try
            {
                models.Add(manifest.Name, await LoadAsync(manifest, models, cancellationToken));
            }
            catch (Exception ex) when (ex is not ModelLoadException and not OperationCanceledException)
            {
                throw new ModelLoadException(manifest.Name, ex.Message, ex);
            }
        }

        return models;
    }

    public static List<ModelManifest> ReadManifests(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ModelLoadException("(all)", $"the models folder '{directory}' does not exist");
        }

        var manifests = new List<ModelManifest>();
        foreach (var path in Directory.EnumerateFiles(directory, ManifestFileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            ModelManifest manifest;
            try
            {
                manifest = JsonSerializer.Deserialize(File.ReadAllText(path), ManifestJsonContext.Default.ModelManifest)
                    ?? throw new JsonException("the manifest is null");
            }
            catch (JsonException ex)
            {
                throw new ModelLoadException(path, $"the manifest is not valid: {ex.Message}", ex);
            }

            manifest.Directory = Path.GetDirectoryName(path)!;
            Validate(manifest, path);
            if (manifests.Any(m => m.Name == manifest.Name))
            {
                throw new ModelLoadException(manifest.Name, $"two manifests use this name (second: {path})");
            }

            manifests.Add(manifest);
        }

        return manifests;
    }

    private static void Validate(ModelManifest manifest, string path)
    {
        if (string.IsNullOrWhiteSpace(manifest.Name) || manifest.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ModelLoadException(path, "'name' must be a non-empty identifier without spaces");
        }

        if (manifest.Task is not (ModelTask.Embedding or ModelTask.SequenceClassification or ModelTask.TokenClassification))
        {
            throw new ModelLoadException(manifest.Name, $"unknown task '{manifest.Task}'; use {ModelTask.Embedding}, {ModelTask.SequenceClassification} or {ModelTask.TokenClassification}");
        }

        if (manifest.MaxTokens is < 3 or > 8192)
        {
            throw new ModelLoadException(manifest.Name, "'maxTokens' must be between 3 and 8192");
        }

        if (manifest.Task == ModelTask.Embedding && manifest.Pooling != "mean")
        {
            throw new ModelLoadException(manifest.Name, $"pooling '{manifest.Pooling}' is not supported; use 'mean'");
        }

        if (manifest.Tokenizer.Type != "bert-wordpiece")
        {
            throw new ModelLoadException(manifest.Name, $"tokenizer '{manifest.Tokenizer.Type}' is not supported; use 'bert-wordpiece'");
        }
    }

    private async Task<ILocalModel> LoadAsync(ModelManifest manifest, Dictionary<string, ILocalModel> loaded, CancellationToken cancellationToken)
    {
        if (manifest.EmbeddingModel is not null)
        {
            return await LoadFewShotAsync(manifest, loaded, cancellationToken);
        }

        var modelPath = manifest.PathOf("model");
        var vocabPath = manifest.PathOf("vocab");

        // Hashing a large file and building its session are independent; overlap them to start faster.
        var hashes = Task.WhenAll(VerifiedHashAsync(manifest, modelPath, cancellationToken), VerifiedHashAsync(manifest, vocabPath, cancellationToken), ManifestHashAsync(manifest, cancellationToken));
        var session = await Task.Run(() => sessions.Create(modelPath), cancellationToken);
        var revision = ModelRevision.Combine(await hashes);
        var tokenizer = BertWordPieceTokenizer.Load(vocabPath, manifest.Tokenizer.Lowercase);

        return manifest.Task switch
        {
            ModelTask.Embedding => new OnnxEmbeddingModel(manifest, revision, session, tokenizer, BatcherFactory<float[]>(manifest.Name)),
            ModelTask.SequenceClassification => new OnnxSequenceClassifier(manifest, revision, session, tokenizer, BatcherFactory<float[]>(manifest.Name)),
            _ => new OnnxTokenClassifier(manifest, revision, session, tokenizer, SpecialTokens(manifest, vocabPath), BatcherFactory<float[][]>(manifest.Name)),
        };
    }

    private async Task<ILocalModel> LoadFewShotAsync(ModelManifest manifest, Dictionary<string, ILocalModel> loaded, CancellationToken cancellationToken)
    {
        if (manifest.Task != ModelTask.SequenceClassification)
        {
            throw new ModelLoadException(manifest.Name, "'embeddingModel' is only valid for sequence-classification");
        }

        if (!loaded.TryGetValue(manifest.EmbeddingModel!, out var baseModel) || baseModel is not IEmbeddingModel embedder)
        {
            throw new ModelLoadException(manifest.Name, $"its embedding model '{manifest.EmbeddingModel}' is not installed");
        }

        var examplesPath = Path.Combine(manifest.Directory, manifest.Examples
            ?? throw new ModelLoadException(manifest.Name, "a few-shot classifier needs an 'examples' file"));
        var examples = ExampleFile.Read(examplesPath, manifest.Name);
        var exampleLabels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (manifest.Labels.Count > 0 && !manifest.Labels.Order(StringComparer.Ordinal).SequenceEqual(exampleLabels, StringComparer.Ordinal))
        {
            throw new ModelLoadException(manifest.Name, $"the manifest lists the labels {string.Join(", ", manifest.Labels)} but the examples have {string.Join(", ", exampleLabels)}");
        }

        var examplesHash = ModelRevision.Combine(await VerifiedHashAsync(manifest, examplesPath, cancellationToken), await ManifestHashAsync(manifest, cancellationToken));
        var head = manifest.Head ?? ClassifierHeads.LogisticRegression;
        if (head is not (ClassifierHeads.LogisticRegression or ClassifierHeads.NearestCentroid))
        {
            throw new ModelLoadException(manifest.Name, $"unknown head '{head}'; use '{ClassifierHeads.LogisticRegression}' or '{ClassifierHeads.NearestCentroid}'");
        }

        return await FewShotClassifier.FitAsync(manifest.Name, examplesHash, head, embedder, examples, cancellationToken);
    }

    // The manifest's settings (maxTokens, lowercase, labels, output...) shape the output as much
    // as the files do, so the manifest itself is part of every revision.
    private static Task<string> ManifestHashAsync(ModelManifest manifest, CancellationToken cancellationToken) =>
        ModelRevision.HashFileAsync(Path.Combine(manifest.Directory, ManifestFileName), cancellationToken);

    private static async Task<string> VerifiedHashAsync(ModelManifest manifest, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException(manifest.Name, $"the file '{path}' is missing");
        }

        var actual = await ModelRevision.HashFileAsync(path, cancellationToken);
        if (manifest.Sha256.TryGetValue(Path.GetFileName(path), out var expected) && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException(manifest.Name, $"SHA-256 of '{Path.GetFileName(path)}' is {actual}, but the manifest expects {expected}");
        }

        return actual;
    }

    private static (long Cls, long Sep) SpecialTokens(ModelManifest manifest, string vocabPath)
    {
        long cls = -1, sep = -1, index = 0;
        foreach (var line in File.ReadLines(vocabPath))
        {
            if (line == "[CLS]")
            {
                cls = index;
            }
            else if (line == "[SEP]")
            {
                sep = index;
            }

            index++;
        }

        return cls >= 0 && sep >= 0 ? (cls, sep) : throw new ModelLoadException(manifest.Name, "the vocabulary has no [CLS] or [SEP] token");
    }

    private Func<Func<IReadOnlyList<TokenizedText>, T[]>, Func<int>, MicroBatcher<T>> BatcherFactory<T>(string name) =>
        (run, activeCallers) => new MicroBatcher<T>(name, run, options.Value.Batching, activeCallers, timeProvider, loggerFactory.CreateLogger<MicroBatcher<T>>());
}
