using EdgeFunctions.Inference.Models;
using Microsoft.Extensions.Hosting;

namespace EdgeFunctions.Hosting;

/// <summary>
/// Loads every local model before the host starts serving, so that the first request does not
/// pay for it and a broken model stops start-up with a clear message.
/// </summary>
internal sealed class ModelWarmup(ModelCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => catalog.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
