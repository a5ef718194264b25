using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>Identity-only data access: no shared keys, least-privilege roles per stamp.</summary>
public sealed class StorageAndAccessTests
{
    private static DeploymentSnapshot Snapshot => CompiledDeployment.Production.Snapshot;

    [Fact]
    public void StorageAccount_EachRegion_DisallowsSharedKeyAndPublicBlobAccess()
    {
        Assert.All(Snapshot.OfType(ResourceTypes.StorageAccount), account =>
        {
            Assert.False(account.At("properties", "allowSharedKeyAccess")!.GetValue<bool>(), account.Str("name"));
            Assert.False(account.At("properties", "allowBlobPublicAccess")!.GetValue<bool>(), account.Str("name"));
            Assert.Equal("TLS1_2", account.StrAt("properties", "minimumTlsVersion"));
        });
    }

    [Fact]
    public void StorageAccount_EachRegion_HasCacheAndRoutingTablesAndPackageContainer()
    {
        foreach (var account in Snapshot.OfType(ResourceTypes.StorageAccount))
        {
            var prefix = account.Str("id") + "/";
            var tables = Snapshot.OfType(ResourceTypes.Table)
                .Where(t => t.Str("id")!.StartsWith(prefix, StringComparison.Ordinal))
                .Select(t => t.Str("name")!.Split('/')[^1])
                .ToArray();
            Assert.Equal(["cache", "routing"], tables.Order(StringComparer.Ordinal));
            Assert.Single(Snapshot.OfType(ResourceTypes.BlobContainer), c => c.Str("id")!.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void RoleAssignments_EachIdentity_GetTableBlobAndKeyVaultSecretsRoles()
    {
        var vault = Snapshot.Single(ResourceTypes.KeyVault);
        foreach (var identity in Snapshot.OfType(ResourceTypes.Identity))
        {
            var roles = Snapshot.OfType(ResourceTypes.RoleAssignment)
                .Where(a => a.StrAt("properties", "principalId")!.Contains($"'{identity.Str("id")}'", StringComparison.Ordinal))
                .ToArray();
            var storage = Snapshot.OfType(ResourceTypes.StorageAccount).Single(s => s.Str("location") == identity.Str("location"));

            AssertRole(roles, BuiltInRoles.StorageTableDataContributor, storage.Str("id")!);
            AssertRole(roles, BuiltInRoles.StorageBlobDataOwner, storage.Str("id")!);
            AssertRole(roles, BuiltInRoles.KeyVaultSecretsUser, vault.Str("id")!);
            Assert.All(roles, r => Assert.Equal("ServicePrincipal", r.StrAt("properties", "principalType")));
        }
    }

    [Fact]
    public void KeyVault_Shared_UsesRbacWithPurgeProtection()
    {
        var vault = Snapshot.Single(ResourceTypes.KeyVault);

        Assert.True(vault.At("properties", "enableRbacAuthorization")!.GetValue<bool>());
        Assert.True(vault.At("properties", "enablePurgeProtection")!.GetValue<bool>());
        Assert.Null(vault.At("properties", "accessPolicies"));
    }

    private static void AssertRole(IEnumerable<System.Text.Json.Nodes.JsonObject> assignments, string roleId, string scope)
    {
        Assert.Contains(assignments, a =>
            a.StrAt("properties", "roleDefinitionId")!.EndsWith("/" + roleId, StringComparison.Ordinal)
            && string.Equals(ScopeOf(a), scope, StringComparison.OrdinalIgnoreCase));
    }

    // The assignment's id is an expression when its name depends on a new principal id:
    // [extensionResourceId('<scope>', 'Microsoft.Authorization/roleAssignments', guid(...))].
    private static string ScopeOf(System.Text.Json.Nodes.JsonObject assignment)
    {
        var id = assignment.Str("id")!;
        const string Extension = "[extensionResourceId('";
        return id.StartsWith(Extension, StringComparison.Ordinal)
            ? id[Extension.Length..id.IndexOf('\'', Extension.Length)]
            : id[..id.IndexOf("/providers/Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase)];
    }
}
