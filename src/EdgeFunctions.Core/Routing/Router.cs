using System.Globalization;
using EdgeFunctions.Providers;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Routing;

/// <summary>
/// Ranks deployments for one request. Candidates are filtered by hard facts (open circuit,
/// cooldown, context window, capabilities) and the caller's hard limits, then scored:
/// <c>score = wL·(fastest P95 / P95) + wC·(cheapest cost / cost) + wQ·quality + wH·headroom</c>,
/// with the weights of the request's priority. Each term is 0..1 and relative to the best eligible
/// option, so scores compare options, not absolute values. Ties break by deployment key.
/// </summary>
public sealed class Router(RoutingState state, IProviderCircuits circuits, IOptions<RoutingOptions> options, TimeProvider timeProvider)
{
    // Keeps cost ratios finite when a deployment is free (a local model).
    private const double CostFloorUsd = 1e-6;

    public RoutingDecision Rank(RouteRequest request, IReadOnlyList<Deployment> candidates)
    {
        var now = timeProvider.GetUtcNow();
        var eligible = new List<RouteOption>();
        var excluded = new List<RouteOption>();
        foreach (var deployment in candidates)
        {
            var option = Describe(request, deployment);
            var reason = ExclusionReason(request, option, now);
            (reason is null ? eligible : excluded).Add(option with { ExcludedBecause = reason });
        }

        if (eligible.Count == 0)
        {
            return new RoutingDecision(request, [], excluded) { RetryAfter = EarliestRetry(excluded, now) };
        }

        var weights = options.Value.Weights[request.Preferences.Priority.ToString().ToLowerInvariant()];
        var fastest = eligible.Min(o => o.LatencyMs);
        var cheapest = eligible.Min(o => (double)o.PredictedCostUsd);
        var ranked = eligible
            .Select(o => o with
            {
                Score = Math.Round(
                    (weights.Latency * (Math.Max(fastest, 1) / Math.Max(o.LatencyMs, 1)))
                    + (weights.Cost * ((cheapest + CostFloorUsd) / ((double)o.PredictedCostUsd + CostFloorUsd)))
                    + (weights.Quality * o.Quality)
                    + (weights.Headroom * o.Headroom), 6),
            })
            .OrderByDescending(o => o.Score)
            .ThenBy(o => o.Deployment.Key, StringComparer.Ordinal)
            .ToArray();
        return new RoutingDecision(request, ranked, excluded);
    }

    private RouteOption Describe(RouteRequest request, Deployment deployment)
    {
        var provider = state.Provider(deployment.Provider);
        var traffic = state.Traffic(deployment.Key);
        var since = timeProvider.GetUtcNow() - options.Value.TrafficSampleMaxAge;
        var (latency, source) = traffic.CountSince(since) >= options.Value.MinTrafficSamples
            ? (traffic.Percentile(95, since)!.Value, "traffic p95")
            : provider.Shared?.TrafficP95Ms.TryGetValue(deployment.Key, out var shared) == true
                ? (shared, "regional traffic p95")
                : (deployment.Settings.ExpectedLatency.TotalMilliseconds, "configured");
        return new RouteOption(
            deployment,
            latency,
            source,
            decimal.Round(deployment.PredictCost(request.PromptTokens, request.ExpectedOutputTokens), 6),
            deployment.Settings.Quality,
            provider.Headroom ?? 1,
            Score: null,
            ExcludedBecause: null);
    }

    // A provider that is both cooling down and open-circuited comes back when the later of the two ends.
    private TimeSpan? EarliestRetry(IEnumerable<RouteOption> excluded, DateTimeOffset now)
    {
        TimeSpan? earliest = null;
        foreach (var provider in excluded.Select(o => o.Deployment.Provider).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var cooldown = state.Provider(provider).CooldownUntil;
            var breakEnd = circuits.OpenUntil(provider);
            var until = breakEnd is null || cooldown > breakEnd ? cooldown : breakEnd;
            if (until > now && (earliest is null || until.Value - now < earliest))
            {
                earliest = until.Value - now;
            }
        }

        return earliest;
    }

    private string? ExclusionReason(RouteRequest request, RouteOption option, DateTimeOffset now)
    {
        var deployment = option.Deployment;
        var provider = state.Provider(deployment.Provider);
        var needed = request.PromptTokens + request.ExpectedOutputTokens;
        var missing = request.Capabilities.Where(c => !deployment.Supports(c)).ToArray();
        var preferences = request.Preferences;
        return true switch
        {
            _ when circuits.IsOpen(deployment.Provider) => $"circuit open after repeated failures ({provider.LastError ?? "no detail"})",
            _ when provider.IsCoolingDown(now) => $"rate-limited: cooling down until {provider.CooldownUntil!.Value.ToString("O", CultureInfo.InvariantCulture)} (Retry-After)",
            _ when needed > deployment.Settings.ContextWindow => $"context window too small: needs {needed} tokens ({request.PromptTokens} prompt + {request.ExpectedOutputTokens} output), has {deployment.Settings.ContextWindow}",
            _ when missing.Length > 0 => $"lacks required capabilities: {string.Join(", ", missing)}",
            _ when preferences.MaxLatency is { } maxLatency && option.LatencyMs > maxLatency.TotalMilliseconds => $"p95 latency {option.LatencyMs:F0} ms exceeds x-edge-max-latency-ms {maxLatency.TotalMilliseconds:F0}",
            _ when preferences.MaxCost is { } maxCost && option.PredictedCostUsd > maxCost => $"predicted cost ${option.PredictedCostUsd} exceeds x-edge-max-cost-usd {maxCost}",
            _ when preferences.MinQuality is { } minQuality && option.Quality < minQuality => $"quality {option.Quality} is below x-edge-min-quality {minQuality}",
            _ => null,
        };
    }
}
