using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EdgeFunctions.Api.Stats;

/// <summary>Binds <c>GET /v1/stats</c> to <see cref="StatsService"/>.</summary>
public sealed class StatsEndpoint(ApiHandler api, StatsService service)
{
    public Task<IActionResult> HandleAsync(HttpRequest request) =>
        api.HandleAsync(request, (_, _) => Task.FromResult(Endpoint.Ok(service.Report(), ApiJsonContext.Api.StatsReport)));
}
