using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>Front Door: every region is an origin, probed on the app's real health route.</summary>
public sealed class FrontDoorTests
{
    private static CompiledDeployment Production => CompiledDeployment.Production;

    private static DeploymentSnapshot Snapshot => Production.Snapshot;

    [Fact]
    public void Origins_ProductionParameters_AreExactlyTheRegionsFunctionApps()
    {
        var origins = Snapshot.OfType(ResourceTypes.Origin);
        var group = Snapshot.Single(ResourceTypes.OriginGroup);

        Assert.Equal(Production.Regions.Order(StringComparer.Ordinal), origins.Select(o => o.Str("name")!.Split('/')[^1]).Order(StringComparer.Ordinal));
        foreach (var origin in origins)
        {
            var region = origin.Str("name")!.Split('/')[^1];
            Assert.StartsWith(group.Str("id") + "/", origin.Str("id"), StringComparison.Ordinal);
            // The host name is the site's defaultHostName, known only after deployment.
            var site = Snapshot.Referenced(origin.StrAt("properties", "hostName"), ResourceTypes.Site);
            Assert.True(site is not null, $"Origin {region} does not point at a Function App: {origin.StrAt("properties", "hostName")}");
            Assert.Equal(region, site.Str("location"));
            Assert.Equal(origin.StrAt("properties", "hostName"), origin.StrAt("properties", "originHostHeader"));
            Assert.Equal("Enabled", origin.StrAt("properties", "enabledState"));
        }

        // Equal priority and weight everywhere, so latency alone picks the region.
        Assert.Single(origins.Select(o => o.At("properties", "priority")!.GetValue<int>()).Distinct());
        Assert.Single(origins.Select(o => o.At("properties", "weight")!.GetValue<int>()).Distinct());
    }

    [Fact]
    public void Template_OriginsModule_BuildsOneOriginPerRegionInACopyLoop()
    {
        // Structural check on the ARM JSON, independent of the snapshot: the module's
        // origins parameter is a loop over `regions`, and the origin resource loops over it.
        var module = Assert.Single(
            StampTopologyTests.Resources(Production.Template),
            r => StampTopologyTests.Resources(r.At("properties", "template")).Any(i => i.Str("type") == ResourceTypes.Origin));
        var input = module.At("properties", "parameters", "origins", "copy")!.AsArray().Single()!;
        var origin = StampTopologyTests.Resources(module.At("properties", "template")).Single(i => i.Str("type") == ResourceTypes.Origin);

        Assert.Equal("[length(parameters('regions'))]", input.Str("count"));
        Assert.Contains("parameters('regions')[copyIndex('value')]", input.Str("input"), StringComparison.Ordinal);
        Assert.Equal("[length(parameters('origins'))]", origin.StrAt("copy", "count"));
    }

    [Fact]
    public void HealthProbe_OriginGroup_TargetsTheRouteTheFunctionsAppServes()
    {
        var health = FunctionsMetadata.HealthFunction();
        var probe = Snapshot.Single(ResourceTypes.OriginGroup).At("properties", "healthProbeSettings")!;

        Assert.Equal("/" + health.Route.TrimStart('/'), probe.Str("probePath"));
        Assert.Equal("Anonymous", health.AuthLevel, ignoreCase: true);
        Assert.Contains(probe.Str("probeRequestType"), health.Methods, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void HealthProbe_OriginGroup_Every30SecondsNeedingThreeOfFourOverHttps()
    {
        var group = Snapshot.Single(ResourceTypes.OriginGroup).At("properties")!;

        Assert.Equal(30, group.At("healthProbeSettings", "probeIntervalInSeconds")!.GetValue<int>());
        Assert.Equal("Https", group.StrAt("healthProbeSettings", "probeProtocol"));
        Assert.Equal(4, group.At("loadBalancingSettings", "sampleSize")!.GetValue<int>());
        Assert.Equal(3, group.At("loadBalancingSettings", "successfulSamplesRequired")!.GetValue<int>());
        Assert.Equal("Disabled", group.StrAt("sessionAffinityState"));
    }

    [Fact]
    public void Route_Endpoint_SendsEveryPathOverHttpsToTheRegionsGroup()
    {
        var route = Snapshot.Single(ResourceTypes.Route).At("properties")!;

        Assert.Equal(Snapshot.Single(ResourceTypes.OriginGroup).Str("id"), route.StrAt("originGroup", "id"));
        Assert.Equal(["/*"], route["patternsToMatch"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("HttpsOnly", route.Str("forwardingProtocol"));
        Assert.Equal("Enabled", route.Str("httpsRedirect"));
        Assert.Null(route["cacheConfiguration"]);
    }

    [Fact]
    public void Waf_Endpoint_RateLimitsEachClientAddressAndIsAttached()
    {
        var waf = Snapshot.Single(ResourceTypes.WafPolicy);
        var rule = Assert.Single(waf.At("properties", "customRules", "rules")!.AsArray(), r => r.Str("ruleType") == "RateLimitRule")!;
        var policy = Snapshot.Single(ResourceTypes.SecurityPolicy).At("properties", "parameters")!;

        Assert.Equal("Prevention", waf.StrAt("properties", "policySettings", "mode"));
        Assert.Equal("Block", rule.Str("action"));
        Assert.Equal("SocketAddr", rule["groupBy"]!.AsArray().Single()!.Str("variableName"));
        Assert.Equal(Production.Param("wafRateLimitPerMinute")!.GetValue<int>(), rule["rateLimitThreshold"]!.GetValue<int>());
        Assert.Equal(waf.StrAt("sku", "name"), Snapshot.Single(ResourceTypes.FrontDoor).StrAt("sku", "name"));
        Assert.Equal(waf.Str("id"), policy.StrAt("wafPolicy", "id"));
        Assert.Equal(Snapshot.Single(ResourceTypes.Endpoint).Str("id"), policy["associations"]![0]!["domains"]![0].Str("id"));
    }

    [Fact]
    public void FunctionApp_OriginsLocked_AcceptOnlyThisFrontDoorProfile()
    {
        Assert.True(Production.Param("lockOriginsToFrontDoor")!.GetValue<bool>());
        var profileId = Snapshot.Single(ResourceTypes.FrontDoor).Str("id")!;
        Assert.All(Snapshot.OfType(ResourceTypes.Site), site =>
        {
            var config = site.At("properties", "siteConfig")!;
            Assert.Equal("Deny", config.Str("ipSecurityRestrictionsDefaultAction"));
            var rule = config["ipSecurityRestrictions"]!.AsArray().Single(r => r.Str("ipAddress") == "AzureFrontDoor.Backend")!;
            Assert.Equal("ServiceTag", rule.Str("tag"));
            Assert.Contains($"'{profileId}'", rule["headers"]!["x-azure-fdid"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }
}
