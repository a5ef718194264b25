using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EdgeFunctions.Api;

/// <summary>
/// Writes a value with its source-generated serializer. Both hosts execute <see cref="IActionResult"/>
/// directly, so this avoids depending on MVC's formatters and their reflection-based options.
/// </summary>
internal sealed class JsonResult<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode = StatusCodes.Status200OK) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        // Serialized whole, then written once with a Content-Length: the body is already in
        // memory as objects, and one sized write spares both ends the chunked framing and the
        // serializer's stream flushes.
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.HttpContext.RequestAborted).AsTask();
    }
}
