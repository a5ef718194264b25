using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EdgeFunctions.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EdgeFunctions.Api.Chat;

/// <summary>Binds <c>POST /v1/chat/completions</c> to <see cref="ChatService"/> and maps its answer to JSON or SSE.</summary>
public sealed class ChatEndpoint(ApiHandler api, ChatService service, RoutingState state, Telemetry.RequestCounters counters)
{
    public const string ProviderHeader = "x-edge-provider";
    public const string AttemptsHeader = "x-edge-attempts";
    public const string CostHeader = "x-edge-cost-usd";

    public Task<IActionResult> HandleAsync(HttpRequest request) =>
        api.HandleJsonAsync(request, ChatRequest.Parse, async (parsed, call, ct) =>
        {
            var preferences = RoutingPreferencesParser.Parse(request, parsed.Edge);
            var headers = request.HttpContext.Response.Headers;
            try
            {
                if (parsed.Stream)
                {
                    var streamed = await service.StreamAsync(parsed, preferences, call, ct);
                    headers[ProviderHeader] = streamed.DeploymentKey;
                    headers[AttemptsHeader] = streamed.Attempts.ToString(CultureInfo.InvariantCulture);
                    headers[Endpoint.CacheHeader] = streamed.Cache?.Summary ?? (streamed.Store is null ? "bypass" : "miss");
                    return new ChatStreamResult(streamed, parsed.IncludeUsage, state, counters);
                }

                var answer = await service.CompleteAsync(parsed, preferences, call, ct);
                headers[ProviderHeader] = answer.Deployment;
                headers[AttemptsHeader] = answer.Attempts.ToString(CultureInfo.InvariantCulture);
                headers[CostHeader] = answer.CostHeader;
                if (answer.Cache is { } cache)
                {
                    return Endpoint.Ok(request, answer.Completion, ApiJsonContext.Api.JsonObject, cache);
                }

                headers[Endpoint.CacheHeader] = "bypass";
                return Endpoint.Ok(answer.Completion, ApiJsonContext.Api.JsonObject);
            }
            catch (GenerationFailedException failure)
            {
                throw ToApiError(failure);
            }
        });

    /// <summary>504 when time ran out, 503 when every provider is limited or open-circuited, else 502; the message names every attempt.</summary>
    public static ApiError ToApiError(GenerationFailedException failure)
    {
        var tried = string.Join("; ", failure.Attempts.Select(a => $"{a.Deployment}: {a.Detail}"));
        var kinds = failure.Attempts.Select(a => a.Failure).ToArray();
        var (status, code) = failure.DeadlineExceeded || (kinds.Length > 0 && kinds.All(k => k == Providers.ProviderFailureKind.Timeout))
            ? (HttpStatusCode.GatewayTimeout, "upstream_timeout")
            : kinds.Length > 0 && kinds.All(k => k == Providers.ProviderFailureKind.RateLimited)
                ? (HttpStatusCode.ServiceUnavailable, "upstream_rate_limited")
                : (HttpStatusCode.BadGateway, "upstream_failed");
        return new ApiError(status, $"No provider answered. Tried: {(tried.Length == 0 ? "nothing" : tried)}.", "server_error", code)
        {
            RetryAfterSeconds = failure.RetryAfter is { } wait ? (int)Math.Ceiling(wait.TotalSeconds) : status == HttpStatusCode.ServiceUnavailable ? 1 : null,
        };
    }
}
