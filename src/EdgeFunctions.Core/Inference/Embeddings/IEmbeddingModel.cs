using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Inference.Embeddings;

/// <summary>A loaded sentence-embedding model.</summary>
public interface IEmbeddingModel : ILocalModel
{
    int Dimensions { get; }

    Task<Embedding[]> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken);
}

/// <summary>One unit-length vector, with the tokens it used and whether the input was cut to fit.</summary>
public sealed record Embedding(float[] Vector, int Tokens, bool Truncated)
{
    private byte[]? _json;

    /// <summary>
    /// The vector as a JSON array, rendered once. Formatting 384 floats costs more than the rest
    /// of a cache hit, so a cached embedding keeps its rendering for every later hit.
    /// </summary>
    public ReadOnlySpan<byte> JsonArray => _json ??= Render(Vector);

    private static byte[] Render(float[] vector)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(vector.Length * 12);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var component in vector)
            {
                writer.WriteNumberValue(component);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
