using EdgeFunctions.Probing;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Functions;

public sealed class ProviderProbeFunction(ProviderProber prober)
{
    [Function("ProviderProbe")]
    public Task Run([TimerTrigger("%Routing:ProbeSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        prober.ProbeAllAsync(cancellationToken);
}
