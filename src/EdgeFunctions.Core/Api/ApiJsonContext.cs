using System.Text.Json.Serialization;
using EdgeFunctions.Api.Classification;
using EdgeFunctions.Api.Embeddings;
using EdgeFunctions.Api.Entities;
using EdgeFunctions.Api.Health;
using EdgeFunctions.Api.Models;

namespace EdgeFunctions.Api;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(EmbeddingsResponse))]
[JsonSerializable(typeof(ClassificationResponse))]
[JsonSerializable(typeof(EntitiesResponse))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(HealthReport))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
