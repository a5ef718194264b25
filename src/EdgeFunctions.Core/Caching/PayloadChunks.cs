using System.IO.Compression;

namespace EdgeFunctions.Caching;

/// <summary>
/// Table Storage allows 64 KiB per binary property and 1 MiB per entity, and Azurite does not
/// enforce either, so the limits live here: payloads are Brotli-compressed and split into
/// chunks of at most 64 KiB, and a payload that would push the entity past 1 MiB is not stored.
/// </summary>
public static class PayloadChunks
{
    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>1 MiB less room for the key, timestamps and property names.</summary>
    public const int MaxStoredBytes = (1024 * 1024) - (16 * 1024);

    public static byte[] Compress(byte[] payload)
    {
        using var output = new MemoryStream(payload.Length / 2);
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(payload);
        }

        return output.ToArray();
    }

    public static byte[] Decompress(byte[] compressed)
    {
        using var input = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream(compressed.Length * 2);
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Splits compressed bytes into property-sized chunks, or null when they cannot fit one entity.</summary>
    public static List<byte[]>? Split(byte[] compressed)
    {
        if (compressed.Length > MaxStoredBytes)
        {
            return null;
        }

        var chunks = new List<byte[]>((compressed.Length / MaxPropertyBytes) + 1);
        for (var offset = 0; offset < compressed.Length; offset += MaxPropertyBytes)
        {
            chunks.Add(compressed.AsSpan(offset, Math.Min(MaxPropertyBytes, compressed.Length - offset)).ToArray());
        }

        return chunks;
    }

    public static byte[] Join(IReadOnlyList<byte[]> chunks)
    {
        var result = new byte[chunks.Sum(c => c.Length)];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, offset);
            offset += chunk.Length;
        }

        return result;
    }
}
