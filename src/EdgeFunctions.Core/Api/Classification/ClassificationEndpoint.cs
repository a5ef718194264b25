using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api.Classification;

/// <summary>Binds <c>POST /v1/classify</c> to <see cref="ClassificationService"/>.</summary>
public sealed class ClassificationEndpoint(ApiHandler api, ClassificationService service, IOptions<ApiOptions> limits)
{
    public Task<IActionResult> HandleAsync(HttpRequest request) =>
        api.HandleJsonAsync(
            request,
            root => ClassificationRequest.Parse(root, limits.Value),
            async (parsed, call, ct) =>
            {
                var (response, cache) = await service.ClassifyAsync(parsed, call, ct);
                return Endpoint.Ok(request, response, ApiJsonContext.Api.ClassificationResponse, cache);
            });
}
