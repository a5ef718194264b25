using System.Globalization;
using System.Text;

namespace EdgeFunctions.Bench;

/// <summary>
/// Chat completions through the gateway against a direct call to the same fake upstream (the
/// baseline), and how much failover adds when the primary refuses connections, returns 503, or hangs.
/// </summary>
internal static class GenerationBenchmark
{
    // temperature 0.7: not cacheable, so every gateway request is a miss that goes upstream.
    private const string Body = """{"model":"auto","temperature":0.7,"messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Summarize the incident report in one sentence."}]}""";

    public static async Task<string> RunAsync(TimeSpan phase)
    {
        var report = new StringBuilder();
        using var upstream = StartUpstream("ok", out var upstreamPort);
        var upstreamAddress = new Uri($"http://127.0.0.1:{upstreamPort}");
        await HostProcess.WaitUntilAnswersAsync(upstreamAddress, Body, upstream, "/v1/chat/completions");

        Console.Error.WriteLine("direct upstream and the gateway with a healthy primary, alternating…");
        (HttpLoad.Result One, HttpLoad.Result Sixteen) direct, gateway;
        double handlerP50;
        using (var host = await StartGatewayAsync(upstreamPort, upstreamPort))
        {
            (direct, gateway, handlerP50) = await MeasureAlternatingAsync(upstreamAddress, host.Address, phase);
        }

        var failover = new List<(string Name, double First, HttpLoad.Result Steady)>();
        foreach (var (name, mode, timeout) in new[] { ("refuses connections", "refused", "00:00:05"), ("returns 503", "503", "00:00:05"), ("hangs (attempt timeout 1 s)", "hang", "00:00:01") })
        {
            Console.Error.WriteLine($"gateway, primary {name}…");
            var primary = StartUpstream("ok", out var primaryPort);
            try
            {
                using var host = await StartGatewayAsync(primaryPort, upstreamPort, timeout);
                await HostProcess.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{primaryPort}"), Body, primary, "/v1/chat/completions");
                await HttpLoad.RunAsync(host.Address, "/v1/chat/completions", _ => Body, 1, TimeSpan.FromSeconds(1));

                // The warmed gateway now meets the failure; afterwards the breaker keeps traffic away from it.
                if (mode == "refused")
                {
                    primary.Dispose();
                }
                else
                {
                    using var control = new HttpClient();
                    (await control.PostAsync(new Uri($"http://127.0.0.1:{primaryPort}/control/{mode}"), null)).EnsureSuccessStatusCode();
                }

                var first = await HttpLoad.TimeOneAsync(host.Address, "/v1/chat/completions", Body);
                await HttpLoad.RunAsync(host.Address, "/v1/chat/completions", _ => Body, 1, TimeSpan.FromSeconds(mode == "hang" ? 6 : 1));
                var steady = await HttpLoad.RunAsync(host.Address, "/v1/chat/completions", _ => Body, 1, phase);
                failover.Add((name, first, steady));
            }
            finally
            {
                primary.Dispose();
            }
        }

        report.AppendLine("| Path | p50 ms (1 client) | p99 ms (1 client) | req/s (16 clients) | p50 ms (16 clients) |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine($"| direct to the fake upstream (baseline) | {direct.One.P50:F3} | {direct.One.P99:F3} | {direct.Sixteen.RequestsPerSecond:F0} | {direct.Sixteen.P50:F2} |");
        report.AppendLine($"| through the gateway (cache miss, routed) | {gateway.One.P50:F3} | {gateway.One.P99:F3} | {gateway.Sixteen.RequestsPerSecond:F0} | {gateway.Sixteen.P50:F2} |");
        report.AppendLine();
        report.AppendLine($"- Gateway added latency on a miss: **p50 {gateway.One.P50 - direct.One.P50:F3} ms**, p99 {gateway.One.P99 - direct.One.P99:F3} ms (target p50 < 0.5 ms); time inside the gateway's handler in the 1-client windows, upstream call included (from /v1/stats): p50 {handlerP50:F3} ms");
        report.AppendLine();
        report.AppendLine("| Primary fails after warm-up | first request after the failure, ms | steady state p50 / p99 ms | steady p99 added over a healthy primary |");
        report.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, first, steady) in failover)
        {
            report.AppendLine($"| {name} | {first:F1} | {steady.P50:F3} / {steady.P99:F3} | {steady.P99 - gateway.One.P99:F3} |");
        }

        report.AppendLine();
        report.AppendLine($"- Errors: {direct.One.Errors + direct.Sixteen.Errors + gateway.One.Errors + gateway.Sixteen.Errors + failover.Sum(f => f.Steady.Errors)}");
        return report.ToString();
    }

    // Alternating windows of the direct call and the gateway: the gap measured here is a fraction
    // of a millisecond, less than this machine drifts in a minute. The handler's own time is read
    // right after the 1-client windows, which are the last 1024 calls it has seen.
    private static async Task<((HttpLoad.Result One, HttpLoad.Result Sixteen) Direct, (HttpLoad.Result One, HttpLoad.Result Sixteen) Gateway, double HandlerP50)> MeasureAlternatingAsync(Uri direct, Uri gateway, TimeSpan phase)
    {
        HttpLoad.Target[] targets = [new(direct), new(gateway)];
        foreach (var target in targets)
        {
            await HttpLoad.RunAsync(target.Address, "/v1/chat/completions", _ => Body, 4, TimeSpan.FromSeconds(2));
        }

        var one = await HttpLoad.AlternateAsync(targets, "/v1/chat/completions", _ => Body, 1, phase);
        var handlerP50 = await GatewayStats.HandlerP50Async(gateway, "/v1/chat/completions");
        var sixteen = await HttpLoad.AlternateAsync(targets, "/v1/chat/completions", _ => Body, 16, phase);
        return ((one[0], sixteen[0]), (one[1], sixteen[1]), handlerP50);
    }

    private static ChildProcess StartUpstream(string mode, out int port)
    {
        port = ChildProcess.FreePort();
        return ChildProcess.Start("dotnet", [typeof(GenerationBenchmark).Assembly.Location, UpstreamServer.Flag, port.ToString(CultureInfo.InvariantCulture), mode]);
    }

    private static Task<HostProcess> StartGatewayAsync(int primaryPort, int secondaryPort, string primaryTimeout = "00:00:05") => HostProcess.StartAsync(
        $"--Providers:primary:Endpoint=http://127.0.0.1:{primaryPort}/v1",
        $"--Providers:primary:AttemptTimeout={primaryTimeout}",
        "--Providers:primary:Models:fast-model:InputPricePerMTok=0.15",
        "--Providers:primary:Models:fast-model:OutputPricePerMTok=0.6",
        "--Providers:primary:Models:fast-model:ExpectedLatency=00:00:00.100",
        "--Providers:primary:Models:fast-model:Quality=0.8",
        $"--Providers:secondary:Endpoint=http://127.0.0.1:{secondaryPort}/v1",
        "--Providers:secondary:Models:slow-model:InputPricePerMTok=0.3",
        "--Providers:secondary:Models:slow-model:OutputPricePerMTok=1.2",
        "--Providers:secondary:Models:slow-model:ExpectedLatency=00:00:00.900",
        "--Providers:secondary:Models:slow-model:Quality=0.8",
        "--ModelGroups:auto:0=primary/fast-model",
        "--ModelGroups:auto:1=secondary/slow-model",
        "--Routing:MaxRetries=0");
}
