using System.Collections.Frozen;
using EdgeFunctions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Auth;

/// <summary>
/// Maps <c>Authorization: Bearer &lt;key&gt;</c> or <c>api-key: &lt;key&gt;</c> to a tenant. Both hosts
/// authenticate here, because Functions keys do not work with OpenAI clients.
/// </summary>
public sealed class TenantAuthenticator
{
    private readonly FrozenDictionary<string, Tenant> _tenantsByKeyHash;

    public TenantAuthenticator(IOptions<AuthOptions> options)
    {
        _tenantsByKeyHash = options.Value.Tenants
            .SelectMany(t => t.Value.KeyHashes.Select(hash => (hash, tenant: new Tenant(t.Key, t.Value.CacheNamespace ?? t.Key))))
            .ToFrozenDictionary(x => x.hash, x => x.tenant, StringComparer.Ordinal);
    }

    public Tenant Authenticate(HttpRequest request)
    {
        var key = ReadKey(request)
            ?? throw ApiError.Unauthorized(
                "No API key was provided. Send it as 'Authorization: Bearer <key>' or in the 'api-key' header.");

        return _tenantsByKeyHash.TryGetValue(ApiKeyHasher.Hash(key), out var tenant)
            ? tenant
            : throw ApiError.Unauthorized("The API key is not valid.");
    }

    private static string? ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            const string Bearer = "Bearer ";
            return authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
                ? NullIfBlank(authorization[Bearer.Length..].Trim())
                : throw ApiError.Unauthorized("The Authorization header must use the Bearer scheme.");
        }

        return NullIfBlank(request.Headers["api-key"].ToString().Trim());
    }

    private static string? NullIfBlank(string value) => value.Length == 0 ? null : value;
}
