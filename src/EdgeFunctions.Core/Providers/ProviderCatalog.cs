using EdgeFunctions.Api;
using EdgeFunctions.Hosting;
using EdgeFunctions.Providers.Anthropic;
using EdgeFunctions.Providers.OpenAi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Providers;

/// <summary>
/// The configured providers with their endpoint for this region, their deployments (one per
/// model) and the model groups. A provider whose key is an unresolved Key Vault reference is
/// left out with a warning, rather than sending that text upstream as a key.
/// </summary>
public sealed partial class ProviderCatalog
{
    private readonly Dictionary<string, IChatProvider> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IReadOnlyList<Deployment>> _groups = new(StringComparer.OrdinalIgnoreCase);

    public ProviderCatalog(IOptions<GenerationOptions> options, IOptions<EdgeFunctionsOptions> edge, TimeProvider timeProvider, ILogger<ProviderCatalog> logger)
    {
        var deployments = new List<Deployment>();
        foreach (var (name, settings) in options.Value.Providers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!settings.Enabled)
            {
                continue;
            }

            if (settings.ApiKey?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
            {
                Log.UnresolvedKey(logger, name);
                continue;
            }

            var endpoint = settings.Endpoints.TryGetValue(edge.Value.Region, out var regional) ? regional : settings.Endpoint!;
            endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = TimeSpan.FromSeconds(5) })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _providers[name] = settings.Kind == ProviderKinds.Anthropic
                ? new AnthropicProvider(name, settings, endpoint, http, timeProvider)
                : new OpenAiCompatibleProvider(name, settings, endpoint, http, timeProvider);
            deployments.AddRange(settings.Models.Select(m => new Deployment(name, m.Key, m.Value.UpstreamId ?? m.Key, m.Value)));
        }

        Deployments = deployments;
        foreach (var (group, members) in options.Value.ModelGroups)
        {
            _groups[group] = members.Select(m => deployments.FirstOrDefault(d => d.Key.Equals(m, StringComparison.OrdinalIgnoreCase))).OfType<Deployment>().ToArray();
        }
    }

    public IReadOnlyList<Deployment> Deployments { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<Deployment>> Groups => _groups;

    public IChatProvider Provider(string name) => _providers[name];

    /// <summary>
    /// A model group, a concrete <c>provider/model</c>, or a bare model name (every provider that
    /// serves it). Anything else is a 404 that lists what exists.
    /// </summary>
    public IReadOnlyList<Deployment> Resolve(string model)
    {
        if (_groups.TryGetValue(model, out var group))
        {
            return group;
        }

        var matches = Deployments.Where(d =>
            d.Key.Equals(model, StringComparison.OrdinalIgnoreCase)
            || d.Model.Equals(model, StringComparison.Ordinal)
            || d.UpstreamModel.Equals(model, StringComparison.Ordinal)).ToArray();
        return matches.Length > 0
            ? matches
            : throw ApiError.ModelNotFound(model, _groups.Keys.Concat(Deployments.Select(d => d.Key)).Order(StringComparer.Ordinal));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Provider {Provider} is left out: its ApiKey is an unresolved Key Vault reference (check the secret and the identity's access)")]
        public static partial void UnresolvedKey(ILogger logger, string provider);
    }
}
