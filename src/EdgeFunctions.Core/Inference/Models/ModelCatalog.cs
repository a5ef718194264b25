using EdgeFunctions.Api;
using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Inference.Models;

/// <summary>
/// Every model installed in the models folder, loaded once per process. Lookups by name throw
/// 404 <c>model_not_found</c> errors that list what is installed.
/// </summary>
public sealed partial class ModelCatalog(ModelLoader loader, IOptions<InferenceOptions> options, TimeProvider timeProvider, ILogger<ModelCatalog> logger) : IDisposable
{
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private IReadOnlyDictionary<string, ILocalModel> _models = new Dictionary<string, ILocalModel>();
    private volatile bool _loaded;

    public bool IsLoaded => _loaded;

    public IReadOnlyCollection<ILocalModel> Models => _models.Values.ToArray();

    public string ModelsDirectory => ResolveDirectory(options.Value.ModelsDirectory);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            var started = timeProvider.GetTimestamp();
            _models = await loader.LoadAllAsync(ModelsDirectory, cancellationToken);
            _loaded = true;
            Log.Loaded(logger, _models.Count, ModelsDirectory, timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            _loadGate.Release();
        }
    }

    public IEmbeddingModel GetEmbeddingModel(string name) =>
        Find(name) as IEmbeddingModel ?? throw NotOfTask(name, ModelTask.Embedding);

    /// <summary>A model that can classify: a classifier, or an embedding model for zero-shot labels.</summary>
    public ILocalModel GetClassificationModel(string name)
    {
        var model = Find(name);
        return model is ITextClassifier or IEmbeddingModel ? model : throw NotOfTask(name, ModelTask.SequenceClassification);
    }

    /// <summary>The named NER model, or the only one installed when no name is given.</summary>
    public IEntityRecognizer GetEntityRecognizer(string? name)
    {
        if (name is not null)
        {
            return Find(name) as IEntityRecognizer ?? throw NotOfTask(name, ModelTask.TokenClassification);
        }

        var recognizers = _models.Values.OfType<IEntityRecognizer>().ToArray();
        return recognizers.Length switch
        {
            1 => recognizers[0],
            0 => throw new ApiError(System.Net.HttpStatusCode.NotFound,
                $"No token-classification (NER) model is installed. Installed models: {InstalledList()}. " +
                "Add one by dropping its ONNX file, vocab.txt and a model.json with task 'token-classification' into the models folder.",
                "invalid_request_error", "model_not_found", "model"),
            _ => throw ApiError.InvalidRequest(
                $"Several NER models are installed; name one in 'model': {string.Join(", ", recognizers.Select(r => r.Name))}.", "model"),
        };
    }

    private ILocalModel Find(string name)
    {
        if (!_loaded)
        {
            throw ApiError.ServiceUnavailable("Models are still loading; retry shortly.");
        }

        return _models.TryGetValue(name, out var model) ? model : throw ApiError.ModelNotFound(name, _models.Keys.Order(StringComparer.Ordinal));
    }

    private ApiError NotOfTask(string name, string task)
    {
        var suitable = _models.Values.Where(m => m.Task == task || (task == ModelTask.SequenceClassification && m is IEmbeddingModel)).Select(m => m.Name).Order(StringComparer.Ordinal).ToArray();
        return new ApiError(System.Net.HttpStatusCode.NotFound,
            $"The model '{name}' cannot serve {task}. Models that can: {(suitable.Length == 0 ? "none" : string.Join(", ", suitable))}.",
            "invalid_request_error", "model_not_found", "model");
    }

    private string InstalledList() => _models.Count == 0 ? "none" : string.Join(", ", _models.Keys.Order(StringComparer.Ordinal));

    private static string ResolveDirectory(string directory) =>
        Path.IsPathRooted(directory) ? directory : Path.Combine(AppContext.BaseDirectory, directory);

    public void Dispose()
    {
        foreach (var model in _models.Values.OfType<IDisposable>())
        {
            model.Dispose();
        }

        _loadGate.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded {Count} local models from {Directory} in {ElapsedMs:F0} ms")]
        public static partial void Loaded(ILogger logger, int count, string directory, double elapsedMs);
    }
}
