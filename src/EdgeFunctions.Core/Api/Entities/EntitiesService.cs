using EdgeFunctions.Caching;
using EdgeFunctions.Caching.Codecs;
using EdgeFunctions.Inference.Entities;
using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Api.Entities;

/// <summary>Answers <c>POST /v1/entities</c> from a local token-classification model, caching each input.</summary>
public sealed class EntitiesService(ModelCatalog catalog, ResponseCache cache)
{
    private static readonly EntitiesCodec Codec = new();

    public async Task<(EntitiesResponse Response, CachedResults<EntityResult> Cache)> RecognizeAsync(EntitiesRequest request, ApiCall call, CancellationToken cancellationToken)
    {
        var model = catalog.GetEntityRecognizer(request.Model);
        using var caller = model.Callers.Enter();
        var cacheRequest = new CacheRequest(CacheOperation.Entities, call.Tenant, model.Name, model.Revision, CacheRequest.NoParameters, call.Cache);
        var cached = await cache.GetOrComputeAsync(cacheRequest, request.Input, Codec, model.RecognizeAsync, cancellationToken);
        var data = cached.Values.Select((r, i) => new EntitiesData(
            i, r.Entities.Select(e => new EntityData(e.Type, e.Text, e.Start, e.End, e.Score)).ToArray())).ToArray();
        return (new EntitiesResponse(model.Name, data, Usage.From(cached.Values.Select(r => (r.Tokens, r.Truncated)).ToArray())), cached);
    }
}
