using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using EdgeFunctions.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EdgeFunctions.Api;

internal static class Endpoint
{
    public const string CacheHeader = "x-edge-cache";
    public const string CacheHitsHeader = "x-edge-cache-hits";

    public static IActionResult Ok<T>(T value, JsonTypeInfo<T> typeInfo) => new JsonResult<T>(value, typeInfo);

    /// <summary>Writes the response with the cache's verdict: <c>x-edge-cache</c>, hits per item, and <c>Age</c>.</summary>
    public static IActionResult Ok<T, TItem>(HttpRequest request, T value, JsonTypeInfo<T> typeInfo, CachedResults<TItem> cache)
    {
        var headers = request.HttpContext.Response.Headers;
        headers[CacheHeader] = cache.Summary;
        headers[CacheHitsHeader] = string.Create(CultureInfo.InvariantCulture, $"{cache.Hits}/{cache.Statuses.Length}");
        if (cache.Age is { } age && cache.Hits > 0)
        {
            headers.Age = ((long)Math.Max(0, age.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return new JsonResult<T>(value, typeInfo);
    }
}
