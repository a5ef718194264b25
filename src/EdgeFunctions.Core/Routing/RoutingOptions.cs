using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Routing;

public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>NCrontab schedule of the provider probes; read by the timer as <c>%Routing:ProbeSchedule%</c>.</summary>
    [Required]
    public string ProbeSchedule { get; set; } = "*/30 * * * * *";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "Routing:TableName must be 3-63 letters or digits, starting with a letter.")]
    public string TableName { get; set; } = "routing";

    /// <summary>Output tokens to assume for cost when the request sets no max_tokens.</summary>
    [Range(1, 1_000_000)]
    public int DefaultExpectedOutputTokens { get; set; } = 256;

    /// <summary>Own traffic samples needed before they replace shared or configured latency.</summary>
    [Range(1, 1000)]
    public int MinTrafficSamples { get; set; } = 5;

    /// <summary>
    /// Traffic samples older than this no longer count, so a deployment that lost its traffic by
    /// being slow (or timing out) is tried again once its bad samples have aged out.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan TrafficSampleMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The whole request's deadline across retries and failover.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of transient failures at the same provider before failing over.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 1;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Attempts in the sampling window before a provider's breaker may open; far below Polly's 100, for a gateway's per-provider volume.</summary>
    [Range(2, 1000)]
    public int BreakerMinimumThroughput { get; set; } = 4;

    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Starts the next choice when the first has not answered in time (non-streamed requests only).</summary>
    public bool HedgingEnabled { get; set; }

    /// <summary>Fixed hedging delay; when unset the first choice's P95 is used.</summary>
    public TimeSpan? HedgingDelay { get; set; }

    /// <summary>Weights per priority: latency, cost, quality, headroom.</summary>
    [Required]
    public Dictionary<string, ScoreWeights> Weights { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["latency"] = new() { Latency = 0.7, Cost = 0.1, Quality = 0.1, Headroom = 0.1 },
        ["cost"] = new() { Latency = 0.1, Cost = 0.7, Quality = 0.1, Headroom = 0.1 },
        ["quality"] = new() { Latency = 0.1, Cost = 0.1, Quality = 0.7, Headroom = 0.1 },
        ["balanced"] = new() { Latency = 0.3, Cost = 0.3, Quality = 0.3, Headroom = 0.1 },
    };
}

public sealed class ScoreWeights
{
    public double Latency { get; set; }

    public double Cost { get; set; }

    public double Quality { get; set; }

    public double Headroom { get; set; }
}

[OptionsValidator]
public sealed partial class RoutingOptionsValidator : IValidateOptions<RoutingOptions>;
