using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace EdgeFunctions.Api;

internal static class Endpoint
{
    public static IActionResult Ok<T>(T value, JsonTypeInfo<T> typeInfo) => new JsonResult<T>(value, typeInfo);
}
