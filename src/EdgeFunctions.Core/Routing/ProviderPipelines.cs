using System.Collections.Concurrent;
using EdgeFunctions.Providers;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace EdgeFunctions.Routing;

/// <summary>
/// One Polly pipeline per provider, shared by every request: jittered retries of transient
/// failures (honouring a short Retry-After), a circuit breaker tuned to gateway volumes, and a
/// per-attempt timeout. 429s and rejections neither retry here nor trip the breaker: they are
/// capacity and request problems, handled by cooldown and failover.
/// </summary>
public sealed class ProviderPipelines(IOptions<GenerationOptions> generation, IOptions<RoutingOptions> options, TimeProvider timeProvider) : IProviderCircuits
{
    // A Retry-After longer than this is better spent on another provider.
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (ResiliencePipeline Pipeline, ProviderBreaker Breaker)> _pipelines = new(StringComparer.OrdinalIgnoreCase);

    public ResiliencePipeline For(string provider) => Get(provider).Pipeline;

    public string StateOf(string provider)
    {
        var breaker = Get(provider).Breaker;
        return breaker.State.CircuitState switch
        {
            // The break is over: the next call is Polly's half-open trial, so the router may send it.
            CircuitState.Open when breaker.OpenUntil <= timeProvider.GetUtcNow() => "halfopen",
            CircuitState.Open => "open",
            CircuitState.HalfOpen => "halfopen",
            CircuitState.Isolated => "isolated",
            _ => "closed",
        };
    }

    public DateTimeOffset? OpenUntil(string provider) => Get(provider).Breaker.OpenUntil;

    private (ResiliencePipeline Pipeline, ProviderBreaker Breaker) Get(string provider) => _pipelines.GetOrAdd(provider, Build);

    private (ResiliencePipeline, ProviderBreaker) Build(string provider)
    {
        var settings = options.Value;
        var attemptTimeout = generation.Value.Providers.TryGetValue(provider, out var providerOptions) ? providerOptions.AttemptTimeout : TimeSpan.FromSeconds(30);
        var breaker = new ProviderBreaker();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(settings.MaxRetries, 1),
                Delay = settings.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(settings.MaxRetries > 0 && args.Outcome.Exception is ProviderException
                {
                    Kind: ProviderFailureKind.Transient,
                } failure && (failure.RetryAfter is null || failure.RetryAfter <= MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ProviderException { RetryAfter: { } retryAfter } ? retryAfter : (TimeSpan?)null),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakerBreakDuration,
                StateProvider = breaker.State,
                OnOpened = args =>
                {
                    breaker.Opened(timeProvider.GetUtcNow() + args.BreakDuration);
                    return default;
                },
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is TimeoutRejectedException
                    or ProviderException { Kind: ProviderFailureKind.Transient or ProviderFailureKind.Timeout or ProviderFailureKind.Malformed }),
            })
            .AddTimeout(attemptTimeout)
            .Build();
        return (pipeline, breaker);
    }
}
