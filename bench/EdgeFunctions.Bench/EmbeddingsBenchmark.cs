using System.Text;

namespace EdgeFunctions.Bench;

/// <summary>Raw ONNX Runtime (the limit) against /v1/embeddings over loopback HTTP, cache bypassed.</summary>
internal static class EmbeddingsBenchmark
{
    // Each comparison alternates short windows of the baseline and the gateway, so that both see
    // the same moments of a shared machine whose speed drifts by more than the gaps measured here.
    private const int Rounds = 6;

    public static async Task<string> RunAsync(TimeSpan phase)
    {
        string Json(int i) => $$"""{"model":"all-MiniLM-L6-v2","input":"{{Sentences.All[i % Sentences.All.Length]}}"}""";
        const string NoStore = "no-store";
        var window = phase / Rounds;

        Console.Error.WriteLine("raw ONNX Runtime and the self-host with micro-batching, alternating…");
        using var raw = new RawOnnxBaseline(Path.Combine(AppContext.BaseDirectory, "models"));
        raw.SingleSentenceLatency(TimeSpan.FromSeconds(1));
        var rawAlone = raw.SingleSentenceLatency(window);
        var rawSingle = new List<double>();
        long rawSentences16 = 0;
        double rawSeconds16 = 0;
        var single = new List<HttpLoad.Result>();
        var sixteen = new List<HttpLoad.Result>();
        HttpLoad.Result four;
        double rss, startup, handlerP50;
        using (var host = await HostProcess.StartAsync())
        {
            startup = host.StartupToFirstAnswer.TotalMilliseconds;
            rss = host.ResidentMemoryMiB();
            // Warm-up long enough for tiered compilation to settle in both processes; the
            // 4-client phase warms the batching path before the 16-client windows.
            raw.SingleSentenceLatency(TimeSpan.FromSeconds(1));
            await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 1, TimeSpan.FromSeconds(3), NoStore);
            for (var round = 0; round < Rounds; round++)
            {
                rawSingle.AddRange(raw.SingleSentenceLatency(window));
                single.Add(await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 1, window, NoStore));
            }

            handlerP50 = await GatewayStats.HandlerP50Async(host.Address, "/v1/embeddings");
            four = await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 4, phase, NoStore);
            for (var round = 0; round < Rounds; round++)
            {
                var (sentences, seconds) = raw.BatchedThroughput(16, window);
                rawSentences16 += sentences;
                rawSeconds16 += seconds;
                sixteen.Add(await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 16, window, NoStore));
            }

            rss = Math.Max(rss, host.ResidentMemoryMiB());
        }

        var (sentences32, seconds32) = raw.BatchedThroughput(32, phase);
        Console.Error.WriteLine("self-host with one run per request…");
        HttpLoad.Result unbatched;
        using (var host = await HostProcess.StartAsync("--Inference:Batching:MaxBatchSize=1"))
        {
            unbatched = await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 16, phase, NoStore);
        }

        var http1 = HttpLoad.Result.Combine(single);
        var http16 = HttpLoad.Result.Combine(sixteen);
        var rawP50 = Percentiles.Of(rawSingle, 50);
        var rawBatched16 = rawSentences16 / rawSeconds16;
        var report = new StringBuilder();
        report.AppendLine("| Path | Clients | p50 ms | p99 ms | sentences/s |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine($"| raw ONNX Runtime, one sentence per run | 1 | {rawP50:F2} | {Percentiles.Of(rawSingle, 99):F2} | {1000 / rawP50:F0} |");
        report.AppendLine($"| raw ONNX Runtime, one sentence per run, before the self-host started | 1 | {Percentiles.Of(rawAlone, 50):F2} | {Percentiles.Of(rawAlone, 99):F2} | {1000 / Percentiles.Of(rawAlone, 50):F0} |");
        report.AppendLine($"| raw ONNX Runtime, batches of 16 | 1 | | | {rawBatched16:F0} |");
        report.AppendLine($"| raw ONNX Runtime, batches of 32 | 1 | | | {sentences32 / seconds32:F0} |");
        foreach (var r in new[] { http1, four, http16 })
        {
            report.AppendLine($"| HTTP /v1/embeddings, micro-batching | {r.Clients} | {r.P50:F2} | {r.P99:F2} | {r.RequestsPerSecond:F0} |");
        }

        report.AppendLine($"| HTTP /v1/embeddings, one run per request (MaxBatchSize=1) | 16 | {unbatched.P50:F2} | {unbatched.P99:F2} | {unbatched.RequestsPerSecond:F0} |");
        report.AppendLine();
        report.AppendLine($"- HTTP single-sentence p50 / raw p50: **{http1.P50 / rawP50:F2}×** (target ≤ 1.3×); of that, time inside the gateway's handler (from /v1/stats, last 1024 calls of the 1-client windows): p50 {handlerP50:F2} ms");
        report.AppendLine($"- HTTP at 16 clients / raw batched (16): **{http16.RequestsPerSecond / rawBatched16:F2}×** (target ≥ 0.85×); / one run per request: **{http16.RequestsPerSecond / unbatched.RequestsPerSecond:F2}×**");
        report.AppendLine($"- Per-window ratios ({Rounds} alternating windows each): single-sentence p50 {Ratios(single.Select(w => w.P50), rawP50)}; 16-client throughput {Ratios(sixteen.Select(w => w.RequestsPerSecond), rawBatched16)}");
        report.AppendLine($"- Self-host resident memory with the models loaded, after the load: **{rss:F0} MiB**");
        report.AppendLine($"- Self-host start-up to the first answered /v1/embeddings request (process start, model load, few-shot fit, first inference): **{startup:F0} ms**");
        report.AppendLine($"- Errors during the HTTP phases: {http1.Errors + four.Errors + http16.Errors + unbatched.Errors}");
        return report.ToString();
    }

    private static string Ratios(IEnumerable<double> values, double baseline) =>
        string.Join(", ", values.Select(v => (v / baseline).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));
}
