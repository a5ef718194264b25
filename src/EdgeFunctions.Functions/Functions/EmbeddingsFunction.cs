using EdgeFunctions.Api.Embeddings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Functions;

// Anonymous at the Functions level: function keys do not work with OpenAI clients, so the gateway authenticates tenants itself.
public sealed class EmbeddingsFunction(EmbeddingsEndpoint endpoint)
{
    [Function("Embeddings")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/embeddings")] HttpRequest request) =>
        endpoint.HandleAsync(request);
}
