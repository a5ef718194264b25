using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EdgeFunctions.Caching;

/// <summary>
/// The request's <c>Cache-Control</c>: <c>no-store</c> bypasses the cache entirely, <c>no-cache</c>
/// skips the read but refreshes the entry, <c>max-age=N</c> accepts only entries at most N
/// seconds old (N is capped by the operation's TTL).
/// </summary>
public sealed record CacheDirectives(bool NoStore, bool NoCache, TimeSpan? MaxAge)
{
    public static readonly CacheDirectives Default = new(false, false, null);

    public bool SkipRead => NoStore || NoCache || MaxAge == TimeSpan.Zero;

    public static CacheDirectives From(HttpRequest request)
    {
        var header = request.Headers.CacheControl;
        if (header.Count == 0 || !CacheControlHeaderValue.TryParse(header.ToString(), out var parsed))
        {
            return Default;
        }

        return new CacheDirectives(parsed.NoStore, parsed.NoCache, parsed.MaxAge);
    }
}
