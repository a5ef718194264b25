using System.Collections.Concurrent;
using EdgeFunctions.Providers;

namespace EdgeFunctions.Routing;

/// <summary>
/// This instance's live view of every provider and deployment, fed by probes and by passive
/// observation of traffic. Only successful calls count as latency samples, so fast failures
/// never make a broken provider look quick. A 429 sets a cooldown and headroom, not a failure.
/// </summary>
public sealed class RoutingState(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, ProviderState> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, LatencyWindow> _traffic = new(StringComparer.Ordinal);

    public ProviderState Provider(string name) => _providers.GetOrAdd(name, n => new ProviderState(n));

    public LatencyWindow Traffic(string deploymentKey) => _traffic.GetOrAdd(deploymentKey, _ => new LatencyWindow());

    public IReadOnlyCollection<ProviderState> Providers => _providers.Values.ToArray();

    /// <summary>A successful call; its latency counts only when it measures a whole answer (not a stream's first byte).</summary>
    public void RecordSuccess(Deployment deployment, TimeSpan? latency, RateLimitSnapshot? rateLimits)
    {
        var now = timeProvider.GetUtcNow();
        if (latency is { } measured)
        {
            Traffic(deployment.Key).Add(measured, now);
        }

        var provider = Provider(deployment.Provider);
        provider.Outcomes.Add(failed: false);
        if (rateLimits?.Headroom is { } headroom)
        {
            provider.Headroom = headroom;
        }
    }

    public void RecordFailure(Deployment deployment, ProviderException failure) => RecordFailure(deployment.Provider, failure);

    /// <summary>
    /// A failure after <paramref name="elapsed"/>. A timeout is evidence of latency, not a fast
    /// failure: it becomes a traffic sample, so a deployment that hangs ranks as slow and loses
    /// its traffic even when earlier successes keep its circuit's failure ratio low.
    /// </summary>
    public void RecordFailure(Deployment deployment, ProviderException failure, TimeSpan elapsed)
    {
        if (failure.Kind == ProviderFailureKind.Timeout)
        {
            Traffic(deployment.Key).Add(elapsed, timeProvider.GetUtcNow());
        }

        RecordFailure(deployment.Provider, failure);
    }

    public void RecordFailure(string providerName, ProviderException failure)
    {
        var provider = Provider(providerName);
        provider.LastError = failure.Message;
        if (failure.Kind == ProviderFailureKind.RateLimited)
        {
            // Capacity, not health: stop sending until the provider says, and assume little headroom.
            provider.CooldownUntil = timeProvider.GetUtcNow() + (failure.RetryAfter ?? TimeSpan.FromSeconds(10));
            provider.Headroom = 0;
            return;
        }

        if (failure.Kind != ProviderFailureKind.Rejected)
        {
            provider.Outcomes.Add(failed: true);
        }
    }

    public void RecordProbe(string providerName, TimeSpan? latency, string? error)
    {
        var provider = Provider(providerName);
        var now = timeProvider.GetUtcNow();
        provider.LastProbeAt = now;
        provider.LastProbeSucceeded = error is null;
        if (latency is { } measured && error is null)
        {
            provider.ProbeLatency.Add(measured, now);
        }
        else
        {
            provider.LastError = error;
        }
    }

    /// <summary>Adopts what other instances in the region measured, where this one has nothing newer.</summary>
    public void Merge(IEnumerable<SharedProviderScore> scores)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var score in scores)
        {
            var provider = Provider(score.Provider);
            provider.Shared = score;
            if (score.CooldownUntil is { } until && until > now && (provider.CooldownUntil is null || provider.CooldownUntil < until))
            {
                provider.CooldownUntil = until;
            }

            provider.Headroom ??= score.Headroom;
        }
    }

    public SharedProviderScore Snapshot(string providerName, IEnumerable<Deployment> deployments)
    {
        var provider = Provider(providerName);
        var traffic = deployments
            .Where(d => d.Provider.Equals(providerName, StringComparison.OrdinalIgnoreCase))
            .Select(d => (d.Key, P95: Traffic(d.Key).Percentile(95)))
            .Where(x => x.P95 is not null)
            .ToDictionary(x => x.Key, x => x.P95!.Value);
        return new SharedProviderScore(providerName, provider.ProbeLatency.Percentile(50), provider.ProbeLatency.Percentile(95), provider.Outcomes.ErrorRate,
            provider.CooldownUntil, provider.Headroom, provider.LastProbeAt, provider.LastProbeSucceeded, traffic, timeProvider.GetUtcNow());
    }
}
