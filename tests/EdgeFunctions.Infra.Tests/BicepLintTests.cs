using System.Text.Json.Nodes;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>`bicep lint` on every file under infra/, and the parameter file compiled: zero diagnostics.</summary>
public sealed class BicepLintTests
{
    public static TheoryData<string> BicepFiles() => new(RepoLayout.BicepFiles());

    [Fact]
    public void Discovery_InfraFolder_HasMainTemplateParametersAndModules()
    {
        var files = RepoLayout.BicepFiles();

        Assert.Contains("main.bicep", files);
        Assert.True(File.Exists(RepoLayout.MainParams), "infra/main.bicepparam is missing.");
        Assert.Contains(files, f => f.StartsWith("modules/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Lint_BicepFile_ReportsNoWarningsOrErrors(string file)
    {
        var result = BicepCli.Run(RepoLayout.Infra, "lint", file);

        Assert.True(result.IsClean, result.ToString());
    }

    [Fact]
    public void Lint_ParameterFile_ReportsNoWarningsOrErrors()
    {
        var result = BicepCli.Run(RepoLayout.Infra, "lint", "main.bicepparam");

        Assert.True(result.IsClean, result.ToString());
    }

    [Fact]
    public void BuildParams_ParameterFile_CompilesAgainstMainTemplate()
    {
        var result = BicepCli.Run(RepoLayout.Infra, "build-params", "main.bicepparam", "--stdout");

        Assert.True(result.IsClean, result.ToString());
        var output = JsonNode.Parse(result.StdOut)!;
        Assert.NotNull(output.Str("parametersJson"));
        Assert.NotNull(output.Str("templateJson"));
    }

    [Fact]
    public void Snapshot_ProductionParameters_PredictsResourcesWithoutDiagnostics()
    {
        var snapshot = CompiledDeployment.Production.Snapshot;

        Assert.Empty(snapshot.Diagnostics);
        Assert.NotEmpty(snapshot.Resources);
    }
}
