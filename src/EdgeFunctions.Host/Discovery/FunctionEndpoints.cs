using System.Text.Json;
using EdgeFunctions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace EdgeFunctions.Host.Discovery;

/// <summary>Maps every discovered HTTP function onto Kestrel with its own route and methods.</summary>
internal static class FunctionEndpoints
{
    private static readonly ActionDescriptor Descriptor = new();

    public static void MapFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog)
    {
        foreach (var function in catalog.Http)
        {
            var invoker = new FunctionInvoker(function.Method, typeof(HttpRequest));
            endpoints.MapMethods("/" + function.Route.TrimStart('/'), function.Methods, async context =>
            {
                var result = await invoker.InvokeAsync(context.RequestServices, context.Request, context.RequestAborted);
                if (result is not null)
                {
                    await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), Descriptor));
                }
            }).WithDisplayName(function.Name);
        }
    }

    /// <summary>Gives bodiless 404/405 responses (unknown route, wrong method) OpenAI's error shape.</summary>
    public static Task WriteStatusCodeErrorAsync(HttpContext context)
    {
        var (message, code) = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ($"No endpoint serves {context.Request.Method} {context.Request.Path}.", "not_found"),
            StatusCodes.Status405MethodNotAllowed => ($"{context.Request.Method} is not allowed on {context.Request.Path}.", "method_not_allowed"),
            _ => ($"The request failed with status {context.Response.StatusCode}.", (string?)null),
        };
        context.Response.ContentType = "application/json";
        var body = new ErrorBody(new ErrorDetail(message, "invalid_request_error", null, code));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ApiJsonContext.Api.ErrorBody, context.RequestAborted);
    }
}
