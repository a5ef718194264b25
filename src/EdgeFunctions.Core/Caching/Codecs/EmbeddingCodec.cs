using System.Runtime.InteropServices;
using EdgeFunctions.Inference.Embeddings;

namespace EdgeFunctions.Caching.Codecs;

/// <summary>Token count, truncation flag, then the raw float32 vector.</summary>
public sealed class EmbeddingCodec : ICacheCodec<Embedding>
{
    public byte[] Encode(Embedding value)
    {
        using var stream = new MemoryStream(8 + (value.Vector.Length * sizeof(float)));
        using var writer = new BinaryWriter(stream);
        writer.Write(value.Tokens);
        writer.Write(value.Truncated);
        writer.Write(MemoryMarshal.AsBytes(value.Vector.AsSpan()));
        writer.Flush();
        return stream.ToArray();
    }

    public Embedding Decode(byte[] payload)
    {
        var tokens = BitConverter.ToInt32(payload, 0);
        var truncated = payload[4] != 0;
        var vector = MemoryMarshal.Cast<byte, float>(payload.AsSpan(5)).ToArray();
        return new Embedding(vector, tokens, truncated);
    }
}
