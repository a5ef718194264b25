using Microsoft.Extensions.Configuration;
using NCrontab;

namespace EdgeFunctions.Host.Timers;

/// <summary>
/// A timer trigger's NCrontab schedule as the Functions host reads it: six fields (with seconds)
/// or five, and <c>%Name%</c> resolved from configuration.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule _schedule;

    private TimerSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    public string Expression { get; }

    public static TimerSchedule Parse(string schedule, IConfiguration configuration, string functionName)
    {
        var expression = schedule;
        if (schedule.Length > 2 && schedule.StartsWith('%') && schedule.EndsWith('%'))
        {
            var key = schedule[1..^1];
            expression = configuration[key]
                ?? throw new InvalidOperationException($"Timer function '{functionName}' uses schedule {schedule}, but setting '{key}' is not configured.");
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var parsed = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        return parsed is not null && fields is 5 or 6
            ? new TimerSchedule(expression, parsed)
            : throw new InvalidOperationException($"Timer function '{functionName}' has an invalid NCrontab schedule '{expression}'.");
    }

    public DateTimeOffset NextAfter(DateTimeOffset time) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(time.UtcDateTime), DateTimeKind.Utc));
}
