using EdgeFunctions.Api.Entities;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Functions;

public sealed class EntitiesFunction(EntitiesEndpoint endpoint)
{
    [Function("Entities")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/entities")] HttpRequest request) =>
        endpoint.HandleAsync(request);
}
