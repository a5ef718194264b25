using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api.Embeddings;

/// <summary>Binds <c>POST /v1/embeddings</c> to <see cref="EmbeddingsService"/>.</summary>
public sealed class EmbeddingsEndpoint(ApiHandler api, EmbeddingsService service, IOptions<ApiOptions> limits)
{
    public Task<IActionResult> HandleAsync(HttpRequest request) =>
        api.HandleJsonAsync(
            request,
            root => EmbeddingsRequest.Parse(root, limits.Value),
            async (parsed, call, ct) =>
            {
                var (response, cache) = await service.CreateAsync(parsed, call, ct);
                return Endpoint.Ok(request, response, ApiJsonContext.Api.EmbeddingsResponse, cache);
            });
}
