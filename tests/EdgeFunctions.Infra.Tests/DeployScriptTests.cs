using System.Text.RegularExpressions;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>
/// scripts/deploy.sh cannot reach Azure from here, so it runs against stand-ins for `az`
/// and `curl` (<see cref="DeployScriptHarness"/>). That checks its flow and arguments, not Azure.
/// </summary>
public sealed partial class DeployScriptTests : IDisposable
{
    private readonly DeployScriptHarness _harness = new();

    private static string Script => DeployScriptHarness.Script;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Syntax_DeployScript_ParsesWithBashNoExec()
    {
        var (code, output) = DeployScriptHarness.Bash("-n", Script);

        Assert.True(code == 0, output);
    }

    [Fact]
    public void Help_DeployScript_ExplainsEveryOptionItParses()
    {
        var source = File.ReadAllText(Script);
        var parsed = OptionPattern().Matches(source).Select(m => m.Groups[1].Value).Distinct().ToArray();
        var (code, help) = DeployScriptHarness.Bash(Script, "--help");

        Assert.Equal(0, code);
        Assert.True(parsed.Length >= 10, $"Found only {parsed.Length} options in the argument parser.");
        Assert.All(parsed, option => Assert.Contains(option, help, StringComparison.Ordinal));
    }

    [Fact]
    public void BicepVersion_DeployScript_MatchesTheCliTheTestsCompileWith()
    {
        var csproj = File.ReadAllText(Path.Combine(RepoLayout.Root, "tests", "EdgeFunctions.Infra.Tests", "EdgeFunctions.Infra.Tests.csproj"));
        var tested = Regex.Match(csproj, "<BicepCliVersion>([^<]+)</BicepCliVersion>").Groups[1].Value;
        var deployed = Regex.Match(File.ReadAllText(Script), "readonly BICEP_VERSION=\"([^\"]+)\"").Groups[1].Value;

        Assert.NotEmpty(tested);
        Assert.Equal(tested, deployed);
        Assert.Contains($"/{tested}/", BuildInfo.BicepPath, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StubbedAzure_WhatIfThenDeployThenPublishesAndSmokeTestsRegionByRegion()
    {
        var (code, output) = _harness.RunWithStubs("--yes", "--package", _harness.Package(), "--tenant-hashes", _harness.TenantFile(), "--operator-cidr", "203.0.113.7/32");
        var calls = _harness.Calls();

        Assert.True(code == 0, output);
        var order = new[]
        {
            Index(calls, "az deployment sub what-if"),
            Index(calls, "az deployment sub create"),
            Index(calls, "az functionapp deployment source config-zip --resource-group rg-a --name func-a"),
            Index(calls, "curl https://func-a.example.net/healthz"),
            Index(calls, "az functionapp deployment source config-zip --resource-group rg-b --name func-b"),
            Index(calls, "curl https://func-b.example.net/healthz"),
            Index(calls, "curl https://edge.example.azurefd.net/healthz"),
        };
        Assert.Equal(order.Order(), order);
        Assert.Contains("--template-file", calls[order[1]], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoTenantHashes_FailsBeforeDeployingAnything()
    {
        var (code, output) = _harness.RunWithStubs("--yes", "--package", _harness.Package(), "--operator-cidr", "203.0.113.7/32");

        Assert.NotEqual(0, code);
        Assert.Contains("no tenant", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_harness.Calls(), c => c.StartsWith("az deployment", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_RegionWithoutFlexConsumption_FailsBeforeDeployingAnything()
    {
        var (code, output) = _harness.RunWithStubs(
            ["--yes", "--package", _harness.Package(), "--tenant-hashes", _harness.TenantFile(), "--skip-regional-smoke"],
            flexRegions: "japaneast westeurope");

        Assert.NotEqual(0, code);
        Assert.Contains("no Flex Consumption in", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_harness.Calls(), c => c.StartsWith("az deployment", StringComparison.Ordinal));
    }

    private static int Index(string[] calls, string prefix)
    {
        var i = Array.FindIndex(calls, c => c.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(i >= 0, $"No call starting with '{prefix}' in:{Environment.NewLine}{string.Join(Environment.NewLine, calls)}");
        return i;
    }

    // Option names in the script's `case` arms, e.g. `-s | --subscription)` or `--yes)`.
    [GeneratedRegex(@"^\s+(?:-\w \| )?(--[a-z-]+)\)", RegexOptions.Multiline)]
    private static partial Regex OptionPattern();
}
