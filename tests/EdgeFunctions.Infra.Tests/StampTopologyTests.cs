using System.Text.Json.Nodes;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>One complete stamp per region, and nothing regional shared between regions.</summary>
public sealed class StampTopologyTests
{
    private static CompiledDeployment Production => CompiledDeployment.Production;

    public static TheoryData<string> PerRegionTypes() =>
        new(ResourceTypes.Site, ResourceTypes.StorageAccount, ResourceTypes.Identity, ResourceTypes.Plan, ResourceTypes.AppInsights);

    [Theory]
    [MemberData(nameof(PerRegionTypes))]
    public void Snapshot_EachRegion_HasExactlyOneOfEachStampResource(string type)
    {
        var regions = Production.Regions;
        var resources = Production.Snapshot.OfType(type);

        Assert.Equal(regions.Count, resources.Count);
        foreach (var region in regions)
        {
            var inRegion = resources.Where(r => r.Str("location") == region).ToArray();
            Assert.True(inRegion.Length == 1, $"{region}: expected one {type}, found {inRegion.Length}.");
        }
    }

    [Fact]
    public void Template_StampModule_IsOneNestedDeploymentPerRegionInACopyLoop()
    {
        var stampDeployments = Resources(Production.Template)
            .Where(r => r.Str("type") == ResourceTypes.Deployment && CountDeclared(r, ResourceTypes.Site) > 0)
            .ToArray();

        // One module declaration, looped over the regions parameter.
        var stamp = Assert.Single(stampDeployments);
        Assert.Equal("[length(parameters('regions'))]", stamp.StrAt("copy", "count"));
        Assert.Equal(1, CountDeclared(stamp, ResourceTypes.Site));
        Assert.Equal(1, CountDeclared(stamp, ResourceTypes.StorageAccount));
        Assert.Equal(1, CountDeclared(stamp, ResourceTypes.Identity));
    }

    [Fact]
    public void FunctionApp_EachRegion_IsFlexConsumptionDotnet10WithAnAlwaysReadyHttpInstance()
    {
        foreach (var site in Production.Snapshot.OfType(ResourceTypes.Site))
        {
            var config = site.At("properties", "functionAppConfig")!;
            Assert.Equal("dotnet-isolated", config.StrAt("runtime", "name"));
            Assert.Equal("10.0", config.StrAt("runtime", "version"));
            var http = config.At("scaleAndConcurrency", "alwaysReady")!.AsArray()
                .Single(a => a.Str("name") == "http");
            Assert.True(http!["instanceCount"]!.GetValue<int>() >= 1);
            Assert.Contains(config.At("scaleAndConcurrency", "instanceMemoryMB")!.GetValue<int>(), new[] { 512, 2048, 4096 });
            Assert.Equal("functionapp,linux", site.Str("kind"));
            Assert.True(site.At("properties", "httpsOnly")!.GetValue<bool>());

            var plan = Production.Snapshot.OfType(ResourceTypes.Plan).Single(p => site.StrAt("properties", "serverFarmId") == p.Str("id"));
            Assert.Equal("FC1", plan.StrAt("sku", "name"));
            Assert.Equal("FlexConsumption", plan.StrAt("sku", "tier"));
        }
    }

    [Fact]
    public void FunctionApp_EachRegion_UsesItsOwnRegionsIdentityForStorageAndKeyVault()
    {
        var snapshot = Production.Snapshot;
        foreach (var site in snapshot.OfType(ResourceTypes.Site))
        {
            var identity = snapshot.OfType(ResourceTypes.Identity).Single(i => i.Str("location") == site.Str("location"));
            var identityId = identity.Str("id")!;

            Assert.Equal("UserAssigned", site.StrAt("identity", "type"));
            Assert.NotNull(site.At("identity", "userAssignedIdentities", identityId));
            Assert.Equal(identityId, site.StrAt("properties", "keyVaultReferenceIdentity"));
            var deployment = site.At("properties", "functionAppConfig", "deployment", "storage")!;
            Assert.Equal("UserAssignedIdentity", deployment.StrAt("authentication", "type"));
            Assert.Equal(identityId, deployment.StrAt("authentication", "userAssignedIdentityResourceId"));
        }
    }

    internal static IEnumerable<JsonObject> Resources(JsonNode? template) =>
        template?["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(kv => kv.Value!.AsObject()), // languageVersion 2.0 symbolic names
            _ => [],
        };

    /// <summary>How many resources of a type a nested deployment declares, through nested modules.</summary>
    private static int CountDeclared(JsonObject deployment, string type)
    {
        var inner = deployment.At("properties", "template");
        return Resources(inner).Sum(r =>
            r.Str("type") == ResourceTypes.Deployment
                ? CountDeclared(r, type)
                : string.Equals(r.Str("type"), type, StringComparison.OrdinalIgnoreCase) ? 1 : 0);
    }
}
