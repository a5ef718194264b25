using EdgeFunctions.Auth;

namespace EdgeFunctions.Caching;

/// <summary>What identifies a cacheable call apart from its inputs.</summary>
public sealed record CacheRequest(
    string Operation,
    Tenant Tenant,
    string Model,
    string Revision,
    IReadOnlyDictionary<string, string> Parameters,
    CacheDirectives Directives)
{
    public static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();
}

/// <summary>Values in input order, how each was obtained, and the age of the oldest cached one.</summary>
public sealed record CachedResults<T>(T[] Values, CacheItemStatus[] Statuses, TimeSpan? Age)
{
    public int Hits => Statuses.Count(s => s is CacheItemStatus.Hit or CacheItemStatus.Stale);

    /// <summary>
    /// The <c>x-edge-cache</c> value: <c>bypass</c> when the cache was not used, <c>hit</c> when every
    /// item came from a fresh entry, <c>stale</c> when every item came from the cache and some
    /// were stale, otherwise <c>miss</c>.
    /// </summary>
    public string Summary =>
        Statuses.All(s => s == CacheItemStatus.Bypass) ? "bypass"
        : Statuses.All(s => s == CacheItemStatus.Hit) ? "hit"
        : Statuses.All(s => s is CacheItemStatus.Hit or CacheItemStatus.Stale) ? "stale"
        : "miss";
}
