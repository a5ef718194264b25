using System.Diagnostics;
using System.Net;
using System.Reflection;

namespace EdgeFunctions.Bench;

/// <summary>The real self-host started as its own process on a free loopback port.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly ChildProcess _process;

    private HostProcess(ChildProcess process, Uri address, TimeSpan startup)
    {
        _process = process;
        Address = address;
        StartupToFirstAnswer = startup;
    }

    public Uri Address { get; }

    public TimeSpan StartupToFirstAnswer { get; }

    public double ResidentMemoryMiB() => _process.ResidentMemoryMiB();

    public static async Task<HostProcess> StartAsync(params string[] settings)
    {
        var hostPath = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HostPath").Value!;
        var port = ChildProcess.FreePort();
        var started = Stopwatch.StartNew();
        var process = ChildProcess.Start("dotnet", new[] { hostPath, "--urls", $"http://127.0.0.1:{port}", "--environment", "Development", "--Logging:LogLevel:Default=Warning" }.Concat(settings));
        var address = new Uri($"http://127.0.0.1:{port}");
        await WaitUntilAnswersAsync(address, """{"model":"all-MiniLM-L6-v2","input":"warm up"}""", process);
        return new HostProcess(process, address, started.Elapsed);
    }

    /// <summary>Polls until the server answers 200: start-up time is what is being measured here.</summary>
    public static async Task WaitUntilAnswersAsync(Uri address, string body, ChildProcess process, string path = "/v1/embeddings")
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        client.DefaultRequestHeaders.Add("api-key", "edge-dev-key");
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(path, content);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening or still loading.
            }

            await Task.Delay(50);
        }

        process.Dispose();
        throw new InvalidOperationException($"{address} did not answer within 30 s");
    }

    public void Dispose() => _process.Dispose();
}
