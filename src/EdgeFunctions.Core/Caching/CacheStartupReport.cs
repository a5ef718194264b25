using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Caching;

/// <summary>Says at start-up which cache tiers serve, so that a missing storage setting is visible.</summary>
internal sealed partial class CacheStartupReport(IResponseStore store, IOptions<CacheOptions> options, ILogger<CacheStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            Log.Disabled(logger);
        }
        else if (store.IsConfigured)
        {
            Log.TwoTiers(logger, settings.MemoryLimitBytes / (1024 * 1024), settings.TableName);
        }
        else
        {
            Log.MemoryOnly(logger, settings.MemoryLimitBytes / (1024 * 1024));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Response cache: L1 in memory ({MiB} MiB) over L2 table '{Table}'")]
        public static partial void TwoTiers(ILogger logger, long miB, string table);

        [LoggerMessage(2, LogLevel.Warning, "Response cache: no storage configured (Storage:ConnectionString or Storage:TableEndpoint); L1 in memory ({MiB} MiB) serves alone and instances do not share results")]
        public static partial void MemoryOnly(ILogger logger, long miB);

        [LoggerMessage(3, LogLevel.Warning, "Response cache is disabled (Cache:Enabled=false)")]
        public static partial void Disabled(ILogger logger);
    }
}
