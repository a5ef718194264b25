using System.Text;
using System.Text.Json.Nodes;
using EdgeFunctions.Providers;
using EdgeFunctions.Routing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace EdgeFunctions.Api.Chat;

/// <summary>
/// Writes a chat answer as OpenAI server-sent events, flushing every chunk as it arrives so the
/// first byte reaches the caller when the provider sends it. A stream that breaks mid-way ends
/// with an <c>error</c> event and no <c>[DONE]</c>: never a silently truncated success. Only a
/// stream that completed is stored in the cache.
/// </summary>
internal sealed class ChatStreamResult(ChatStreamAnswer answer, bool includeUsage, RoutingState state, Telemetry.RequestCounters counters) : IActionResult
{
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>The SSE comment, just before <c>[DONE]</c>, that carries what a streamed answer cost.</summary>
    public const string CostComment = "x-edge-cost-usd";

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var cancellationToken = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = http.Response.Body;

        if (answer.Replay is { } replay)
        {
            counters.Avoided(replay.CostUsd);
            foreach (var chunk in ChunkAccumulator.ToChunks(replay.Completion))
            {
                await WriteAsync(body, chunk, cancellationToken);
            }

            if (includeUsage)
            {
                await WriteAsync(body, UsageChunk(replay.Completion, replay.Usage), cancellationToken);
            }

            await WriteCostAsync(body, 0m, cancellationToken);
            await body.WriteAsync(Done, cancellationToken);
            return;
        }

        await using var live = answer.Live!;
        var accumulator = new ChunkAccumulator();
        JsonObject? last = null;
        var sentUsage = false;
        try
        {
            await foreach (var chunk in live.ReadAllAsync(cancellationToken))
            {
                last = chunk;
                accumulator.Add(chunk);
                var usageOnly = chunk["choices"] is JsonArray { Count: 0 } && chunk["usage"] is JsonObject;
                if (usageOnly && !includeUsage)
                {
                    continue;
                }

                sentUsage |= usageOnly;
                await WriteAsync(body, chunk, cancellationToken);
            }
        }
        catch (ProviderException failure) when (!cancellationToken.IsCancellationRequested)
        {
            state.RecordFailure(answer.Deployment!, failure);
            await WriteErrorAsync(body, failure.Message, cancellationToken);
            return;
        }

        var usage = live.Usage ?? default;
        if (includeUsage && !sentUsage && last is not null)
        {
            await WriteAsync(body, UsageChunk(last, usage), cancellationToken);
        }

        // The answer is complete: account and store it before [DONE], so that a caller who sends
        // the same request as soon as it reads [DONE] finds it in the cache.
        var cost = ChatService.CostOf(answer.Deployment!, usage);
        counters.Spent(cost);
        answer.Store?.Invoke(new CachedChat(accumulator.ToCompletion(), answer.DeploymentKey, usage, cost));
        await WriteCostAsync(body, cost, cancellationToken);
        await body.WriteAsync(Done, cancellationToken);
    }

    private static JsonObject UsageChunk(JsonObject template, TokenUsage usage) => new()
    {
        ["id"] = template["id"]?.DeepClone(),
        ["object"] = "chat.completion.chunk",
        ["created"] = template["created"]?.DeepClone(),
        ["model"] = template["model"]?.DeepClone(),
        ["choices"] = new JsonArray(),
        ["usage"] = UsageJson(usage),
    };

    private static JsonObject UsageJson(TokenUsage usage)
    {
        var json = new JsonObject { ["prompt_tokens"] = usage.PromptTokens, ["completion_tokens"] = usage.CompletionTokens, ["total_tokens"] = usage.TotalTokens };
        if (usage.CachedPromptTokens > 0)
        {
            json["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedPromptTokens };
        }

        return json;
    }

    // A stream's cost is known only at its end, after the headers: it goes out as an SSE comment
    // line, which every SSE client skips and an agent that wants it can read.
    private static async Task WriteCostAsync(Stream body, decimal cost, CancellationToken cancellationToken) =>
        await body.WriteAsync(Encoding.UTF8.GetBytes($": {CostComment}={cost.ToString("0.########", System.Globalization.CultureInfo.InvariantCulture)}\n\n"), cancellationToken);

    private static async Task WriteAsync(Stream body, JsonObject chunk, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes($"data: {chunk.ToJsonString()}\n\n"), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static async Task WriteErrorAsync(Stream body, string message, CancellationToken cancellationToken)
    {
        var error = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = $"The upstream stream failed before completing: {message}", ["type"] = "server_error", ["param"] = null, ["code"] = "upstream_stream_failed" },
        };
        await WriteAsync(body, error, cancellationToken);
    }
}
