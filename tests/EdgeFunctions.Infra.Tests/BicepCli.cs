using System.Diagnostics;

namespace EdgeFunctions.Infra.Tests;

internal sealed record CliResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    /// <summary>True when the command succeeded and printed no diagnostic at all.</summary>
    public bool IsClean => ExitCode == 0 && StdErr.Trim().Length == 0;

    public override string ToString() =>
        $"`{Command}` exited {ExitCode}.{Environment.NewLine}stderr:{Environment.NewLine}{StdErr}";
}

/// <summary>Runs the Bicep CLI that restore downloaded (Azure.Bicep.CommandLine.linux-x64).</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<string> Executable = new(Locate);

    public static CliResult Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {Executable.Value}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish within {Timeout}.");
        }

        return new CliResult($"bicep {string.Join(' ', args)}", process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("BICEP_PATH") ?? BuildInfo.BicepPath;
        if (path is null || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at '{path}'. Restore tests/EdgeFunctions.Infra.Tests: its PackageDownload " +
                "of Azure.Bicep.CommandLine.linux-x64 puts tools/bicep in the NuGet package folder.");
        }

        // NuGet extracts files without guaranteeing the execute bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode exec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | exec);
            }
        }

        return path;
    }
}
