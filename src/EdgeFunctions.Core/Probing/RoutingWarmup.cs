using EdgeFunctions.Providers;
using Microsoft.Extensions.Hosting;

namespace EdgeFunctions.Probing;

/// <summary>
/// Prepares routing before the first request: reads the region's shared routing table, so the
/// first request routes on what other instances measured, and loads the prompt tokenizer's
/// vocabulary, which would otherwise cost the first chat request a few hundred milliseconds.
/// </summary>
internal sealed class RoutingWarmup(ProviderProber prober, ProviderCatalog catalog, Routing.PromptTokenEstimator tokens) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (catalog.Deployments.Count == 0)
        {
            return Task.CompletedTask;
        }

        tokens.Estimate(new System.Text.Json.Nodes.JsonObject());
        return prober.RefreshFromStoreAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
