using Microsoft.Extensions.Logging;

namespace EdgeFunctions.Caching;

/// <summary>Deletes L2 rows past their stale window; run by the purge timer function.</summary>
public sealed partial class CachePurger(IResponseStore store, TimeProvider timeProvider, ILogger<CachePurger> logger)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        if (!store.IsConfigured)
        {
            return 0;
        }

        var deleted = await store.PurgeExpiredAsync(timeProvider.GetUtcNow(), cancellationToken);
        Log.Purged(logger, deleted);
        return deleted;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Cache purge deleted {Count} expired rows")]
        public static partial void Purged(ILogger logger, int count);
    }
}
