using EdgeFunctions.Caching;
using EdgeFunctions.Caching.Codecs;
using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Api.Embeddings;

/// <summary>
/// Answers <c>POST /v1/embeddings</c> from a local embedding model, caching each input's vector
/// on its own so that a batch with known items computes only the new ones.
/// </summary>
public sealed class EmbeddingsService(ModelCatalog catalog, ResponseCache cache)
{
    private static readonly EmbeddingCodec Codec = new();

    public async Task<(EmbeddingsResponse Response, CachedResults<Embedding> Cache)> CreateAsync(EmbeddingsRequest request, ApiCall call, CancellationToken cancellationToken)
    {
        var model = catalog.GetEmbeddingModel(request.Model);
        using var caller = model.Callers.Enter();
        if (request.Dimensions is { } dimensions && dimensions != model.Dimensions)
        {
            throw ApiError.InvalidRequest(
                $"'{model.Name}' produces {model.Dimensions}-dimensional vectors and cannot shorten them; omit 'dimensions' or pass {model.Dimensions}.",
                "dimensions", "unsupported_dimensions");
        }

        // The vector is cached as floats; encoding_format only changes how it is written, so it is not part of the key.
        var cacheRequest = new CacheRequest(CacheOperation.Embeddings, call.Tenant, model.Name, model.Revision, CacheRequest.NoParameters, call.Cache);
        var cached = await cache.GetOrComputeAsync(cacheRequest, request.Input, Codec, model.EmbedAsync, cancellationToken);
        var embeddings = cached.Values;
        var data = embeddings.Select((e, i) => new EmbeddingData(i, new EmbeddingVector(e, request.Format))).ToArray();
        return (new EmbeddingsResponse(data, model.Name, Usage.From(embeddings.Select(e => (e.Tokens, e.Truncated)).ToArray())), cached);
    }
}
