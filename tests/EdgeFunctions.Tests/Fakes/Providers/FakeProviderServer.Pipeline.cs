using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>One request: log it, pick the behavior, then answer, fail or wait.</summary>
public abstract partial class FakeProviderServer
{
    private long _ids;

    /// <summary>The provider's normal answer (or its own 4xx error) for a request, as data.</summary>
    protected abstract FakeReply Route(ReceivedRequest request, JsonObject? body);

    /// <summary>The provider's error JSON for a status code.</summary>
    protected abstract JsonObject ErrorBody(int statusCode, string? message = null);

    /// <summary>The error event the provider sends inside a stream that fails after it started.</summary>
    protected abstract SseEvent StreamErrorEvent();

    /// <summary>Truncated JSON in the provider's shape, e.g. <c>{"choices": [</c> and garbage.</summary>
    protected abstract string MalformedBody { get; }

    protected abstract SseEvent MalformedEvent { get; }

    protected abstract string RequestIdHeader { get; }

    protected abstract void AddRateLimitHeaders(IHeaderDictionary headers, FakeRateLimits limits);

    /// <summary>A per-server sequence number for response ids.</summary>
    protected long NextId() => Interlocked.Increment(ref _ids);

    protected static JsonObject? ParseObject(string raw)
    {
        try
        {
            return raw.Length == 0 ? null : JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected static bool IsStream(JsonObject? body) => body?["stream"] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private async Task HandleAsync(HttpContext context)
    {
        var stopping = _stopping.Token;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var raw = await reader.ReadToEndAsync(token);
            var request = Record(context.Request, raw);
            var behavior = ResolveBehavior(request);
            context.Response.Headers[RequestIdHeader] = $"req_fake_{NextId()}";
            if (RateLimits is { } limits)
            {
                AddRateLimitHeaders(context.Response.Headers, behavior is RateLimitedBehavior ? limits.Exhausted() : limits);
            }

            // The handler gets its own parse: JsonObject is not safe to read from two threads.
            await ApplyAsync(context, behavior, request, ParseObject(raw), token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested)
            {
                context.Abort();
            }
            else
            {
                _clientAborts.Increment();
            }
        }
    }

    private FakeBehavior ResolveBehavior(ReceivedRequest request)
    {
        if (!FaultsIncludeModelList && request.Path.EndsWith("/models", StringComparison.Ordinal))
        {
            return FakeBehavior.Normal;
        }

        while (true)
        {
            var current = Behavior;
            if (current is not FailNextBehavior failNext)
            {
                return current;
            }

            if (failNext.TryTake())
            {
                return failNext.Failure;
            }

            // Exhausted: move on to what comes next, unless a test already replaced the behavior.
            Interlocked.CompareExchange(ref _behavior, failNext.Then, failNext);
        }
    }

    private async Task ApplyAsync(HttpContext context, FakeBehavior behavior, ReceivedRequest request, JsonObject? body, CancellationToken token)
    {
        switch (behavior)
        {
            case StatusBehavior status:
                await WriteJsonAsync(context.Response, status.StatusCode, status.Body ?? ErrorBody(status.StatusCode).ToJsonString(), token);
                break;
            case RateLimitedBehavior limited:
                context.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteJsonAsync(context.Response, StatusCodes.Status429TooManyRequests, ErrorBody(429).ToJsonString(), token);
                break;
            case MalformedJsonBehavior when IsStream(body):
                var sse = new SseWriter(context.Response);
                await sse.StartAsync(token);
                await sse.WriteAsync(MalformedEvent, token);
                break;
            case MalformedJsonBehavior:
                await WriteJsonAsync(context.Response, StatusCodes.Status200OK, MalformedBody, token);
                break;
            case HangBehavior:
                _parked.Increment();
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
                break;
            case SlowBehavior slow:
                // Arm the timer before signalling, so a test that advances fake time after WaitForParkedAsync always fires it.
                var delay = Task.Delay(slow.Delay, TimeProvider, token);
                _parked.Increment();
                await delay;
                await WriteReplyAsync(context, Route(request, body), FakeBehavior.Normal, token);
                break;
            default:
                await WriteReplyAsync(context, Route(request, body), behavior, token);
                break;
        }
    }
}
