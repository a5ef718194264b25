using System.Text.Json.Serialization;

namespace EdgeFunctions.Api.Entities;

public sealed record EntitiesResponse(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("data")] IReadOnlyList<EntitiesData> Data,
    [property: JsonPropertyName("usage")] Usage Usage)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}

public sealed record EntitiesData(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("entities")] IReadOnlyList<EntityData> Entities);

/// <summary>An entity; <c>start</c>/<c>end</c> are UTF-16 offsets into the input, end exclusive.</summary>
public sealed record EntityData(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End,
    [property: JsonPropertyName("score")] float Score);
