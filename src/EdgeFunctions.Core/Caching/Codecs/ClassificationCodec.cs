using EdgeFunctions.Inference.Classification;

namespace EdgeFunctions.Caching.Codecs;

/// <summary>Token count, truncation flag, then each label and its probability, best first.</summary>
public sealed class ClassificationCodec : ICacheCodec<Classification>
{
    public byte[] Encode(Classification value)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(value.Tokens);
        writer.Write(value.Truncated);
        writer.Write(value.Labels.Length);
        foreach (var label in value.Labels)
        {
            writer.Write(label.Label);
            writer.Write(label.Score);
        }

        writer.Flush();
        return stream.ToArray();
    }

    public Classification Decode(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload));
        var tokens = reader.ReadInt32();
        var truncated = reader.ReadBoolean();
        var labels = new LabelScore[reader.ReadInt32()];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = new LabelScore(reader.ReadString(), reader.ReadSingle());
        }

        return new Classification(labels, tokens, truncated);
    }
}
