using System.Text.Json.Serialization;

namespace EdgeFunctions.Api.Models;

public sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelInfo> Data)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}

/// <summary>OpenAI's model object, extended with what an agent needs to pick a local model.</summary>
public sealed record ModelInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("revision")] string Revision,
    [property: JsonPropertyName("max_tokens")] int MaxTokens,
    [property: JsonPropertyName("dimensions")] int? Dimensions,
    [property: JsonPropertyName("labels")] IReadOnlyList<string>? Labels,
    [property: JsonPropertyName("members")] IReadOnlyList<string>? Members = null)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "model";
}
