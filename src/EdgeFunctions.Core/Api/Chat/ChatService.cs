using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EdgeFunctions.Caching;
using EdgeFunctions.Providers;
using EdgeFunctions.Routing;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api.Chat;

/// <summary>
/// Answers <c>POST /v1/chat/completions</c>: plan (estimate tokens, resolve and rank candidates),
/// serve deterministic requests from the cache, otherwise run the ranked list with failover.
/// </summary>
public sealed class ChatService(ProviderCatalog catalog, Router router, ChatExecutor executor, PromptTokenEstimator tokens, ResponseCache cache, IOptions<RoutingOptions> options, Telemetry.RequestCounters counters)
{
    // Fields that do not change the answer stay out of the cache key.
    private static readonly string[] NonSemanticFields = ["stream", "stream_options", "user", "metadata", "store", "service_tier"];

    public RoutingDecision Plan(ChatRequest request, RoutingPreferences preferences)
    {
        var candidates = catalog.Resolve(request.Model);
        var expectedOutput = request.MaxTokens ?? options.Value.DefaultExpectedOutputTokens;
        var route = new RouteRequest(request.Model, tokens.Estimate(request.Body), expectedOutput, request.Capabilities, preferences);
        return router.Rank(route, candidates);
    }

    public async Task<ChatAnswer> CompleteAsync(ChatRequest request, RoutingPreferences preferences, ApiCall call, CancellationToken cancellationToken)
    {
        var decision = Plan(request, preferences);
        var ranked = EnsureCandidates(decision);
        if (CacheRequestFor(request, decision, call) is not { } cacheRequest)
        {
            var result = await RunAsync(request, ranked, cancellationToken);
            counters.Spent(result.Value.Cost);
            return new ChatAnswer(result.Value.Completion, result.Deployment.Key, result.Attempts.Count, result.Value.Cost, null);
        }

        var attempts = 0;
        var cached = await cache.GetOrComputeAsync(cacheRequest, [CacheInput(request)], CachedChatCodec.Instance, async (_, ct) =>
        {
            var (answer, tried) = await ComputeForCacheAsync(request, ranked, ct);
            attempts = tried;
            return [answer];
        }, cancellationToken);
        var answer = cached.Values[0];
        var fresh = cached.Statuses[0] == CacheItemStatus.Miss;
        if (!fresh)
        {
            counters.Avoided(answer.CostUsd);
        }

        return new ChatAnswer(answer.Completion, answer.Deployment, attempts, fresh ? answer.CostUsd : 0, cached);
    }

    /// <summary>A streamed answer: a cache hit to replay, or a live stream already past its first chunk.</summary>
    public async Task<ChatStreamAnswer> StreamAsync(ChatRequest request, RoutingPreferences preferences, ApiCall call, CancellationToken cancellationToken)
    {
        var decision = Plan(request, preferences);
        var ranked = EnsureCandidates(decision);
        var cacheRequest = CacheRequestFor(request, decision, call);
        var cacheInput = cacheRequest is null ? null : CacheInput(request);
        // A stale hit is replayed while a non-streamed call refreshes the entry in the background.
        var refresh = async (CancellationToken ct) => (await ComputeForCacheAsync(request, ranked, ct)).Answer;
        if (cacheRequest is not null && await cache.LookupAsync(cacheRequest, cacheInput!, CachedChatCodec.Instance, cancellationToken, refresh) is { } hit)
        {
            return new ChatStreamAnswer(null, hit.Values[0], null, hit.Values[0].Deployment, 0, hit, null);
        }

        var chatCall = new ChatCall(request.Body, "", Stream: true, request.IncludeUsage);
        var result = await executor.ExecuteAsync(
            ranked,
            (provider, deployment, ct) => provider.StreamAsync(chatCall with { UpstreamModel = deployment.UpstreamModel }, ct),
            stream => stream.RateLimits,
            hedge: false,
            recordLatency: false,
            cancellationToken);
        Action<CachedChat>? store = cacheRequest is null ? null : answer => cache.Store(cacheRequest, cacheInput!, CachedChatCodec.Instance, answer);
        return new ChatStreamAnswer(result.Value, null, result.Deployment, result.Deployment.Key, result.Attempts.Count, null, store);
    }

    public static decimal CostOf(Deployment deployment, TokenUsage usage) => decimal.Round(deployment.CostOf(usage), 8);

