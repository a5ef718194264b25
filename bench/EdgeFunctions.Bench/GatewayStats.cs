using System.Text.Json;

namespace EdgeFunctions.Bench;

/// <summary>Reads the gateway's own view of a route from <c>/v1/stats</c>.</summary>
internal static class GatewayStats
{
    /// <summary>p50 of the time spent inside the gateway's handler for <paramref name="route"/>, over its last 1024 calls.</summary>
    public static async Task<double> HandlerP50Async(Uri address, string route)
    {
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Add("api-key", "edge-dev-key");
        using var stats = JsonDocument.Parse(await http.GetStringAsync("/v1/stats"));
        return stats.RootElement.GetProperty("requests").GetProperty(route).GetProperty("p50_ms").GetDouble();
    }
}
