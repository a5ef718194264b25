using EdgeFunctions.Auth;
using EdgeFunctions.Inference.Classification;
using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Api.Classification;

/// <summary>
/// Answers <c>POST /v1/classify</c>: a classifier model (few-shot or ONNX) uses its own labels;
/// an embedding model with request <c>labels</c> classifies zero-shot.
/// </summary>
public sealed class ClassificationService(ModelCatalog catalog, ZeroShotClassifier zeroShot)
{
    public async Task<ClassificationResponse> ClassifyAsync(ClassificationRequest request, Tenant tenant, CancellationToken cancellationToken)
    {
        var model = catalog.GetClassificationModel(request.Model);
        var results = model switch
        {
            IEmbeddingModel embedder when request.Labels is not null =>
                await zeroShot.ClassifyAsync(embedder, request.Input, request.Labels, cancellationToken),
            IEmbeddingModel => throw ApiError.InvalidRequest(
                $"'{model.Name}' is an embedding model: pass 'labels' to classify zero-shot over them.", "labels", "missing_required_parameter"),
            ITextClassifier when request.Labels is not null => throw ApiError.InvalidRequest(
                $"'{model.Name}' has fixed labels ({string.Join(", ", model.Labels)}); 'labels' is only for zero-shot classification with an embedding model.",
                "labels", "invalid_value"),
            ITextClassifier classifier => await classifier.ClassifyAsync(request.Input, cancellationToken),
            _ => throw new InvalidOperationException($"Unexpected model type {model.GetType().Name}."),
        };

        var data = results.Select((r, i) => new ClassificationData(
            i, r.Best.Label, r.Best.Score, r.Labels.Select(l => new LabelScoreData(l.Label, l.Score)).ToArray())).ToArray();
        return new ClassificationResponse(model.Name, data, Usage.From(results.Select(r => (r.Tokens, r.Truncated)).ToArray()));
    }
}
