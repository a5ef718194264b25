using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Api.Models;

/// <summary>Answers <c>GET /v1/models</c> with the installed local models.</summary>
public sealed class ModelsService(ModelCatalog catalog, TimeProvider timeProvider)
{
    // OpenAI's 'created' is a Unix time; for local models the process start is the honest value.
    private readonly long _loadedAt = timeProvider.GetUtcNow().ToUnixTimeSeconds();

    public ModelList List() => new(catalog.Models
        .OrderBy(m => m.Name, StringComparer.Ordinal)
        .Select(m => new ModelInfo(
            m.Name,
            _loadedAt,
            "edgefunctions",
            m.Task,
            m.Revision,
            m.MaxTokens,
            (m as IEmbeddingModel)?.Dimensions,
            m.Labels.Count == 0 ? null : m.Labels))
        .ToArray());
}
