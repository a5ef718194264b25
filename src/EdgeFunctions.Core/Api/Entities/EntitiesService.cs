using EdgeFunctions.Auth;
using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Api.Entities;

/// <summary>Answers <c>POST /v1/entities</c> from a local token-classification model.</summary>
public sealed class EntitiesService(ModelCatalog catalog)
{
    public async Task<EntitiesResponse> RecognizeAsync(EntitiesRequest request, Tenant tenant, CancellationToken cancellationToken)
    {
        var model = catalog.GetEntityRecognizer(request.Model);
        var results = await model.RecognizeAsync(request.Input, cancellationToken);
        var data = results.Select((r, i) => new EntitiesData(
            i, r.Entities.Select(e => new EntityData(e.Type, e.Text, e.Start, e.End, e.Score)).ToArray())).ToArray();
        return new EntitiesResponse(model.Name, data, Usage.From(results.Select(r => (r.Tokens, r.Truncated)).ToArray()));
    }
}
