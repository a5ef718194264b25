using System.Net;

namespace EdgeFunctions.Api;

/// <summary>
/// An error the caller can act on: carries the HTTP status and the OpenAI error fields
/// (<c>{"error":{"message","type","param","code"}}</c>) so that OpenAI clients surface it unchanged.
/// </summary>
public sealed class ApiError : Exception
{
    public ApiError(HttpStatusCode status, string message, string type, string? code = null, string? param = null)
        : base(message)
    {
        Status = status;
        Type = type;
        Code = code;
        Param = param;
    }

    public HttpStatusCode Status { get; }

    public string Type { get; }

    public string? Code { get; }

    public string? Param { get; }

    /// <summary>Seconds the caller should wait before retrying; sent as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiError InvalidRequest(string message, string? param = null, string? code = null) =>
        new(HttpStatusCode.BadRequest, message, "invalid_request_error", code, param);

    public static ApiError ModelNotFound(string model, IEnumerable<string> installed) =>
        new(HttpStatusCode.NotFound,
            $"The model '{model}' does not exist here. Installed models: {string.Join(", ", installed)}.",
            "invalid_request_error", "model_not_found", "model");

    public static ApiError Unauthorized(string message) =>
        new(HttpStatusCode.Unauthorized, message, "invalid_request_error", "invalid_api_key");

    public static ApiError PayloadTooLarge(long limitBytes) =>
        new(HttpStatusCode.RequestEntityTooLarge, $"The request body exceeds the limit of {limitBytes} bytes.",
            "invalid_request_error", "request_too_large");

    public static ApiError UnsupportedMediaType(string? contentType) =>
        new(HttpStatusCode.UnsupportedMediaType,
            $"Content-Type must be application/json, not '{contentType ?? "(none)"}'.",
            "invalid_request_error", "unsupported_media_type");

    public static ApiError ServiceUnavailable(string message) =>
        new(HttpStatusCode.ServiceUnavailable, message, "server_error", "service_unavailable");
}
