using System.Text.Json.Serialization;

namespace EdgeFunctions.Api.Classification;

public sealed record ClassificationResponse(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("data")] IReadOnlyList<ClassificationData> Data,
    [property: JsonPropertyName("usage")] Usage Usage)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}

public sealed record ClassificationData(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("score")] float Score,
    [property: JsonPropertyName("labels")] IReadOnlyList<LabelScoreData> Labels);

public sealed record LabelScoreData(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("score")] float Score);
