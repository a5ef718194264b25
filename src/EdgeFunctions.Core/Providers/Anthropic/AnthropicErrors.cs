using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// Anthropic error bodies (<c>{"type":"error","error":{"type","message"}}</c>), whether an HTTP error
/// response or an <c>error</c> event in the middle of a stream, as a <see cref="ProviderException"/>.
/// </summary>
public static class AnthropicErrors
{
    public const string DefaultProvider = "anthropic";

    /// <param name="statusCode">The HTTP status, or null for a stream error event (the stream itself was a 200).</param>
    public static ProviderException ToProviderException(string provider, JsonObject? body, int? statusCode = null, TimeSpan? retryAfter = null)
    {
        var error = body?["error"] as JsonObject;
        var type = JsonRead.String(error?["type"]);
        var message = JsonRead.String(error?["message"]) ?? "no error message";
        var (kind, documentedStatus) = Classify(type, statusCode);

        // A stream error event has no status of its own; the documented status of its type tells the
        // caller-facing error what Anthropic would have answered had it failed before the first byte.
        return new ProviderException(provider, kind, $"{type ?? "error"}: {message}", statusCode ?? documentedStatus, retryAfter);
    }

    private static (ProviderFailureKind Kind, int? Status) Classify(string? type, int? statusCode) => type switch
    {
        "overloaded_error" => (ProviderFailureKind.Transient, 529),
        "api_error" => (ProviderFailureKind.Transient, 500),
        "conflict_error" => (ProviderFailureKind.Transient, 409),
        "rate_limit_error" => (ProviderFailureKind.RateLimited, 429),
        // Anthropic ran out of time on its side: the same signal as our own attempt timeout.
        "timeout_error" => (ProviderFailureKind.Timeout, 504),
        "invalid_request_error" => (ProviderFailureKind.Rejected, 400),
        "authentication_error" => (ProviderFailureKind.Rejected, 401),
        "billing_error" => (ProviderFailureKind.Rejected, 402),
        "permission_error" => (ProviderFailureKind.Rejected, 403),
        "not_found_error" => (ProviderFailureKind.Rejected, 404),
        "request_too_large" => (ProviderFailureKind.Rejected, 413),

        // Types Anthropic adds later: fall back to the status as ProviderFailureKind defines it, and treat
        // an unexplained failure (including an unknown error event mid-stream) as transient.
        _ => (statusCode switch
        {
            429 => ProviderFailureKind.RateLimited,
            408 => ProviderFailureKind.Transient,
            >= 400 and < 500 => ProviderFailureKind.Rejected,
            _ => ProviderFailureKind.Transient,
        }, null),
    };
}
