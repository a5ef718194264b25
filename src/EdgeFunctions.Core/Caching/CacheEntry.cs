namespace EdgeFunctions.Caching;

/// <summary>A stored result: its payload bytes and when it was made, expires and stops serving stale.</summary>
public sealed record CacheEntry(string Key, string Operation, byte[] Payload, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset StaleUntil)
{
    public bool IsFresh(DateTimeOffset now) => now < ExpiresAt;

    public bool IsServable(DateTimeOffset now) => now < StaleUntil;

    public TimeSpan Age(DateTimeOffset now) => now - CreatedAt;
}
