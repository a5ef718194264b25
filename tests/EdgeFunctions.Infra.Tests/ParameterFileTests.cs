using System.Text.RegularExpressions;
using NCrontab;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>The committed production parameters: footprint, schedules, tenant hashes.</summary>
public sealed partial class ParameterFileTests
{
    // Continent of each region the footprint may use; extend when adding a region.
    private static readonly Dictionary<string, string> Continents = new(StringComparer.Ordinal)
    {
        ["japaneast"] = "Asia", ["japanwest"] = "Asia", ["centralindia"] = "Asia", ["southindia"] = "Asia",
        ["southeastasia"] = "Asia", ["eastasia"] = "Asia", ["koreacentral"] = "Asia", ["uaenorth"] = "Asia",
        ["westeurope"] = "Europe", ["northeurope"] = "Europe", ["swedencentral"] = "Europe", ["uksouth"] = "Europe",
        ["francecentral"] = "Europe", ["germanywestcentral"] = "Europe", ["italynorth"] = "Europe",
        ["eastus"] = "North America", ["eastus2"] = "North America", ["centralus"] = "North America",
        ["westus2"] = "North America", ["westus3"] = "North America", ["canadacentral"] = "North America",
        ["southcentralus"] = "North America", ["brazilsouth"] = "South America",
        ["southafricanorth"] = "Africa", ["australiaeast"] = "Oceania",
    };

    private static CompiledDeployment Production => CompiledDeployment.Production;

    [Fact]
    public void Regions_ProductionParameters_SixOrMoreDistinctRegionsOnFiveContinents()
    {
        var regions = Production.Regions;

        Assert.True(regions.Count >= 6, $"Expected at least 6 regions, found {regions.Count}.");
        Assert.Equal(regions.Count, regions.Distinct(StringComparer.Ordinal).Count());
        var unknown = regions.Where(r => !Continents.ContainsKey(r)).ToArray();
        Assert.True(unknown.Length == 0, $"Add the continent of {string.Join(", ", unknown)} to {nameof(Continents)}.");
        var continents = regions.Select(r => Continents[r]).Distinct().Count();
        Assert.True(continents >= 5, $"Expected regions on at least 5 continents, found {continents}.");
    }

    [Fact]
    public void Regions_ProductionParameters_MatchTheAppsRegionNameFormat()
    {
        // EdgeFunctionsOptions validates Region against ^[a-z0-9-]{1,40}$.
        Assert.All(Production.Regions, r => Assert.Matches(RegionName(), r));
    }

    [Theory]
    [InlineData("cachePurgeSchedule", "0 */15 * * * *")]
    [InlineData("routingProbeSchedule", "*/30 * * * * *")]
    public void Schedule_ProductionParameters_IsSixFieldNCrontabWithDocumentedDefault(string parameter, string expected)
    {
        var value = Production.Param(parameter)!.GetValue<string>();

        Assert.Equal(expected, value);
        var schedule = CrontabSchedule.TryParse(value, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        Assert.True(schedule is not null, $"{parameter} '{value}' is not a valid 6-field NCrontab expression.");
        Assert.Equal(expected, Production.Template.At("parameters", parameter, "defaultValue")!.GetValue<string>());
    }

    [Fact]
    public void TenantKeyHashes_ProductionParameters_AreLowercaseSha256HexOnly()
    {
        var tenants = Production.Param("tenantKeyHashes")!.AsObject();

        foreach (var (tenant, hashes) in tenants)
        {
            Assert.All(hashes!.AsArray(), h => Assert.Matches(Sha256Hex(), h!.GetValue<string>()));
            Assert.Matches(TenantName(), tenant);
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex RegionName();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TenantName();
}
