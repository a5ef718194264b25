namespace EdgeFunctions.Caching;

public enum CacheItemStatus
{
    /// <summary>Computed for this request.</summary>
    Miss,

    /// <summary>Answered from a fresh entry.</summary>
    Hit,

    /// <summary>Answered from an expired entry inside its stale-while-revalidate window; a refresh runs in the background.</summary>
    Stale,

    /// <summary>Shared the result of an identical computation already in flight.</summary>
    Coalesced,

    /// <summary>The cache was not consulted (<c>no-store</c>, or caching is off).</summary>
    Bypass,
}
