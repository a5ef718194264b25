using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api.Entities;

/// <summary>Binds <c>POST /v1/entities</c> to <see cref="EntitiesService"/>.</summary>
public sealed class EntitiesEndpoint(ApiHandler api, EntitiesService service, IOptions<ApiOptions> limits)
{
    public Task<IActionResult> HandleAsync(HttpRequest request) =>
        api.HandleJsonAsync(
            request,
            root => EntitiesRequest.Parse(root, limits.Value),
            async (parsed, call, ct) =>
            {
                var (response, cache) = await service.RecognizeAsync(parsed, call, ct);
                return Endpoint.Ok(request, response, ApiJsonContext.Api.EntitiesResponse, cache);
            });
}
