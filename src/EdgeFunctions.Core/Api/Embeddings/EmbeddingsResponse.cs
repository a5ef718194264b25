using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeFunctions.Api.Embeddings;

public sealed record EmbeddingsResponse(
    [property: JsonPropertyName("data")] IReadOnlyList<EmbeddingData> Data,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("usage")] Usage Usage)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}

public sealed record EmbeddingData(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("embedding")] EmbeddingVector Embedding)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "embedding";
}

/// <summary>A vector that serializes as a float array or, like OpenAI, as base64 of little-endian float32.</summary>
[JsonConverter(typeof(EmbeddingVectorConverter))]
public sealed record EmbeddingVector(Inference.Embeddings.Embedding Source, EncodingFormat Format);

public sealed class EmbeddingVectorConverter : JsonConverter<EmbeddingVector>
{
    public override EmbeddingVector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Embedding vectors are only written.");

    public override void Write(Utf8JsonWriter writer, EmbeddingVector value, JsonSerializerOptions options)
    {
        if (value.Format == EncodingFormat.Base64)
        {
            writer.WriteBase64StringValue(ToLittleEndianBytes(value.Source.Vector));
            return;
        }

        writer.WriteRawValue(value.Source.JsonArray, skipInputValidation: true);
    }

    private static byte[] ToLittleEndianBytes(float[] values)
    {
        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        }

        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }
}
