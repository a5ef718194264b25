using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>
/// scripts/deploy.sh cannot reach Azure from here, so it runs against stand-ins for `az`
/// and `curl` that record their calls. That checks its flow and arguments, not Azure.
/// </summary>
public sealed partial class DeployScriptTests : IDisposable
{
    private const string AzStub = """
        #!/usr/bin/env bash
        echo "az $*" >> "$STUB_LOG"
        case "$1 $2" in
          "account show") [[ "$*" == *query* ]] && echo "Test 0000"; exit 0 ;;
          "account set" | "provider register" | "functionapp deployment") exit 0 ;;
          "functionapp list-flexconsumption-locations") printf '%s\n' $STUB_FLEX_REGIONS ;;
          "keyvault secret") printf '%s\n' openai-api-key anthropic-api-key gemini-api-key azureopenai-api-key ;;
          "deployment sub")
            if [[ $3 == create ]]; then cat "$STUB_OUTPUTS"; else echo "what-if: no changes"; fi ;;
          *) echo "unexpected: az $*" >&2; exit 3 ;;
        esac
        """;

    private const string CurlStub = """
        #!/usr/bin/env bash
        echo "curl ${*: -1}" >> "$STUB_LOG"
        if [[ "$*" == *write-out* ]]; then printf 200; else printf 'x-edge-region: test\r\n\r\n'; fi
        """;

    private const string Outputs = """
        {"frontDoorHostName":{"value":"edge.example.azurefd.net"},"keyVaultName":{"value":"kv-test"},
         "healthProbePath":{"value":"/healthz"},
         "stamps":{"value":[
           {"region":"japaneast","resourceGroup":"rg-a","functionAppName":"func-a","hostName":"func-a.example.net"},
           {"region":"westeurope","resourceGroup":"rg-b","functionAppName":"func-b","hostName":"func-b.example.net"}]}}
        """;

    private readonly DirectoryInfo _stubs = Directory.CreateTempSubdirectory("edgefn-deploy-");

    private static string Script => Path.Combine(RepoLayout.Root, "scripts", "deploy.sh");

    public void Dispose() => _stubs.Delete(recursive: true);

    [Fact]
    public void Syntax_DeployScript_ParsesWithBashNoExec()
    {
        var (code, output) = Bash("-n", Script);

        Assert.True(code == 0, output);
    }

    [Fact]
    public void Help_DeployScript_ExplainsEveryOptionItParses()
    {
        var source = File.ReadAllText(Script);
        var parsed = OptionPattern().Matches(source).Select(m => m.Groups[1].Value).Distinct().ToArray();
        var (code, help) = Bash(Script, "--help");

        Assert.Equal(0, code);
        Assert.True(parsed.Length >= 10, $"Found only {parsed.Length} options in the argument parser.");
        Assert.All(parsed, option => Assert.Contains(option, help, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_StubbedAzure_WhatIfThenDeployThenPublishesAndSmokeTestsRegionByRegion()
    {
        var (code, output) = RunWithStubs("--yes", "--package", Package(), "--tenant-hashes", TenantFile(), "--operator-cidr", "203.0.113.7/32");
        var calls = Calls();

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
        var (code, output) = RunWithStubs("--yes", "--package", Package(), "--operator-cidr", "203.0.113.7/32");

        Assert.NotEqual(0, code);
        Assert.Contains("no tenant", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Calls(), c => c.StartsWith("az deployment", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_RegionWithoutFlexConsumption_FailsBeforeDeployingAnything()
    {
        var (code, output) = RunWithStubs(
            ["--yes", "--package", Package(), "--tenant-hashes", TenantFile(), "--skip-regional-smoke"],
            flexRegions: "japaneast westeurope");

        Assert.NotEqual(0, code);
        Assert.Contains("no Flex Consumption in", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Calls(), c => c.StartsWith("az deployment", StringComparison.Ordinal));
    }

    private (int Code, string Output) RunWithStubs(params string[] args) => RunWithStubs(args, null);

    private (int Code, string Output) RunWithStubs(string[] args, string? flexRegions)
    {
        WriteExecutable("az", AzStub);
        WriteExecutable("curl", CurlStub);
        File.WriteAllText(Path.Combine(_stubs.FullName, "outputs.json"), Outputs);
        var env = new Dictionary<string, string>
        {
            ["PATH"] = _stubs.FullName + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["STUB_LOG"] = Path.Combine(_stubs.FullName, "calls.log"),
            ["STUB_OUTPUTS"] = Path.Combine(_stubs.FullName, "outputs.json"),
            ["STUB_FLEX_REGIONS"] = flexRegions ?? string.Join(' ', CompiledDeployment.Production.Regions),
            ["BICEP"] = BuildInfo.BicepPath ?? "",
        };
        return Bash(env, [Script, .. args, "--smoke-timeout", "5"]);
    }

    private string[] Calls()
    {
        var log = Path.Combine(_stubs.FullName, "calls.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    private static int Index(string[] calls, string prefix)
    {
        var i = Array.FindIndex(calls, c => c.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(i >= 0, $"No call starting with '{prefix}' in:{Environment.NewLine}{string.Join(Environment.NewLine, calls)}");
        return i;
    }

    private string Package()
    {
        var path = Path.Combine(_stubs.FullName, "app.zip");
        File.WriteAllText(path, "not a real package");
        return path;
    }

    private string TenantFile()
    {
        var path = Path.Combine(_stubs.FullName, "tenants.json");
        File.WriteAllText(path, $$"""{"acme":["{{new string('a', 64)}}"]}""");
        return path;
    }

    private void WriteExecutable(string name, string content)
    {
        var path = Path.Combine(_stubs.FullName, name);
        File.WriteAllText(path, content.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static (int Code, string Output) Bash(params string[] args) => Bash(new Dictionary<string, string>(), args);

    private static (int Code, string Output) Bash(Dictionary<string, string> env, string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoLayout.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bash {string.Join(' ', args)} did not finish.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    // Option names in the script's `case` arms, e.g. `-s | --subscription)` or `--yes)`.
    [GeneratedRegex(@"^\s+(?:-\w \| )?(--[a-z-]+)\)", RegexOptions.Multiline)]
    private static partial Regex OptionPattern();
}
