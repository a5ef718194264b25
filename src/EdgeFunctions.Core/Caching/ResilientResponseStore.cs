using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using EdgeFunctions.Storage;

namespace EdgeFunctions.Caching;

/// <summary>
/// Decorates the L2 store with a per-call timeout and a circuit breaker, and turns every store
/// failure into a miss: the cache never makes a request fail. While the breaker is open, calls
/// return at once instead of each waiting out a dead store's timeout; a trial call after the
/// break duration closes it again when the store is back.
/// </summary>
public sealed partial class ResilientResponseStore : IResponseStore
{
    private readonly IResponseStore _inner;
    private readonly CacheStats _stats;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private volatile CircuitState _state = CircuitState.Closed;

    public ResilientResponseStore(IResponseStore inner, CacheStats stats, IOptions<CacheOptions> cacheOptions, IOptions<StorageOptions> storageOptions, TimeProvider timeProvider, ILogger<ResilientResponseStore> logger)
    {
        _inner = inner;
        _stats = stats;
        _logger = logger;
        var settings = cacheOptions.Value;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = settings.BreakerBreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                OnOpened = args =>
                {
                    _state = CircuitState.Open;
                    Log.BreakerOpened(_logger, args.BreakDuration.TotalSeconds, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    _state = CircuitState.HalfOpen;
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    _state = CircuitState.Closed;
                    Log.BreakerClosed(_logger);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(storageOptions.Value.OperationTimeout)
            .Build();
    }

    public bool IsConfigured => _inner.IsConfigured;

    public CircuitState State => _state;

    public Task<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken) =>
        ExecuteAsync(ct => _inner.GetAsync(key, ct), fallback: null, cancellationToken);

    public Task<int> SetAsync(CacheEntry entry, CancellationToken cancellationToken) =>
        ExecuteAsync(ct => _inner.SetAsync(entry, ct), fallback: -1, cancellationToken);

    /// <summary>The purge is not a request: its failures surface to the timer, which logs them.</summary>
    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.PurgeExpiredAsync(now, cancellationToken);

    private async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, T fallback, CancellationToken cancellationToken)
    {
        if (!_inner.IsConfigured)
        {
            return fallback;
        }

        try
        {
            return await _pipeline.ExecuteAsync(async ct => await call(ct), cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            _stats.StoreSkipped();
            return fallback;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _stats.StoreFailed();
            Log.StoreFailed(_logger, ex.GetType().Name, ex.Message);
            return fallback;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Cache store circuit opened for {Seconds} s after failures ({Reason}); requests go on uncached")]
        public static partial void BreakerOpened(ILogger logger, double seconds, string? reason);

        [LoggerMessage(2, LogLevel.Information, "Cache store circuit closed; the store is back")]
        public static partial void BreakerClosed(ILogger logger);

        [LoggerMessage(3, LogLevel.Debug, "Cache store call failed with {Type}: {Message}")]
        public static partial void StoreFailed(ILogger logger, string type, string message);
    }
}
