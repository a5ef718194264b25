namespace EdgeFunctions.Caching;

/// <summary>Turns one cached item into bytes and back; formats are versioned by <see cref="CacheKey.SchemaVersion"/>.</summary>
public interface ICacheCodec<T>
{
    byte[] Encode(T value);

    T Decode(byte[] payload);
}
