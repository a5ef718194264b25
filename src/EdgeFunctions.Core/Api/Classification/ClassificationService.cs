using System.Globalization;
using System.Text.Json;
using EdgeFunctions.Caching;
using EdgeFunctions.Caching.Codecs;
using EdgeFunctions.Inference;
using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Models;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api.Classification;

/// <summary>
/// Answers <c>POST /v1/classify</c>: a classifier model (few-shot or ONNX) uses its own labels;
/// an embedding model with request <c>labels</c> classifies zero-shot. Each input is cached on its own.
/// </summary>
public sealed class ClassificationService(ModelCatalog catalog, ZeroShotClassifier zeroShot, ResponseCache cache, IOptions<InferenceOptions> inference)
{
    private static readonly ClassificationCodec Codec = new();

    public async Task<(ClassificationResponse Response, CachedResults<Inference.Classification.Classification> Cache)> ClassifyAsync(ClassificationRequest request, ApiCall call, CancellationToken cancellationToken)
    {
        var model = catalog.GetClassificationModel(request.Model);
        using var caller = model.Callers.Enter();
        (Func<IReadOnlyList<string>, CancellationToken, Task<Inference.Classification.Classification[]>> Compute, IReadOnlyDictionary<string, string> Parameters) plan = model switch
        {
            IEmbeddingModel embedder when request.Labels is { } labels =>
                ((inputs, ct) => zeroShot.ClassifyAsync(embedder, inputs, labels, request.LabelDescriptions, ct), ZeroShotParameters(labels, request.LabelDescriptions)),
            IEmbeddingModel => throw ApiError.InvalidRequest(
                $"'{model.Name}' is an embedding model: pass 'labels' to classify zero-shot over them.", "labels", "missing_required_parameter"),
            ITextClassifier when request.Labels is not null => throw ApiError.InvalidRequest(
                $"'{model.Name}' has fixed labels ({string.Join(", ", model.Labels)}); 'labels' is only for zero-shot classification with an embedding model.",
                "labels", "invalid_value"),
            ITextClassifier classifier => (classifier.ClassifyAsync, CacheRequest.NoParameters),
            _ => throw new InvalidOperationException($"Unexpected model type {model.GetType().Name}."),
        };

        var cacheRequest = new CacheRequest(CacheOperation.Classification, call.Tenant, model.Name, model.Revision, plan.Parameters, call.Cache);
        var cached = await cache.GetOrComputeAsync(cacheRequest, request.Input, Codec, plan.Compute, cancellationToken);
        var results = cached.Values;
        var data = results.Select((r, i) => new ClassificationData(
            i, r.Best.Label, r.Best.Score, r.Labels.Select(l => new LabelScoreData(l.Label, l.Score)).ToArray())).ToArray();
        return (new ClassificationResponse(model.Name, data, Usage.From(results.Select(r => (r.Tokens, r.Truncated)).ToArray())), cached);
    }

    // The labels, their order, their descriptions and the settings that turn them into scores all shape the result.
    private Dictionary<string, string> ZeroShotParameters(IReadOnlyList<string> labels, IReadOnlyDictionary<string, string>? descriptions)
    {
        var parameters = new Dictionary<string, string>
        {
            ["labels"] = JsonSerializer.Serialize(labels, ApiJsonContext.Default.IReadOnlyListString),
            ["template"] = inference.Value.ZeroShotTemplate,
            ["scale"] = inference.Value.ZeroShotScale.ToString("R", CultureInfo.InvariantCulture),
        };
        if (descriptions is { Count: > 0 })
        {
            parameters["descriptions"] = JsonSerializer.Serialize(ZeroShotClassifier.Describe(labels, descriptions, inference.Value.ZeroShotTemplate), ApiJsonContext.Default.IReadOnlyListString);
        }

        return parameters;
    }
}
