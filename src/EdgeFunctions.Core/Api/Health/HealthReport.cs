using System.Text.Json.Serialization;

namespace EdgeFunctions.Api.Health;

public sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("models")] int Models);