    private async Task<ExecutionResult<(JsonObject Completion, TokenUsage Usage, decimal Cost)>> RunAsync(ChatRequest request, IReadOnlyList<RouteOption> ranked, CancellationToken cancellationToken)
    {
        var chatCall = new ChatCall(request.Body, "", Stream: false, IncludeUsage: false);
        var result = await executor.ExecuteAsync(
            ranked,
            async (provider, deployment, ct) => (deployment, await provider.CompleteAsync(chatCall with { UpstreamModel = deployment.UpstreamModel }, ct)),
            value => value.Item2.RateLimits,
            hedge: true,
            recordLatency: true,
            cancellationToken);
        var (deployment, chat) = result.Value;
        return new ExecutionResult<(JsonObject, TokenUsage, decimal)>((chat.Completion, chat.Usage, CostOf(deployment, chat.Usage)), result.Deployment, result.Attempts);
    }

    // Every call that pays a provider for the cache, the caller's own or a background refresh,
    // counts its cost as spent where it happens.
    private async Task<(CachedChat Answer, int Attempts)> ComputeForCacheAsync(ChatRequest request, IReadOnlyList<RouteOption> ranked, CancellationToken cancellationToken)
    {
        var result = await RunAsync(request, ranked, cancellationToken);
        counters.Spent(result.Value.Cost);
        return (new CachedChat(result.Value.Completion, result.Deployment.Key, result.Value.Usage, result.Value.Cost), result.Attempts.Count);
    }

    private static IReadOnlyList<RouteOption> EnsureCandidates(RoutingDecision decision)
    {
        if (decision.Ranked.Count > 0)
        {
            return decision.Ranked;
        }

        var reasons = string.Join("; ", decision.Excluded.Select(o => $"{o.Deployment.Key}: {o.ExcludedBecause}"));
        var onlyTransient = decision.Excluded.Count > 0 && decision.Excluded.All(o => o.ExcludedBecause!.StartsWith("circuit open", StringComparison.Ordinal) || o.ExcludedBecause.StartsWith("rate-limited", StringComparison.Ordinal));
        throw onlyTransient
            ? new ApiError(HttpStatusCode.ServiceUnavailable, $"No provider can take '{decision.Request.Model}' right now: {reasons}.", "server_error", "no_provider_available")
            {
                // Callers back off until the first cooldown or break ends, rather than retrying at once.
                RetryAfterSeconds = decision.RetryAfter is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1,
            }
            : ApiError.InvalidRequest($"No configured model for '{decision.Request.Model}' can serve this request: {(reasons.Length == 0 ? "the group is empty" : reasons)}.", "model", "no_eligible_model");
    }

    // Deterministic requests (temperature 0) or callers who opt in with edge.cache are cached.
    private static CacheRequest? CacheRequestFor(ChatRequest request, RoutingDecision decision, ApiCall call)
    {
        var optedIn = request.Edge?["cache"] is JsonValue flag && flag.TryGetValue<bool>(out var cacheIt) && cacheIt;
        if (request.Temperature != 0 && !optedIn)
        {
            return null;
        }

        // The candidate set stands in for a model revision: regrouping changes which models may answer.
        var revision = Inference.Models.ModelRevision.Combine(decision.Ranked.Concat(decision.Excluded).Select(o => o.Deployment.Key).Order(StringComparer.Ordinal));
        return new CacheRequest(CacheOperation.Chat, call.Tenant, request.Model, revision, CacheRequest.NoParameters, call.Cache);
    }

    private static string CacheInput(ChatRequest request)
    {
        var body = request.Body.DeepClone().AsObject();
        foreach (var field in NonSemanticFields)
        {
            body.Remove(field);
        }

        return CacheKey.CanonicalJson(System.Text.Json.JsonDocument.Parse(body.ToJsonString()).RootElement);
    }
}

/// <summary>A finished answer with who gave it, how many attempts it took and what it cost.</summary>
public sealed record ChatAnswer(JsonObject Completion, string Deployment, int Attempts, decimal CostUsd, CachedResults<CachedChat>? Cache)
{
    public string CostHeader => CostUsd.ToString("0.########", CultureInfo.InvariantCulture);
}

/// <summary>Either a live stream (with a way to store it once complete) or a cached answer to replay.</summary>
public sealed record ChatStreamAnswer(IChatStream? Live, CachedChat? Replay, Deployment? Deployment, string DeploymentKey, int Attempts, CachedResults<CachedChat>? Cache, Action<CachedChat>? Store);
