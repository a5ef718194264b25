using System.Text;

namespace EdgeFunctions.Bench;

/// <summary>Raw ONNX Runtime (the limit) against /v1/embeddings over loopback HTTP, cache bypassed.</summary>
internal static class EmbeddingsBenchmark
{
    private static async Task<(double P50, long Count)> HandlerLatencyAsync(Uri address)
    {
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Add("api-key", "edge-dev-key");
        using var stats = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/v1/stats"));
        var route = stats.RootElement.GetProperty("requests").GetProperty("/v1/embeddings");
        return (route.GetProperty("p50_ms").GetDouble(), route.GetProperty("count").GetInt64());
    }

    public static async Task<string> RunAsync(TimeSpan phase)
    {
        string Json(int i) => $$"""{"model":"all-MiniLM-L6-v2","input":"{{Sentences.All[i % Sentences.All.Length]}}"}""";
        const string NoStore = "no-store";

        Console.Error.WriteLine("raw ONNX Runtime…");
        double rawP50, rawP99, rawBatched16, rawBatched32;
        using (var raw = new RawOnnxBaseline(Path.Combine(AppContext.BaseDirectory, "models")))
        {
            raw.SingleSentenceLatency(TimeSpan.FromSeconds(1));
            (rawP50, rawP99) = raw.SingleSentenceLatency(phase);
            rawBatched16 = raw.BatchedThroughput(16, phase);
            rawBatched32 = raw.BatchedThroughput(32, phase);
        }

        Console.Error.WriteLine("self-host with micro-batching…");
        var batched = new List<HttpLoad.Result>();
        double rss, startup, handlerP50 = 0;
        using (var host = await HostProcess.StartAsync())
        {
            startup = host.StartupToFirstAnswer.TotalMilliseconds;
            rss = host.ResidentMemoryMiB();
            await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 1, TimeSpan.FromSeconds(1), NoStore);
            foreach (var clients in new[] { 1, 4, 16 })
            {
                batched.Add(await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, clients, phase, NoStore));
                if (clients == 1)
                {
                    handlerP50 = (await HandlerLatencyAsync(host.Address)).P50;
                }
            }

            rss = Math.Max(rss, host.ResidentMemoryMiB());
        }

        Console.Error.WriteLine("self-host with one run per request…");
        HttpLoad.Result unbatched;
        using (var host = await HostProcess.StartAsync("--Inference:Batching:MaxBatchSize=1"))
        {
            unbatched = await HttpLoad.RunAsync(host.Address, "/v1/embeddings", Json, 16, phase, NoStore);
        }

        var report = new StringBuilder();
        report.AppendLine("| Path | Clients | p50 ms | p99 ms | sentences/s |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine($"| raw ONNX Runtime, one sentence per run | 1 | {rawP50:F2} | {rawP99:F2} | {1000 / rawP50:F0} |");
        report.AppendLine($"| raw ONNX Runtime, batches of 16 | 1 | | | {rawBatched16:F0} |");
        report.AppendLine($"| raw ONNX Runtime, batches of 32 | 1 | | | {rawBatched32:F0} |");
        foreach (var r in batched)
        {
            report.AppendLine($"| HTTP /v1/embeddings, micro-batching | {r.Clients} | {r.P50:F2} | {r.P99:F2} | {r.RequestsPerSecond:F0} |");
        }

        report.AppendLine($"| HTTP /v1/embeddings, one run per request (MaxBatchSize=1) | 16 | {unbatched.P50:F2} | {unbatched.P99:F2} | {unbatched.RequestsPerSecond:F0} |");
        report.AppendLine();
        report.AppendLine($"- HTTP single-sentence p50 / raw p50: **{batched[0].P50 / rawP50:F2}×** (target ≤ 1.3×); of that, time inside the gateway's handler (from /v1/stats, last 1024 calls, mostly the 1-client phase): p50 {handlerP50:F2} ms");
        report.AppendLine($"- HTTP at 16 clients / raw batched (16): **{batched[2].RequestsPerSecond / rawBatched16:F2}×** (target ≥ 0.85×); / one run per request: **{batched[2].RequestsPerSecond / unbatched.RequestsPerSecond:F2}×**");
        report.AppendLine($"- Self-host resident memory with the models loaded, after the load: **{rss:F0} MiB**");
        report.AppendLine($"- Self-host start-up to the first answered /v1/embeddings request (process start, model load, few-shot fit, first inference): **{startup:F0} ms**");
        report.AppendLine($"- Errors during the HTTP phases: {batched.Sum(b => b.Errors) + unbatched.Errors}");
        return report.ToString();
    }
}
