using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeFunctions.Bench;

/// <summary>
/// A minimal OpenAI-compatible upstream for the generation benchmark, run as its own process:
/// <c>ok</c> answers a fixed chat.completion at once, <c>503</c> fails, <c>hang</c> never answers.
/// <c>POST /control/{mode}</c> switches the mode at run time, so a warmed-up gateway can meet the
/// failure. Requests directly to it are the baseline the gateway's overhead is measured against.
/// </summary>
internal static class UpstreamServer
{
    public const string Flag = "--fake-upstream";

    private static readonly byte[] Completion = System.Text.Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-bench","object":"chat.completion","created":1796400000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"The quick brown fox jumps over the lazy dog."},"finish_reason":"stop"}],"usage":{"prompt_tokens":24,"completion_tokens":10,"total_tokens":34}}""");

    public static async Task RunAsync(int port, string mode)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/control/{next}", (string next) => { Volatile.Write(ref mode, next); return Results.Ok(); });
        app.MapPost("/v1/chat/completions", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            switch (Volatile.Read(ref mode))
            {
                case "503":
                    context.Response.StatusCode = 503;
                    await context.Response.WriteAsync("""{"error":{"message":"overloaded","type":"server_error"}}""");
                    break;
                case "hang":
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    break;
                default:
                    context.Response.ContentType = "application/json";
                    context.Response.Headers["x-ratelimit-limit-requests"] = "10000";
                    context.Response.Headers["x-ratelimit-remaining-requests"] = "9999";
                    await context.Response.Body.WriteAsync(Completion);
                    break;
            }
        });
        await app.RunAsync();
    }
}
