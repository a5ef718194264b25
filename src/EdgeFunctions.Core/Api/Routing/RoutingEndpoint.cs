using EdgeFunctions.Api.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EdgeFunctions.Api.Routing;

/// <summary>Binds <c>GET /v1/routing</c> and <c>POST /v1/routing/explain</c> to <see cref="RoutingReportService"/>.</summary>
public sealed class RoutingEndpoint(ApiHandler api, RoutingReportService service)
{
    public Task<IActionResult> TableAsync(HttpRequest request) =>
        api.HandleAsync(request, (_, _) => Task.FromResult(Endpoint.Ok(service.Table(), ApiJsonContext.Api.JsonObject)));

    public Task<IActionResult> ExplainAsync(HttpRequest request) =>
        api.HandleJsonAsync(request, ChatRequest.Parse, (parsed, _, _) =>
            Task.FromResult(Endpoint.Ok(service.Explain(parsed, RoutingPreferencesParser.Parse(request, parsed.Edge)), ApiJsonContext.Api.JsonObject)));
}
