using System.Text.Json;
using EdgeFunctions.Auth;
using EdgeFunctions.Caching;
using EdgeFunctions.Hosting;
using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api;

/// <summary>
/// The common path of every API call in both hosts: request id and region headers, tenant
/// authentication, bounded JSON reading, and the mapping of every failure to an OpenAI-style error.
/// </summary>
public sealed partial class ApiHandler(
    TenantAuthenticator authenticator,
    JsonRequestReader reader,
    IOptions<EdgeFunctionsOptions> edgeOptions,
    RequestCounters counters,
    TimeProvider timeProvider,
    ILogger<ApiHandler> logger)
{
    public const string RequestIdHeader = "x-request-id";
    public const string RegionHeader = "x-edge-region";

    /// <summary>Handles a JSON POST: authenticate, parse, execute.</summary>
    public Task<IActionResult> HandleJsonAsync<TRequest>(
        HttpRequest request,
        Func<JsonElement, TRequest> parse,
        Func<TRequest, ApiCall, CancellationToken, Task<IActionResult>> execute) =>
        HandleAsync(request, async (call, cancellationToken) =>
        {
            using var document = await reader.ReadAsync(request, cancellationToken);
            var parsed = parse(document.RootElement);
            return await execute(parsed, call, cancellationToken);
        });

    /// <summary>Handles an authenticated call without a body.</summary>
    public async Task<IActionResult> HandleAsync(HttpRequest request, Func<ApiCall, CancellationToken, Task<IActionResult>> execute)
    {
        StampHeaders(request.HttpContext);
        var cancellationToken = request.HttpContext.RequestAborted;
        try
        {
            var tenant = authenticator.Authenticate(request);
            var started = timeProvider.GetTimestamp();
            var result = await execute(new ApiCall(tenant, CacheDirectives.From(request)), cancellationToken);
            counters.Count(request.Path.Value ?? "/", timeProvider.GetElapsedTime(started), timeProvider.GetUtcNow());
            return result;
        }
        catch (ApiError error)
        {
            Log.Rejected(logger, request.Method, request.Path, (int)error.Status, error.Code, error.Message);
            return ToResult(request.HttpContext, error);
        }
        catch (BatchQueueFullException full)
        {
            // Shedding load fast lets the caller back off, or Front Door send it to another region.
            Log.Shed(logger, request.Method, request.Path, full.Model);
            return ToResult(request.HttpContext, new ApiError(System.Net.HttpStatusCode.ServiceUnavailable,
                $"The local model '{full.Model}' is at capacity; retry shortly.", "server_error", "model_overloaded") { RetryAfterSeconds = 1 });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller has gone; nobody reads this response.
            return new StatusCodeResult(StatusCodes.Status499ClientClosedRequest);
        }
        catch (Exception ex)
        {
            Log.Failed(logger, request.Method, request.Path, ex);
            return ToResult(request.HttpContext, new ApiError(System.Net.HttpStatusCode.InternalServerError,
                "The gateway failed to process the request. Quote the x-request-id header when reporting it.", "server_error", "internal_error"));
        }
    }

    /// <summary>Stamps the headers every response carries, including anonymous ones.</summary>
    public void StampHeaders(HttpContext context)
    {
        var incoming = context.Request.Headers[RequestIdHeader].ToString();
        context.Response.Headers[RequestIdHeader] = IsSafeRequestId(incoming) ? incoming : Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");
        context.Response.Headers[RegionHeader] = edgeOptions.Value.Region;
    }

    public static IActionResult ToResult(HttpContext context, ApiError error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = new ErrorBody(new ErrorDetail(error.Message, error.Type, error.Param, error.Code));
        return new JsonResult<ErrorBody>(body, ApiJsonContext.Api.ErrorBody, (int)error.Status);
    }

    // Echo a caller's id only when it cannot inject anything into headers or logs.
    private static bool IsSafeRequestId(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "{Method} {Path} rejected with {Status} {Code}: {Message}")]
        public static partial void Rejected(ILogger logger, string method, PathString path, int status, string? code, string message);

        [LoggerMessage(3, LogLevel.Warning, "{Method} {Path} shed: the local model {Model} is at capacity")]
        public static partial void Shed(ILogger logger, string method, PathString path, string model);

        [LoggerMessage(2, LogLevel.Error, "{Method} {Path} failed")]
        public static partial void Failed(ILogger logger, string method, PathString path, Exception exception);
    }
}
