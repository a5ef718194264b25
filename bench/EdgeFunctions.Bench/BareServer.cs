using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeFunctions.Bench;

/// <summary>
/// The limit for cache hits: a bare Kestrel endpoint that returns a fixed body of the same size
/// as an embeddings response, run as its own process exactly like the gateway.
/// </summary>
internal static class BareServer
{
    public const string Flag = "--bare-server";

    public static async Task RunAsync(int port, int bodyBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var body = System.Text.Encoding.UTF8.GetBytes("{\"data\":\"" + new string('x', Math.Max(0, bodyBytes - 11)) + "\"}");
        app.MapPost("/v1/embeddings", async context =>
        {
            // Read the request like the gateway must, then answer without any work.
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body);
        });
        await app.RunAsync();
    }
}
