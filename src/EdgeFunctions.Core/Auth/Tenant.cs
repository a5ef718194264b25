namespace EdgeFunctions.Auth;

/// <summary>The authenticated caller of a request.</summary>
public sealed record Tenant(string Name, string CacheNamespace);
