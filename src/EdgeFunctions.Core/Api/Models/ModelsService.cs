using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Providers;

namespace EdgeFunctions.Api.Models;

/// <summary>
/// Answers <c>GET /v1/models</c>: installed local models, upstream models as <c>provider/model</c>
/// (task <c>chat</c>), and model groups with their members.
/// </summary>
public sealed class ModelsService(ModelCatalog catalog, ProviderCatalog providers, TimeProvider timeProvider)
{
    // OpenAI's 'created' is a Unix time; for local models the process start is the honest value.
    private readonly long _loadedAt = timeProvider.GetUtcNow().ToUnixTimeSeconds();

    public ModelList List()
    {
        var local = catalog.Models
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new ModelInfo(m.Name, _loadedAt, "edgefunctions", m.Task, m.Revision, m.MaxTokens, (m as IEmbeddingModel)?.Dimensions, m.Labels.Count == 0 ? null : m.Labels));
        var upstream = providers.Deployments
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new ModelInfo(d.Key, _loadedAt, d.Provider, "chat", d.UpstreamModel, d.Settings.ContextWindow, null, null));
        var groups = providers.Groups
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ModelInfo(g.Key, _loadedAt, "edgefunctions", "chat", "group", g.Value.Count == 0 ? 0 : g.Value.Max(d => d.Settings.ContextWindow), null, null, g.Value.Select(d => d.Key).ToArray()));
        return new ModelList([.. local, .. upstream, .. groups]);
    }
}
