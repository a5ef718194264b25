using System.Text.Json.Nodes;
using EdgeFunctions.Api.Chat;
using EdgeFunctions.Hosting;
using EdgeFunctions.Providers;
using EdgeFunctions.Routing;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Api.Routing;

/// <summary>
/// <c>GET /v1/routing</c> (this region's live provider table) and <c>POST /v1/routing/explain</c>
/// (the options weighed for a chat request and the decision, without calling any provider).
/// </summary>
public sealed class RoutingReportService(ProviderCatalog catalog, RoutingState state, IProviderCircuits circuits, ChatService chat, IOptions<RoutingOptions> options, IOptions<EdgeFunctionsOptions> edge, TimeProvider timeProvider)
{
    public JsonObject Table()
    {
        var now = timeProvider.GetUtcNow();
        double? AgeSeconds(DateTimeOffset? at) => at is { } t ? Math.Round((now - t).TotalSeconds, 1) : null;
        var providers = new JsonArray();
        foreach (var group in catalog.Deployments.GroupBy(d => d.Provider, StringComparer.OrdinalIgnoreCase))
        {
            var provider = state.Provider(group.Key);
            var deployments = new JsonArray(group.Select(d =>
            {
                var traffic = state.Traffic(d.Key);
                return (JsonNode)new JsonObject
                {
                    ["model"] = d.Key,
                    ["upstream_model"] = d.UpstreamModel,
                    ["traffic_p50_ms"] = traffic.Percentile(50),
                    ["traffic_p95_ms"] = traffic.Percentile(95),
                    ["traffic_samples"] = traffic.Count,
                    ["regional_traffic_p95_ms"] = provider.Shared?.TrafficP95Ms.TryGetValue(d.Key, out var shared) == true ? shared : null,
                    ["input_price_per_mtok"] = d.Settings.InputPricePerMTok,
                    ["output_price_per_mtok"] = d.Settings.OutputPricePerMTok,
                    ["cached_input_price_per_mtok"] = d.Settings.CachedInputPricePerMTok ?? d.Settings.InputPricePerMTok,
                    ["context_window"] = d.Settings.ContextWindow,
                    ["quality"] = d.Settings.Quality,
                    ["capabilities"] = new JsonArray(d.Settings.Capabilities.Select(c => (JsonNode)c).ToArray()),
                };
            }).ToArray());
            providers.Add(new JsonObject
            {
                ["provider"] = group.Key,
                ["circuit"] = circuits.StateOf(group.Key),
                ["cooldown_until"] = provider.IsCoolingDown(now) ? provider.CooldownUntil : null,
                ["cooldown_remaining_s"] = provider.IsCoolingDown(now) ? Math.Round((provider.CooldownUntil!.Value - now).TotalSeconds, 1) : 0,
                ["headroom"] = provider.Headroom,
                ["error_rate"] = Math.Round(provider.Outcomes.ErrorRate, 4),
                ["probe_p50_ms"] = provider.ProbeLatency.Percentile(50) ?? provider.Shared?.ProbeP50Ms,
                ["probe_p95_ms"] = provider.ProbeLatency.Percentile(95) ?? provider.Shared?.ProbeP95Ms,
                ["last_probe_at"] = provider.LastProbeAt ?? provider.Shared?.LastProbeAt,
                ["last_probe_age_s"] = AgeSeconds(provider.LastProbeAt ?? provider.Shared?.LastProbeAt),
                ["last_probe_ok"] = provider.LastProbeSucceeded ?? provider.Shared?.LastProbeSucceeded,
                ["last_error"] = provider.LastError,
                ["shared_score_age_s"] = AgeSeconds(provider.Shared?.UpdatedAt),
                ["deployments"] = deployments,
            });
        }

        return new JsonObject
        {
            ["object"] = "routing.table",
            ["region"] = edge.Value.Region,
            ["providers"] = providers,
            ["groups"] = new JsonObject(catalog.Groups.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonArray(g.Value.Select(d => (JsonNode)d.Key).ToArray())))),
        };
    }

    public JsonObject Explain(ChatRequest request, RoutingPreferences preferences)
    {
        var decision = chat.Plan(request, preferences);
        var weights = options.Value.Weights[preferences.Priority.ToString().ToLowerInvariant()];
        JsonObject Describe(RouteOption o) => new()
        {
            ["model"] = o.Deployment.Key,
            ["score"] = o.Score,
            ["latency_ms"] = Math.Round(o.LatencyMs, 1),
            ["latency_source"] = o.LatencySource,
            ["predicted_cost_usd"] = o.PredictedCostUsd,
            ["quality"] = o.Quality,
            ["headroom"] = o.Headroom,
            ["excluded_because"] = o.ExcludedBecause,
        };

        return new JsonObject
        {
            ["object"] = "routing.explanation",
            ["model"] = request.Model,
            ["prompt_tokens"] = decision.Request.PromptTokens,
            ["expected_output_tokens"] = decision.Request.ExpectedOutputTokens,
            ["required_capabilities"] = new JsonArray(decision.Request.Capabilities.Order(StringComparer.Ordinal).Select(c => (JsonNode)c).ToArray()),
            ["priority"] = preferences.Priority.ToString().ToLowerInvariant(),
            ["weights"] = new JsonObject { ["latency"] = weights.Latency, ["cost"] = weights.Cost, ["quality"] = weights.Quality, ["headroom"] = weights.Headroom },
            ["chosen"] = decision.Chosen?.Deployment.Key,
            ["ranked"] = new JsonArray(decision.Ranked.Select(o => (JsonNode)Describe(o)).ToArray()),
            ["excluded"] = new JsonArray(decision.Excluded.Select(o => (JsonNode)Describe(o)).ToArray()),
        };
    }
}
