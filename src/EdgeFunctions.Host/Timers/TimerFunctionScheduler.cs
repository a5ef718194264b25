using EdgeFunctions.Host.Discovery;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFunctions.Host.Timers;

/// <summary>
/// Runs every discovered timer function on its schedule in the self-host, as the Functions host
/// would. Occurrences are computed from the injected <see cref="TimeProvider"/>, and a run never
/// overlaps the previous one of the same function.
/// </summary>
internal sealed partial class TimerFunctionScheduler(
    FunctionCatalog catalog,
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider timeProvider,
    ILogger<TimerFunctionScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Parse every schedule first so a bad one fails start-up rather than one timer silently.
        var timers = catalog.Timers.Select(t => (Function: t, Schedule: TimerSchedule.Parse(t.Schedule, configuration, t.Name))).ToArray();
        return Task.WhenAll(timers.Select(t => RunAsync(t.Function, t.Schedule, stoppingToken)));
    }

    private async Task RunAsync(TimerFunction function, TimerSchedule schedule, CancellationToken stoppingToken)
    {
        var invoker = new FunctionInvoker(function.Method, typeof(TimerInfo));
        DateTime? last = null;
        var next = schedule.NextAfter(timeProvider.GetUtcNow());
        if (function.RunOnStartup)
        {
            last = await InvokeAsync(function, invoker, last, next, isPastDue: false, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var now = timeProvider.GetUtcNow();
            var following = schedule.NextAfter(now);
            last = await InvokeAsync(function, invoker, last, following, isPastDue: now - next > TimeSpan.FromSeconds(1), stoppingToken);
            next = following;
        }
    }

    private async Task<DateTime> InvokeAsync(TimerFunction function, FunctionInvoker invoker, DateTime? last, DateTimeOffset next, bool isPastDue, CancellationToken stoppingToken)
    {
        var now = timeProvider.GetUtcNow();
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = next.UtcDateTime, LastUpdated = now.UtcDateTime },
        };
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await invoker.InvokeAsync(scope.ServiceProvider, info, stoppingToken);
            Log.Ran(logger, function.Name, next);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // One failed run must not stop the schedule, as in the Functions host.
            Log.Failed(logger, function.Name, ex);
        }

        return now.UtcDateTime;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Timer function {Function} ran; next run at {Next:O}")]
        public static partial void Ran(ILogger logger, string function, DateTimeOffset next);

        [LoggerMessage(2, LogLevel.Error, "Timer function {Function} failed")]
        public static partial void Failed(ILogger logger, string function, Exception exception);
    }
}
