using System.Text.Json;

namespace EdgeFunctions.Api.Embeddings;

/// <summary>OpenAI's embeddings request: <c>model</c>, <c>input</c>, <c>encoding_format</c>, <c>dimensions</c>.</summary>
public sealed record EmbeddingsRequest(string Model, IReadOnlyList<string> Input, EncodingFormat Format, int? Dimensions)
{
    public static EmbeddingsRequest Parse(JsonElement root, ApiOptions limits)
    {
        var model = JsonFields.RequiredString(root, "model");
        var input = JsonFields.StringOrStringArray(root, "input", limits);
        var format = JsonFields.OptionalString(root, "encoding_format") switch
        {
            null or "float" => EncodingFormat.Float,
            "base64" => EncodingFormat.Base64,
            var other => throw ApiError.InvalidRequest(
                $"'encoding_format' must be 'float' or 'base64', not '{other}'.", "encoding_format", "invalid_value"),
        };
        var dimensions = JsonFields.OptionalPositiveInt(root, "dimensions");
        return new EmbeddingsRequest(model, input, format, dimensions);
    }
}

public enum EncodingFormat
{
    Float,
    Base64,
}
