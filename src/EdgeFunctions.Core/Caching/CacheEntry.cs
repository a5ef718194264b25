namespace EdgeFunctions.Caching;

/// <summary>A stored result: its payload bytes and when it was made, expires and stops serving stale.</summary>
public sealed record CacheEntry(string Key, string Operation, byte[] Payload, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset StaleUntil)
{
    public bool IsFresh(DateTimeOffset now) => now < ExpiresAt;

    public bool IsServable(DateTimeOffset now) => now < StaleUntil;

    public TimeSpan Age(DateTimeOffset now) => now - CreatedAt;

    /// <summary>
    /// The payload decoded, kept while the entry lives in L1 so that repeated hits skip decoding
    /// (and whatever the value caches, such as an embedding's rendered JSON).
    /// </summary>
    public object? Decoded { get; set; }
}
