using EdgeFunctions.Api.Stats;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Functions;

public sealed class StatsFunction(StatsEndpoint endpoint)
{
    [Function("Stats")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stats")] HttpRequest request) =>
        endpoint.HandleAsync(request);
}
