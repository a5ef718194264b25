using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace EdgeFunctions.Bench;

/// <summary>The real self-host started as its own process on a free loopback port.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri address, TimeSpan startup)
    {
        _process = process;
        Address = address;
        StartupToFirstAnswer = startup;
    }

    public Uri Address { get; }

    public TimeSpan StartupToFirstAnswer { get; }

    public static async Task<HostProcess> StartAsync(params string[] settings)
    {
        var hostPath = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HostPath").Value!;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(hostPath);
        foreach (var argument in new[] { "--urls", $"http://127.0.0.1:{port}", "--environment", "Development", "--Logging:LogLevel:Default=Warning" }.Concat(settings))
        {
            info.ArgumentList.Add(argument);
        }

        var started = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the host");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("host: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}");
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        client.DefaultRequestHeaders.Add("api-key", "edge-dev-key");
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                using var content = new StringContent("""{"model":"all-MiniLM-L6-v2","input":"warm up"}""", System.Text.Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/v1/embeddings", content);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new HostProcess(process, address, started.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still loading.
            }

            await Task.Delay(50);
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("the host did not answer within 30 s");
    }

    /// <summary>Resident memory of the host process, in MiB, from /proc.</summary>
    public double ResidentMemoryMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
