using System.Globalization;
using System.Text.Json.Nodes;
using EdgeFunctions.Routing;
using Microsoft.AspNetCore.Http;

namespace EdgeFunctions.Api.Chat;

/// <summary>Reads routing preferences from <c>x-edge-*</c> headers or the body's <c>edge</c> object; headers win.</summary>
public static class RoutingPreferencesParser
{
    public static RoutingPreferences Parse(HttpRequest request, JsonObject? edge)
    {
        string? Read(string header, string field) =>
            request.Headers[header].ToString() is { Length: > 0 } value ? value : edge?[field]?.ToString();

        var priority = Read("x-edge-priority", "priority") switch
        {
            null => RoutingPriority.Balanced,
            var p when Enum.TryParse<RoutingPriority>(p, ignoreCase: true, out var parsed) && !int.TryParse(p, out _) => parsed,
            var p => throw ApiError.InvalidRequest($"x-edge-priority must be latency, cost, quality or balanced, not '{p}'.", "x-edge-priority", "invalid_value"),
        };
        var maxLatency = Number(Read("x-edge-max-latency-ms", "max_latency_ms"), "x-edge-max-latency-ms");
        var maxCost = Number(Read("x-edge-max-cost-usd", "max_cost_usd"), "x-edge-max-cost-usd");
        var minQuality = Number(Read("x-edge-min-quality", "min_quality"), "x-edge-min-quality");
        if (minQuality is > 1)
        {
            throw ApiError.InvalidRequest("x-edge-min-quality must be between 0 and 1.", "x-edge-min-quality", "invalid_value");
        }

        return new RoutingPreferences(
            priority,
            maxLatency is { } ms ? TimeSpan.FromMilliseconds((double)ms) : null,
            maxCost,
            minQuality is { } q ? (double)q : null);
    }

    private static decimal? Number(string? value, string name) =>
        value is null ? null
        : decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 ? number
        : throw ApiError.InvalidRequest($"{name} must be a non-negative number, not '{value}'.", name, "invalid_value");
}
