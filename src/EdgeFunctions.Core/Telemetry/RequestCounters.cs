using System.Collections.Concurrent;

namespace EdgeFunctions.Telemetry;

/// <summary>Authenticated API calls per route since start, for <c>GET /v1/stats</c>.</summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, long> _byRoute = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> ByRoute => _byRoute;

    public void Count(string route) => _byRoute.AddOrUpdate(route, 1, (_, count) => count + 1);
}
