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

        // Every path runs at once and the load alternates between them, so that each is compared
        // with the bare endpoint at the same moments of this shared machine.
        Console.Error.WriteLine("bare Kestrel, and the gateway with L1 + L2, with L2 only, and without a cache…");
        var barePort = ChildProcess.FreePort();
        using var bare = ChildProcess.Start("dotnet", [typeof(CacheBenchmark).Assembly.Location, BareServer.Flag, barePort.ToString(System.Globalization.CultureInfo.InvariantCulture), bodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var bareAddress = new Uri($"http://127.0.0.1:{barePort}");
        await HostProcess.WaitUntilAnswersAsync(bareAddress, "{}", bare);
        using var cached = await HostProcess.StartAsync(connection);
        using var l2Only = await HostProcess.StartAsync(connection, "--Cache:MemoryLimitBytes=0");
        using var uncached = await HostProcess.StartAsync("--Cache:Enabled=false");

        // Warm every sentence into L1 and L2 first, so that hit windows never compute.
        foreach (var address in new[] { bareAddress, cached.Address, l2Only.Address, uncached.Address })
        {
            await HttpLoad.RunAsync(address, "/v1/embeddings", Json, 4, TimeSpan.FromSeconds(2));
        }

        var names = new[] { "bare Kestrel, static body", "L1 hit", "miss (no-cache: compute, write L1 and L2)", "L2 hit (Azurite, L1 off)", "no cache (compute only)" };
        HttpLoad.Target[] targets = [new(bareAddress), new(cached.Address), new(cached.Address, "no-cache"), new(l2Only.Address), new(uncached.Address)];
        var oneClient = await HttpLoad.AlternateAsync(targets, "/v1/embeddings", Json, 1, phase);
        var sixteenClients = await HttpLoad.AlternateAsync(targets, "/v1/embeddings", Json, 16, phase);
        var results = names.Select((name, i) => (Name: name, One: oneClient[i], Sixteen: sixteenClients[i])).ToList();

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
