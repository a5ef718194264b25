using EdgeFunctions.Auth;
using EdgeFunctions.Caching;

namespace EdgeFunctions.Api;

/// <summary>Who is calling, and what they asked of the cache.</summary>
public sealed record ApiCall(Tenant Tenant, CacheDirectives Cache);
