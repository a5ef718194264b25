using EdgeFunctions.Api.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Functions;

public sealed class ChatFunction(ChatEndpoint endpoint)
{
    [Function("ChatCompletions")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/chat/completions")] HttpRequest request) =>
        endpoint.HandleAsync(request);
}
