using EdgeFunctions.Api.Classification;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Functions;

public sealed class ClassifyFunction(ClassificationEndpoint endpoint)
{
    [Function("Classify")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/classify")] HttpRequest request) =>
        endpoint.HandleAsync(request);
}
