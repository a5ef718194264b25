using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Caching;

public sealed class CacheOptions
{
    public const string SectionName = "Cache";

    public bool Enabled { get; set; } = true;

    /// <summary>Bytes of payload the in-process L1 may hold.</summary>
    [Range(0, long.MaxValue)]
    public long MemoryLimitBytes { get; set; } = 128L * 1024 * 1024;

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "Cache:TableName must be 3-63 letters or digits, starting with a letter.")]
    public string TableName { get; set; } = "cache";

    /// <summary>NCrontab schedule of the purge of expired L2 rows; read by the timer trigger as <c>%Cache:PurgeSchedule%</c>.</summary>
    [Required]
    public string PurgeSchedule { get; set; } = "0 */15 * * * *";

    /// <summary>Results waiting for their background L2 write; past this, new writes are dropped and counted.</summary>
    [Range(1, 1_000_000)]
    public int WriteQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// Store calls within a 10-second window before the breaker may open (at half of them
    /// failing). Small on purpose: Polly's default of 100 would let a dead store cost 100 timeouts.
    /// </summary>
    [Range(1, 1000)]
    public int BreakerMinimumThroughput { get; set; } = 5;

    /// <summary>How long the breaker stays open before one trial call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    [Required]
    public Dictionary<string, OperationCacheOptions> Operations { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [CacheOperation.Embeddings] = new() { Ttl = TimeSpan.FromDays(30), StaleWhileRevalidate = TimeSpan.FromDays(1) },
        [CacheOperation.Classification] = new() { Ttl = TimeSpan.FromDays(7), StaleWhileRevalidate = TimeSpan.FromHours(12) },
        [CacheOperation.Entities] = new() { Ttl = TimeSpan.FromDays(7), StaleWhileRevalidate = TimeSpan.FromHours(12) },
        [CacheOperation.Chat] = new() { Ttl = TimeSpan.FromHours(24), StaleWhileRevalidate = TimeSpan.FromHours(1) },
    };

    public OperationCacheOptions For(string operation) =>
        Operations.TryGetValue(operation, out var settings) ? settings : throw new InvalidOperationException($"No cache settings for '{operation}'.");
}

public sealed class OperationCacheOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan Ttl { get; set; }

    /// <summary>How long past expiry an entry may still answer while one background refresh runs.</summary>
    public TimeSpan StaleWhileRevalidate { get; set; }

    /// <summary>
    /// Lets every tenant share entries of this operation. Only for deterministic public work
    /// such as embeddings; off by default so tenants never see each other's results.
    /// </summary>
    public bool SharedAcrossTenants { get; set; }
}

internal sealed class CacheOptionsValidator : IValidateOptions<CacheOptions>
{
    private readonly CacheOptionsDataAnnotations _annotations = new();

    public ValidateOptionsResult Validate(string? name, CacheOptions options)
    {
        var result = _annotations.Validate(name, options);
        if (result.Failed)
        {
            return result;
        }

        var failures = new List<string>();
        foreach (var operation in CacheOperation.All)
        {
            if (!options.Operations.TryGetValue(operation, out var settings))
            {
                failures.Add($"Cache:Operations:{operation} is missing.");
            }
            else if (settings.Ttl <= TimeSpan.Zero || settings.StaleWhileRevalidate < TimeSpan.Zero)
            {
                failures.Add($"Cache:Operations:{operation}: Ttl must be positive and StaleWhileRevalidate not negative.");
            }
        }

        if (NCrontab.CrontabSchedule.TryParse(options.PurgeSchedule, new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = options.PurgeSchedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 }) is null)
        {
            failures.Add($"Cache:PurgeSchedule '{options.PurgeSchedule}' is not a valid NCrontab expression.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

[OptionsValidator]
internal sealed partial class CacheOptionsDataAnnotations : IValidateOptions<CacheOptions>;
