using EdgeFunctions.Auth;
using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Api.Embeddings;

/// <summary>Answers <c>POST /v1/embeddings</c> from a local embedding model.</summary>
public sealed class EmbeddingsService(ModelCatalog catalog)
{
    public async Task<EmbeddingsResponse> CreateAsync(EmbeddingsRequest request, Tenant tenant, CancellationToken cancellationToken)
    {
        var model = catalog.GetEmbeddingModel(request.Model);
        if (request.Dimensions is { } dimensions && dimensions != model.Dimensions)
        {
            throw ApiError.InvalidRequest(
                $"'{model.Name}' produces {model.Dimensions}-dimensional vectors and cannot shorten them; omit 'dimensions' or pass {model.Dimensions}.",
                "dimensions", "unsupported_dimensions");
        }

        var embeddings = await model.EmbedAsync(request.Input, cancellationToken);
        var data = embeddings.Select((e, i) => new EmbeddingData(i, new EmbeddingVector(e.Vector, request.Format))).ToArray();
        return new EmbeddingsResponse(data, model.Name, Usage.From(embeddings.Select(e => (e.Tokens, e.Truncated)).ToArray()));
    }
}
