using System.Text.Json.Nodes;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>Every app setting the app binds is set, under exactly the name it binds.</summary>
public sealed class AppSettingsTests
{
    private static CompiledDeployment Production => CompiledDeployment.Production;

    [Fact]
    public void AppSettings_EachRegion_SetEveryRequiredNameExactly()
    {
        var all = Settings(Production);

        Assert.Equal(Production.Regions.Count, all.Count);
        foreach (var (site, settings) in all)
        {
            var missing = AppSettingsContract.Required.Where(n => !settings.ContainsKey(n)).ToArray();
            Assert.True(missing.Length == 0, $"{site.Str("name")} lacks {string.Join(", ", missing)}.");
        }
    }

    [Fact]
    public void AppSettings_EachRegion_OmitLocalOnlyKeyBasedAndFlexRejectedSettings()
    {
        foreach (var (site, settings) in Settings(Production))
        {
            var present = AppSettingsContract.Forbidden.Where(settings.ContainsKey).ToArray();
            Assert.True(present.Length == 0, $"{site.Str("name")} sets {string.Join(", ", present)}.");
        }
    }

    [Fact]
    public void AppSettings_EachRegion_CarryThatRegionsValues()
    {
        var snapshot = Production.Snapshot;
        foreach (var (site, settings) in Settings(Production))
        {
            var region = site.Str("location")!;
            var storage = snapshot.OfType(ResourceTypes.StorageAccount).Single(s => s.Str("location") == region);
            var identity = snapshot.OfType(ResourceTypes.Identity).Single(i => i.Str("location") == region);

            Assert.Equal(region, settings["EdgeFunctions__Region"]);
            Assert.Equal(storage.Str("name"), settings["AzureWebJobsStorage__accountName"]);
            Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
            Assert.Same(storage, snapshot.Referenced(settings["Storage__TableEndpoint"], ResourceTypes.StorageAccount));
            Assert.EndsWith(".primaryEndpoints.table]", settings["Storage__TableEndpoint"], StringComparison.Ordinal);
            Assert.Same(identity, snapshot.Referenced(settings["AZURE_CLIENT_ID"], ResourceTypes.Identity));
            Assert.EndsWith(".clientId]", settings["AZURE_CLIENT_ID"], StringComparison.Ordinal);
            Assert.Equal(settings["AZURE_CLIENT_ID"], settings["AzureWebJobsStorage__clientId"]);
            Assert.NotNull(snapshot.Referenced(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], ResourceTypes.AppInsights));
            Assert.Equal(Production.Param("cachePurgeSchedule")!.GetValue<string>(), settings["Cache__PurgeSchedule"]);
            Assert.Equal(Production.Param("routingProbeSchedule")!.GetValue<string>(), settings["Routing__ProbeSchedule"]);
        }
    }

    [Fact]
    public void ProviderKeys_EachRegion_AreKeyVaultReferencesToTheSharedVault()
    {
        var vault = Production.Snapshot.Single(ResourceTypes.KeyVault).Str("name");
        foreach (var (_, settings) in Settings(Production))
        {
            foreach (var provider in AppSettingsContract.Providers)
            {
                Assert.Equal(
                    $"@Microsoft.KeyVault(VaultName={vault};SecretName={provider}-api-key)",
                    settings[AppSettingsContract.ProviderKey(provider)]);
            }

            // Any other provider key added later must be a reference too.
            Assert.All(
                settings.Where(s => s.Key.StartsWith("Providers__", StringComparison.Ordinal) && s.Key.EndsWith("__ApiKey", StringComparison.Ordinal)),
                s => Assert.StartsWith(AppSettingsContract.KeyVaultReferencePrefix, s.Value, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void TenantKeyHashes_TwoTenants_BecomeIndexedKeyHashSettingsInEveryRegion()
    {
        string a = new('a', 64), b = new('b', 64), c = new('c', 64);
        var compiled = CompiledDeployment.WithParameters($$"""
            using 'main.bicep'
            param namePrefix = 'edgetest'
            param regions = ['westeurope', 'japaneast']
            param globalLocation = 'westeurope'
            param tenantKeyHashes = {
              acme: ['{{a}}', '{{b}}']
              globex: ['{{c}}']
            }
            """);

        var all = Settings(compiled);
        Assert.Equal(2, all.Count);
        foreach (var (_, settings) in all)
        {
            Assert.Equal(a, settings[AppSettingsContract.TenantKeyHash("acme", 0)]);
            Assert.Equal(b, settings[AppSettingsContract.TenantKeyHash("acme", 1)]);
            Assert.Equal(c, settings[AppSettingsContract.TenantKeyHash("globex", 0)]);
            Assert.Equal(3, settings.Keys.Count(k => k.StartsWith("Auth__Tenants__", StringComparison.Ordinal)));
        }
    }

    /// <summary>Each site with the `appsettings` config resource that belongs to it.</summary>
    internal static IReadOnlyList<(JsonObject Site, Dictionary<string, string> Settings)> Settings(CompiledDeployment compiled)
    {
        var snapshot = compiled.Snapshot;
        return snapshot.OfType(ResourceTypes.Site)
            .Select(site =>
            {
                var config = snapshot.OfType(ResourceTypes.SiteConfig)
                    .Single(c => c.Str("id") == site.Str("id") + "/config/appsettings");
                var settings = config["properties"]!.AsObject()
                    .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
                return (site, settings);
            })
            .ToArray();
    }
}
