using EdgeFunctions.Host.Discovery;
using EdgeFunctions.Host.Timers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFunctions.Tests.Hosting;

public sealed class TimerSchedulerTests
{
    [Fact]
    public async Task Scheduler_DiscoveredTimerFunction_RunsOnItsConfiguredSchedule()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Test:Schedule"] = "*/10 * * * * *" }).Build();
        var services = new ServiceCollection().AddSingleton<TickRecorder>().BuildServiceProvider();
        var catalog = FunctionCatalog.Discover(typeof(TickFunction).Assembly);
        using var scheduler = new TimerFunctionScheduler(catalog, services.GetRequiredService<IServiceScopeFactory>(), configuration, time, NullLogger<TimerFunctionScheduler>.Instance);
        var recorder = services.GetRequiredService<TickRecorder>();

        await scheduler.StartAsync(CancellationToken.None);
        var first = await AdvanceUntilTick(time, recorder);
        var second = await AdvanceUntilTick(time, recorder);
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(new DateTime(2026, 12, 4, 12, 0, 10, DateTimeKind.Utc), first.At);
        Assert.Equal(new DateTime(2026, 12, 4, 12, 0, 20, DateTimeKind.Utc), first.Info.ScheduleStatus!.Next);
        Assert.Equal(new DateTime(2026, 12, 4, 12, 0, 20, DateTimeKind.Utc), second.At);
        Assert.Equal(first.At, second.Info.ScheduleStatus!.Last);
    }

    [Theory]
    [InlineData("*/30 * * * * *", "2026-12-04T12:00:30Z")]
    [InlineData("0 */15 * * * *", "2026-12-04T12:15:00Z")]
    [InlineData("*/5 * * * *", "2026-12-04T12:05:00Z")]
    public void Schedule_SixAndFiveFieldExpressions_GiveTheNextOccurrence(string expression, string expected)
    {
        var schedule = TimerSchedule.Parse(expression, new ConfigurationBuilder().Build(), "t");
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule.NextAfter(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Schedule_UnresolvedSetting_FailsNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Parse("%Missing:Schedule%", new ConfigurationBuilder().Build(), "Purge"));
        Assert.Contains("Missing:Schedule", error.Message);
    }

    [Fact]
    public void Schedule_Garbage_Fails()
    {
        Assert.Throws<InvalidOperationException>(() => TimerSchedule.Parse("every minute please", new ConfigurationBuilder().Build(), "Purge"));
    }

    // Moves fake time in one-second steps until the function has run once more; bounded, never sleeps.
    private static async Task<(DateTime At, TimerInfo Info)> AdvanceUntilTick(FakeTimeProvider time, TickRecorder recorder)
    {
        for (var step = 0; step < 120; step++)
        {
            if (await recorder.Ticks.WaitAsync(TimeSpan.FromMilliseconds(50)))
            {
                return recorder.Last!.Value;
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        throw new Xunit.Sdk.XunitException("The timer function did not run within 120 simulated seconds.");
    }
}

public sealed class TickRecorder
{
    public SemaphoreSlim Ticks { get; } = new(0);

    public (DateTime At, TimerInfo Info)? Last { get; private set; }

    public void Record(DateTime at, TimerInfo info)
    {
        Last = (at, info);
        Ticks.Release();
    }
}

/// <summary>A timer function in the test assembly, found by the same discovery as the product's.</summary>
public sealed class TickFunction(TickRecorder recorder)
{
    [Function("Tick")]
    public void Run([TimerTrigger("%Test:Schedule%")] TimerInfo timer) =>
        recorder.Record(timer.ScheduleStatus!.LastUpdated, timer);
}
