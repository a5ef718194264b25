using Microsoft.Extensions.Hosting;

namespace EdgeFunctions.Probing;

/// <summary>Reads the region's shared routing table at start-up so the first request routes on what other instances measured.</summary>
internal sealed class RoutingWarmup(ProviderProber prober) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => prober.RefreshFromStoreAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
