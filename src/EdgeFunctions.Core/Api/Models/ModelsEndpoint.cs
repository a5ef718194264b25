using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EdgeFunctions.Api.Models;

/// <summary>Binds <c>GET /v1/models</c> to <see cref="ModelsService"/>.</summary>
public sealed class ModelsEndpoint(ApiHandler api, ModelsService service)
{
    public Task<IActionResult> HandleAsync(HttpRequest request) =>
        api.HandleAsync(request, (_, _) => Task.FromResult(Endpoint.Ok(service.List(), ApiJsonContext.Api.ModelList)));
}
