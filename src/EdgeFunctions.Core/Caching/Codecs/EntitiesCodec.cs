using EdgeFunctions.Inference.Entities;

namespace EdgeFunctions.Caching.Codecs;

/// <summary>Token count, truncation flag, then each entity's type, text, offsets and score.</summary>
public sealed class EntitiesCodec : ICacheCodec<EntityResult>
{
    public byte[] Encode(EntityResult value)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(value.Tokens);
        writer.Write(value.Truncated);
        writer.Write(value.Entities.Count);
        foreach (var entity in value.Entities)
        {
            writer.Write(entity.Type);
            writer.Write(entity.Text);
            writer.Write(entity.Start);
            writer.Write(entity.End);
            writer.Write(entity.Score);
        }

        writer.Flush();
        return stream.ToArray();
    }

    public EntityResult Decode(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload));
        var tokens = reader.ReadInt32();
        var truncated = reader.ReadBoolean();
        var entities = new EntitySpan[reader.ReadInt32()];
        for (var i = 0; i < entities.Length; i++)
        {
            entities[i] = new EntitySpan(reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadSingle());
        }

        return new EntityResult(entities, tokens, truncated);
    }
}
