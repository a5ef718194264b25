using System.Reflection;
using System.Text;

namespace EdgeFunctions.Bench;

/// <summary>
/// Cache hits over loopback HTTP against a bare Kestrel endpoint (the limit): an L1 hit, an L2
/// hit (Azurite, L1 off), a miss (Cache-Control: no-cache, so compute and write), and the same
/// computation with the cache disabled.
/// </summary>
internal static class CacheBenchmark
{
    public static async Task<string> RunAsync(TimeSpan phase)
    {
        // 64 distinct sentences, warmed first, so hit phases never compute.
        string Json(int i) => $$"""{"model":"all-MiniLM-L6-v2","input":"{{Sentences.All[i % 64]}}"}""";
        var bodyBytes = 8300;

        using var azurite = await StartAzuriteAsync();
        var connection = $"--Storage:ConnectionString=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:{azurite.Port}/devstoreaccount1;";

        Console.Error.WriteLine("bare Kestrel…");
        var barePort = ChildProcess.FreePort();
        var results = new List<(string Name, HttpLoad.Result One, HttpLoad.Result Sixteen)>();
        using (var bare = ChildProcess.Start("dotnet", [typeof(CacheBenchmark).Assembly.Location, BareServer.Flag, barePort.ToString(System.Globalization.CultureInfo.InvariantCulture), bodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            var address = new Uri($"http://127.0.0.1:{barePort}");
            await HostProcess.WaitUntilAnswersAsync(address, "{}", bare);
            results.Add(("bare Kestrel, static body", await Measure(address, Json, phase, null), await HttpLoad.RunAsync(address, "/v1/embeddings", Json, 16, phase)));
        }

        Console.Error.WriteLine("gateway with L1 + L2…");
        using (var host = await HostProcess.StartAsync(connection))
        {
            await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 4, TimeSpan.FromSeconds(2));
            results.Add(("L1 hit", await Measure(host.Address, Json, phase, null), await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 16, phase)));
            results.Add(("miss (no-cache: compute, write L1 and L2)", await Measure(host.Address, Json, phase, "no-cache"), await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 16, phase, "no-cache")));
        }

        Console.Error.WriteLine("gateway with L1 off, L2 only…");
        using (var host = await HostProcess.StartAsync(connection, "--Cache:MemoryLimitBytes=0"))
        {
            results.Add(("L2 hit (Azurite, L1 off)", await Measure(host.Address, Json, phase, null), await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 16, phase)));
        }

        Console.Error.WriteLine("gateway with the cache disabled…");
        using (var host = await HostProcess.StartAsync("--Cache:Enabled=false"))
        {
            results.Add(("no cache (compute only)", await Measure(host.Address, Json, phase, null), await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 16, phase)));
        }

        var report = new StringBuilder();
        report.AppendLine("| Path | p50 ms (1 client) | p99 ms (1 client) | req/s (16 clients) | p50 ms (16 clients) |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (name, one, sixteen) in results)
        {
            report.AppendLine($"| {name} | {one.P50:F3} | {one.P99:F3} | {sixteen.RequestsPerSecond:F0} | {sixteen.P50:F2} |");
        }

        var bareOne = results[0].One;
        var l1 = results[1];
        var miss = results[2];
        var l2 = results[3];
        var none = results[4];
        report.AppendLine();
        report.AppendLine($"- L1 hit adds **{l1.One.P50 - bareOne.P50:F3} ms** p50 over the bare endpoint (target < 0.3 ms)");
        report.AppendLine($"- L2 hit adds **{l2.One.P50 - bareOne.P50:F3} ms** p50 over the bare endpoint (target < 2 ms)");
        report.AppendLine($"- Hit throughput at 16 clients / bare: L1 **{l1.Sixteen.RequestsPerSecond / results[0].Sixteen.RequestsPerSecond:F2}×**, L2 **{l2.Sixteen.RequestsPerSecond / results[0].Sixteen.RequestsPerSecond:F2}×** (target ≥ 0.5×)");
        report.AppendLine($"- A miss adds **{miss.One.P50 - none.One.P50:F3} ms** p50 over running without a cache (1 client)");
        report.AppendLine($"- Errors: {results.Sum(r => r.One.Errors + r.Sixteen.Errors)}");
        return report.ToString();
    }

    private static Task<HttpLoad.Result> Measure(Uri address, Func<int, string> json, TimeSpan phase, string? cacheControl) =>
        HttpLoad.RunAsync(address, "/v1/embeddings", json, 1, phase, cacheControl);

    private static async Task<AzuriteServer> StartAzuriteAsync()
    {
        var root = typeof(CacheBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        var port = ChildProcess.FreePort();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start(Path.Combine(root, "node_modules", ".bin", "azurite-table"),
            ["--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl"],
            line => { if (line.Contains("successfully started", StringComparison.OrdinalIgnoreCase)) started.TrySetResult(); });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new AzuriteServer(process, port);
    }

    private sealed record AzuriteServer(ChildProcess Process, int Port) : IDisposable
    {
        public void Dispose() => Process.Dispose();
    }
}
