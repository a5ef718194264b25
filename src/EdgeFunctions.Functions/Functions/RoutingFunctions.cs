using EdgeFunctions.Api.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Functions;

public sealed class RoutingFunctions(RoutingEndpoint endpoint)
{
    [Function("RoutingTable")]
    public Task<IActionResult> Table([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/routing")] HttpRequest request) =>
        endpoint.TableAsync(request);

    [Function("RoutingExplain")]
    public Task<IActionResult> Explain([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/routing/explain")] HttpRequest request) =>
        endpoint.ExplainAsync(request);
}
