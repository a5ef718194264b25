using System.Text.Json.Serialization;
using EdgeFunctions.Api.Classification;
using EdgeFunctions.Api.Embeddings;
using EdgeFunctions.Api.Entities;
using EdgeFunctions.Api.Health;
using EdgeFunctions.Api.Models;
using EdgeFunctions.Api.Stats;

namespace EdgeFunctions.Api;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(EmbeddingsResponse))]
[JsonSerializable(typeof(ClassificationResponse))]
[JsonSerializable(typeof(EntitiesResponse))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(StatsReport))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context responses are written with. Relaxed escaping keeps text such as quotes and
    /// non-ASCII readable (as OpenAI writes it); the body is JSON, never embedded in HTML.
    /// </summary>
    public static ApiJsonContext Api { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
