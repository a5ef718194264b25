using System.Diagnostics;

namespace EdgeFunctions.Infra.Tests;

/// <summary>
/// Runs scripts/deploy.sh with stand-ins for `az` and `curl` first on PATH. The stand-ins
/// record every call and answer with canned deployment outputs, so the script's flow can
/// be checked without Azure.
/// </summary>
internal sealed class DeployScriptHarness : IDisposable
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

    public void Dispose() => _stubs.Delete(recursive: true);

    public static string Script => Path.Combine(RepoLayout.Root, "scripts", "deploy.sh");

    public (int Code, string Output) RunWithStubs(params string[] args) => RunWithStubs(args, null);

    public (int Code, string Output) RunWithStubs(string[] args, string? flexRegions)
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

    public string[] Calls()
    {
        var log = Path.Combine(_stubs.FullName, "calls.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    public string Package()
    {
        var path = Path.Combine(_stubs.FullName, "app.zip");
        File.WriteAllText(path, "not a real package");
        return path;
    }

    public string TenantFile()
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

    public static (int Code, string Output) Bash(params string[] args) => Bash(new Dictionary<string, string>(), args);

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
}
