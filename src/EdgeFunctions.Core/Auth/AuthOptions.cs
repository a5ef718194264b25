using Microsoft.Extensions.Options;

namespace EdgeFunctions.Auth;

/// <summary>
/// Tenants and their API keys. Keys are never configured in clear text: each entry in
/// <see cref="TenantOptions.KeyHashes"/> is the lowercase hex SHA-256 of a key.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public Dictionary<string, TenantOptions> Tenants { get; set; } = new(StringComparer.Ordinal);
}

public sealed class TenantOptions
{
    /// <summary>Lowercase hex SHA-256 of each API key that maps to this tenant.</summary>
    public List<string> KeyHashes { get; set; } = [];

    /// <summary>The cache namespace; tenants never share cache entries unless they share a namespace.</summary>
    public string? CacheNamespace { get; set; }
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.Tenants.Count == 0)
        {
            failures.Add("Auth:Tenants is empty: configure at least one tenant with Auth:Tenants:<name>:KeyHashes " +
                         "(the SHA-256 hex of its API key). The Development environment ships a documented dev key.");
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tenant, settings) in options.Tenants)
        {
            if (settings.KeyHashes.Count == 0)
            {
                failures.Add($"Auth:Tenants:{tenant}:KeyHashes is empty.");
            }

            foreach (var hash in settings.KeyHashes)
            {
                if (!ApiKeyHasher.IsValidHash(hash))
                {
                    failures.Add($"Auth:Tenants:{tenant}:KeyHashes contains '{Truncate(hash)}', which is not a 64-character lowercase hex SHA-256.");
                }
                else if (!owners.TryAdd(hash, tenant))
                {
                    failures.Add($"Auth:Tenants:{tenant}:KeyHashes repeats a key hash already used by tenant '{owners[hash]}'.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // A misplaced clear-text key must not be echoed whole into logs.
    private static string Truncate(string value) => value.Length <= 8 ? value : value[..8] + "...";
}

