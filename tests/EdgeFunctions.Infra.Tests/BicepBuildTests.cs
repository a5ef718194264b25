using System.Text.Json.Nodes;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>`bicep build` on every file under infra/: valid ARM JSON, zero diagnostics.</summary>
/// <remarks>Separate from <see cref="BicepLintTests"/> so xunit runs the two in parallel.</remarks>
public sealed class BicepBuildTests
{
    [Theory]
    [MemberData(nameof(BicepLintTests.BicepFiles), MemberType = typeof(BicepLintTests))]
    public void Build_BicepFile_EmitsArmTemplateWithoutDiagnostics(string file)
    {
        var result = BicepCli.Run(RepoLayout.Infra, "build", file, "--stdout");

        Assert.True(result.IsClean, result.ToString());
        var template = JsonNode.Parse(result.StdOut)!;
        Assert.Contains("deploymentTemplate.json", template.Str("$schema"), StringComparison.OrdinalIgnoreCase);
    }
}
