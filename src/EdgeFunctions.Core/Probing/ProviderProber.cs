using EdgeFunctions.Providers;
using EdgeFunctions.Routing;
using Microsoft.Extensions.Logging;

namespace EdgeFunctions.Probing;

/// <summary>
/// Probes every provider with a cheap call, records latency (successes only) and health, then
/// shares this instance's view through the region's routing table and adopts the others'.
/// </summary>
public sealed partial class ProviderProber(ProviderCatalog catalog, RoutingState state, RoutingScoreStore store, TimeProvider timeProvider, ILogger<ProviderProber> logger)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public async Task ProbeAllAsync(CancellationToken cancellationToken)
    {
        var providers = catalog.Deployments.Select(d => d.Provider).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        await Task.WhenAll(providers.Select(p => ProbeAsync(p, cancellationToken)));
        await store.SaveAsync(providers.Select(p => state.Snapshot(p, catalog.Deployments)), cancellationToken);
        await RefreshFromStoreAsync(cancellationToken);
    }

    /// <summary>Adopts what other instances in the region measured (also run once at start-up).</summary>
    public async Task RefreshFromStoreAsync(CancellationToken cancellationToken) =>
        state.Merge(await store.LoadAsync(cancellationToken));

    private async Task ProbeAsync(string provider, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var started = timeProvider.GetTimestamp();
        try
        {
            await catalog.Provider(provider).ProbeAsync(linked.Token);
            state.RecordProbe(provider, timeProvider.GetElapsedTime(started), error: null);
        }
        catch (ProviderException failure)
        {
            state.RecordProbe(provider, null, failure.Message);
            state.RecordFailure(provider, failure);
            Log.ProbeFailed(logger, provider, failure.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var failure = new ProviderException(provider, ProviderFailureKind.Timeout, "probe timed out");
            state.RecordProbe(provider, null, failure.Message);
            state.RecordFailure(provider, failure);
            Log.ProbeFailed(logger, provider, failure.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Probe of {Provider} failed: {Message}")]
        public static partial void ProbeFailed(ILogger logger, string provider, string message);
    }
}
