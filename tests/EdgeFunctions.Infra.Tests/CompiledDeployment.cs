using System.Text.Json.Nodes;

namespace EdgeFunctions.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled with a parameter file: the ARM template, the parameter
/// values, and the predicted resources. Compiles in a scratch copy of infra/ so the
/// repository is never written to.
/// </summary>
internal sealed class CompiledDeployment
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000a1";
    public const string TenantId = "00000000-0000-0000-0000-0000000000b2";

    private static readonly Lazy<CompiledDeployment> ProductionLazy = new(() => Compile("main.bicepparam", null));

    private CompiledDeployment(JsonObject template, JsonObject parameters, DeploymentSnapshot snapshot)
    {
        Template = template;
        Parameters = parameters;
        Snapshot = snapshot;
    }

    /// <summary>main.bicep with the committed main.bicepparam.</summary>
    public static CompiledDeployment Production => ProductionLazy.Value;

    /// <summary>The compiled main.bicep (ARM JSON).</summary>
    public JsonObject Template { get; }

    /// <summary>The `parameters` object of the compiled parameter file.</summary>
    public JsonObject Parameters { get; }

    public DeploymentSnapshot Snapshot { get; }

    /// <summary>The value the deployment uses: set in the parameter file, else the template default.</summary>
    public JsonNode? Param(string name) =>
        Parameters[name]?["value"] ?? Template.At("parameters", name, "defaultValue");

    public IReadOnlyList<string> Regions =>
        Param("regions")!.AsArray().Select(r => r!.GetValue<string>()).ToArray();

    /// <summary>Compiles main.bicep with a parameter file written for one test.</summary>
    public static CompiledDeployment WithParameters(string bicepparamText) => Compile("test.bicepparam", bicepparamText);

    private static CompiledDeployment Compile(string paramFile, string? paramText)
    {
        var scratch = Directory.CreateTempSubdirectory("edgefn-infra-");
        try
        {
            CopyDirectory(RepoLayout.Infra, scratch.FullName);
            if (paramText is not null)
            {
                File.WriteAllText(Path.Combine(scratch.FullName, paramFile), paramText);
            }

            var build = BicepCli.Run(scratch.FullName, "build-params", paramFile, "--stdout");
            Require(build);
            var output = JsonNode.Parse(build.StdOut)!;
            var parameters = JsonNode.Parse(output.Str("parametersJson")!)!["parameters"]!.AsObject();
            var template = JsonNode.Parse(output.Str("templateJson")!)!.AsObject();

            var location = parameters.StrAt("globalLocation", "value") ?? "eastus2";
            var snapshot = BicepCli.Run(
                scratch.FullName, "snapshot", paramFile, "--mode", "overwrite",
                "--subscription-id", SubscriptionId, "--tenant-id", TenantId,
                "--location", location, "--deployment-name", "edgefunctions");
            Require(snapshot);
            var snapshotFile = Path.Combine(scratch.FullName, Path.ChangeExtension(paramFile, ".snapshot.json"));
            var predicted = JsonNode.Parse(File.ReadAllText(snapshotFile))!.AsObject();

            return new CompiledDeployment(template, parameters, new DeploymentSnapshot(predicted));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static void Require(CliResult result)
    {
        if (!result.IsClean)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (!file.EndsWith(".snapshot.json", StringComparison.OrdinalIgnoreCase))
            {
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
            }
        }
    }
}
