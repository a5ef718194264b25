using EdgeFunctions.Api.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Functions;

public sealed class ModelsFunction(ModelsEndpoint endpoint)
{
    [Function("Models")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/models")] HttpRequest request) =>
        endpoint.HandleAsync(request);
}
