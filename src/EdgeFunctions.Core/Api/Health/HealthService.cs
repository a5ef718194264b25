using EdgeFunctions.Hosting;
using EdgeFunctions.Inference.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api.Health;

/// <summary>
/// The Front Door probe target. It is healthy once local models have loaded, because until then
/// this region cannot answer embeddings or classification and traffic should go elsewhere.
/// </summary>
public sealed class HealthService(ModelCatalog catalog, ApiHandler handler, IOptions<EdgeFunctionsOptions> options)
{
    public IActionResult Check(HttpRequest request)
    {
        handler.StampHeaders(request.HttpContext);
        var healthy = catalog.IsLoaded;
        var report = new HealthReport(healthy ? "ok" : "starting", options.Value.Region, catalog.Models.Count);
        return new JsonResult<HealthReport>(report, ApiJsonContext.Api.HealthReport,
            healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
