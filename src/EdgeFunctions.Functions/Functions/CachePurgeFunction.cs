using EdgeFunctions.Caching;
using Microsoft.Azure.Functions.Worker;

namespace EdgeFunctions.Functions;

public sealed class CachePurgeFunction(CachePurger purger)
{
    // The schedule is an app setting so each stamp can tune it without a rebuild.
    [Function("CachePurge")]
    public Task Run([TimerTrigger("%Cache:PurgeSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        purger.PurgeAsync(cancellationToken);
}
