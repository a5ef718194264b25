using System.Diagnostics;
using System.Text;

namespace EdgeFunctions.Bench;

/// <summary>Closed-loop HTTP load: N clients, each sending its next request when the last returns.</summary>
internal static class HttpLoad
{
    public sealed record Result(int Clients, List<double> Samples, double Seconds, int Errors)
    {
        public double RequestsPerSecond => Samples.Count / Seconds;

        public double P50 => Percentiles.Of(Samples, 50);

        public double P99 => Percentiles.Of(Samples, 99);

        /// <summary>Several windows of the same load as one: all their samples over all their time.</summary>
        public static Result Combine(IReadOnlyList<Result> windows) =>
            new(windows[0].Clients, windows.SelectMany(w => w.Samples).ToList(), windows.Sum(w => w.Seconds), windows.Sum(w => w.Errors));
    }

    public static async Task<Result> RunAsync(Uri address, string path, Func<int, string> body, int clients, TimeSpan duration, string? cacheControl = null)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = address };
        http.DefaultRequestHeaders.Add("api-key", "edge-dev-key");
        if (cacheControl is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        // Open every connection before measuring, so connection setup is not counted.
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => SendAsync(http, path, body(i))));

        var latencies = new List<double>[clients];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var samples = latencies[client] = [];
            for (var i = 0; clock.Elapsed < duration && i < 1_000_000; i++)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await SendAsync(http, path, body((client * 7919) + i)))
                {
                    Interlocked.Increment(ref errors);
                }

                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return new Result(clients, latencies.SelectMany(l => l).ToList(), clock.Elapsed.TotalSeconds, errors);
    }

    /// <summary>Where <see cref="AlternateAsync"/> sends load: an address and the Cache-Control to send, if any.</summary>
    public sealed record Target(Uri Address, string? CacheControl = null);

    /// <summary>
    /// The same load on several targets in alternating windows (<paramref name="rounds"/> of
    /// <paramref name="phase"/> / rounds each), pooled per target: every target sees the same
    /// moments of a shared machine whose speed drifts by more than the gaps being compared.
    /// </summary>
    public static async Task<Result[]> AlternateAsync(IReadOnlyList<Target> targets, string path, Func<int, string> body, int clients, TimeSpan phase, int rounds = 6)
    {
        var windows = targets.Select(_ => new List<Result>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                windows[i].Add(await RunAsync(targets[i].Address, path, body, clients, phase / rounds, targets[i].CacheControl));
            }
        }

        return Array.ConvertAll(windows, Result.Combine);
    }

    /// <summary>The latency of one request on a fresh connection, in milliseconds.</summary>
    public static async Task<double> TimeOneAsync(Uri address, string path, string json)
    {
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Add("api-key", "edge-dev-key");
        var started = Stopwatch.GetTimestamp();
        if (!await SendAsync(http, path, json))
        {
            throw new InvalidOperationException($"{path} failed");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<bool> SendAsync(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content);
        await response.Content.CopyToAsync(Stream.Null);
        return response.IsSuccessStatusCode;
    }
}
