using System.Collections.Concurrent;
using EdgeFunctions.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Hedging;
using Polly.Timeout;

namespace EdgeFunctions.Routing;

/// <summary>
/// Runs a request down its ranked candidates within the request's deadline. Polly's hedging
/// strategy drives it: in fallback mode (infinite delay) the next candidate starts only when the
/// previous one failed; with hedging on, it also starts when the previous one has not answered
/// by its P95 (or the configured delay), and the first success cancels the rest.
/// </summary>
public sealed partial class ChatExecutor(ProviderCatalog catalog, ProviderPipelines pipelines, RoutingState state, IOptions<RoutingOptions> options, TimeProvider timeProvider, ILogger<ChatExecutor> logger)
{
    // Hedging pipelines are built once per result type and candidate count; each request passes
    // its own attempt function and delay through the resilience context.
    private readonly ConcurrentDictionary<(Type Result, int Attempts), object> _hedgingPipelines = new();

    public async Task<ExecutionResult<T>> ExecuteAsync<T>(
        IReadOnlyList<RouteOption> ranked,
        Func<IChatProvider, Deployment, CancellationToken, Task<T>> call,
        Func<T, RateLimitSnapshot?> rateLimitsOf,
        bool hedge,
        bool recordLatency,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var deadline = new CancellationTokenSource(settings.RequestDeadline, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var attempts = new ConcurrentQueue<AttemptRecord>();

        async ValueTask<Outcome<(T Value, Deployment Deployment)>> AttemptAsync(int index, CancellationToken token)
        {
            var deployment = ranked[index].Deployment;
            var started = timeProvider.GetTimestamp();
            try
            {
                var value = await pipelines.For(deployment.Provider).ExecuteAsync(async ct => await call(catalog.Provider(deployment.Provider), deployment, ct), token);
                state.RecordSuccess(deployment, recordLatency ? timeProvider.GetElapsedTime(started) : null, rateLimitsOf(value));
                attempts.Enqueue(new AttemptRecord(deployment.Key, true, null, "ok"));
                return Outcome.FromResult((value, deployment));
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested && !deadline.IsCancellationRequested)
            {
                // Hedging cancelled this attempt because another one answered first, or the caller went away.
                // Neither says anything about the provider's health: listed as an attempt, not recorded as a failure.
                var why = cancellationToken.IsCancellationRequested ? "cancelled: the caller went away" : "cancelled: another attempt answered first";
                attempts.Enqueue(new AttemptRecord(deployment.Key, false, null, why));
                throw;
            }
            catch (Exception ex) when (Classify(deployment, ex, token) is { } failure)
            {
                state.RecordFailure(deployment, failure, timeProvider.GetElapsedTime(started));
                attempts.Enqueue(new AttemptRecord(deployment.Key, false, failure.Kind, failure.Message));
                Log.AttemptFailed(logger, deployment.Key, failure.Kind, failure.Message);
                return Outcome.FromException<(T, Deployment)>(failure);
            }
        }

        Outcome<(T Value, Deployment Deployment)> outcome;
        if (ranked.Count == 1)
        {
            outcome = await AttemptAsync(0, linked.Token);
        }
        else
        {
            var hedgingDelay = hedge && settings.HedgingEnabled
                ? settings.HedgingDelay ?? TimeSpan.FromMilliseconds(ranked[0].LatencyMs)
                : Timeout.InfiniteTimeSpan;
            var pipeline = HedgingPipeline<T>(Math.Min(ranked.Count - 1, 10));
            var context = ResilienceContextPool.Shared.Get(linked.Token);
            context.Properties.Set(HedgingKeys<T>.Attempt, AttemptAsync);
            context.Properties.Set(HedgingKeys<T>.Delay, hedgingDelay);
            try
            {
                outcome = await pipeline.ExecuteOutcomeAsync((ctx, _) => AttemptAsync(0, ctx.CancellationToken), context, 0);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        if (outcome.Exception is null)
        {
            return new ExecutionResult<T>(outcome.Result.Value, outcome.Result.Deployment, [.. attempts]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var retryAfter = ranked.Select(o => state.Provider(o.Deployment.Provider).CooldownUntil).Where(c => c is not null).Min() - timeProvider.GetUtcNow();
        throw new GenerationFailedException([.. attempts], deadline.IsCancellationRequested, retryAfter > TimeSpan.Zero ? retryAfter : null);
    }

    private ResiliencePipeline<(T, Deployment)> HedgingPipeline<T>(int maxHedgedAttempts) =>
        (ResiliencePipeline<(T, Deployment)>)_hedgingPipelines.GetOrAdd((typeof(T), maxHedgedAttempts), key => new ResiliencePipelineBuilder<(T, Deployment)> { TimeProvider = timeProvider }
            .AddHedging(new HedgingStrategyOptions<(T, Deployment)>
            {
                MaxHedgedAttempts = key.Attempts,
                DelayGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(HedgingKeys<T>.Delay, Timeout.InfiniteTimeSpan)),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null and not OperationCanceledException),
                ActionGenerator = args => args.PrimaryContext.Properties.TryGetValue(HedgingKeys<T>.Attempt, out var attempt)
                    ? () => attempt(args.AttemptNumber, args.ActionContext.CancellationToken)
                    : null,
            })
            .Build());

    // Maps whatever an attempt threw to a provider failure; caller cancellation is not one.
    private ProviderException? Classify(Deployment deployment, Exception exception, CancellationToken attemptToken) => exception switch
    {
        ProviderException failure => failure,
        BrokenCircuitException or IsolatedCircuitException => new ProviderException(deployment.Provider, ProviderFailureKind.Transient, "circuit open: recent attempts failed"),
        TimeoutRejectedException => new ProviderException(deployment.Provider, ProviderFailureKind.Timeout, "no answer within the attempt timeout"),
        OperationCanceledException when attemptToken.IsCancellationRequested => new ProviderException(deployment.Provider, ProviderFailureKind.Timeout, "cancelled: the request deadline passed"),
        _ when exception is not OperationCanceledException => new ProviderException(deployment.Provider, ProviderFailureKind.Malformed, $"unexpected failure: {exception.Message}", inner: exception),
        _ => null,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Attempt at {Deployment} failed ({Kind}): {Message}")]
        public static partial void AttemptFailed(ILogger logger, string deployment, ProviderFailureKind kind, string message);
    }
}

/// <summary>Per-request values the shared hedging pipeline reads from its context.</summary>
internal static class HedgingKeys<T>
{
    public static readonly ResiliencePropertyKey<Func<int, CancellationToken, ValueTask<Outcome<(T Value, Deployment Deployment)>>>> Attempt = new("edge.attempt");

    public static readonly ResiliencePropertyKey<TimeSpan> Delay = new("edge.hedging-delay");
}
