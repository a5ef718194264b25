using System.Text.Json;
using EdgeFunctions.Api;
using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFunctions.Tests.Api;

/// <summary>A model whose queue is full turns callers away fast, with a status and a wait they can act on.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LoadSheddingTests(GatewayFixture fixture)
{
    [Fact]
    public async Task FullModelQueue_Gets503ModelOverloadedWithRetryAfter()
    {
        var api = fixture.Server.Services.GetRequiredService<ApiHandler>();
        var context = new DefaultHttpContext { RequestServices = fixture.Server.Services };
        context.Request.Headers.Authorization = $"Bearer {GatewayServer.ApiKey}";
        context.Response.Body = new MemoryStream();

        var result = await api.HandleAsync(context.Request, (_, _) => throw new BatchQueueFullException("all-MiniLM-L6-v2", 2048, 2048));
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var error = JsonDocument.Parse(context.Response.Body).RootElement.GetProperty("error");
        Assert.Equal("model_overloaded", error.GetProperty("code").GetString());
        Assert.Contains("all-MiniLM-L6-v2", error.GetProperty("message").GetString());
    }
}
