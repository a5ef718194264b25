using Microsoft.Extensions.Options;

namespace EdgeFunctions.Providers;

/// <summary>
/// Upstream providers, keyed by id (<c>Providers:openai</c>, <c>Providers:anthropic</c>, ...), and the
/// model groups the router chooses within (<c>ModelGroups:auto</c>, <c>fast</c>, <c>smart</c>...).
/// </summary>
public sealed class ProviderOptions
{
    /// <summary><c>openai</c> (any OpenAI-compatible server: OpenAI, Azure OpenAI v1, Gemini, Ollama, vLLM, llama.cpp) or <c>anthropic</c>.</summary>
    public string Kind { get; set; } = ProviderKinds.OpenAi;

    /// <summary>Base URL including the version path, e.g. <c>https://api.openai.com/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Per-region endpoints; the stamp's region picks one, else <see cref="Endpoint"/>.</summary>
    public Dictionary<string, Uri> Endpoints { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The key (in Azure, an app setting resolved from a Key Vault reference). Empty for keyless local servers.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The header that carries the key: <c>Authorization</c> (sent as <c>Bearer key</c>; OpenAI, Gemini,
    /// vLLM), <c>api-key</c> (Azure OpenAI) or <c>x-api-key</c> (Anthropic's default).
    /// </summary>
    public string? ApiKeyHeader { get; set; }

    /// <summary>Extra headers, e.g. <c>anthropic-version</c>.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled { get; set; } = true;

    /// <summary>Per-attempt timeout (to the whole answer, or to the first byte of a stream).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>models</c> (list the models: free) or <c>completion</c> (a one-token completion of <see cref="ProbeModel"/>).</summary>
    public string Probe { get; set; } = "models";

    public string? ProbeModel { get; set; }

    public Dictionary<string, ModelOptions> Models { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ModelOptions
{
    /// <summary>The provider's own model id when it differs from the key (e.g. an Azure deployment name).</summary>
    public string? UpstreamId { get; set; }

    public decimal InputPricePerMTok { get; set; }

    public decimal OutputPricePerMTok { get; set; }

    /// <summary>
    /// USD per million prompt tokens the provider served from its prompt cache (OpenAI's
    /// <c>cached_tokens</c>, Anthropic's cache reads); unset, they cost <see cref="InputPricePerMTok"/>.
    /// </summary>
    public decimal? CachedInputPricePerMTok { get; set; }

    public int ContextWindow { get; set; } = 8192;

    /// <summary>Any of <c>tools</c>, <c>json</c>, <c>vision</c>.</summary>
    public List<string> Capabilities { get; set; } = [];

    /// <summary>0..1, higher is better; the operator's judgement or an eval score.</summary>
    public double Quality { get; set; } = 0.5;

    /// <summary>The latency to assume before traffic has measured any.</summary>
    public TimeSpan ExpectedLatency { get; set; } = TimeSpan.FromSeconds(1);
}

public static class ProviderKinds
{
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";
}

public static class Capabilities
{
    public const string Tools = "tools";
    public const string Json = "json";
    public const string Vision = "vision";
}

/// <summary>The whole provider configuration, validated at start-up.</summary>
public sealed class GenerationOptions
{
    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Group name → members as <c>provider/model</c>.</summary>
    public Dictionary<string, List<string>> ModelGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

internal sealed class GenerationOptionsValidator : IValidateOptions<GenerationOptions>
{
    public ValidateOptionsResult Validate(string? name, GenerationOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, provider) in options.Providers)
        {
            if (provider.Kind is not (ProviderKinds.OpenAi or ProviderKinds.Anthropic))
            {
                failures.Add($"Providers:{id}:Kind must be '{ProviderKinds.OpenAi}' or '{ProviderKinds.Anthropic}', not '{provider.Kind}'.");
            }

            if (provider.Enabled && provider.Endpoint is null && provider.Endpoints.Count == 0)
            {
                failures.Add($"Providers:{id}:Endpoint is required.");
            }

            if (provider.AttemptTimeout <= TimeSpan.Zero)
            {
                failures.Add($"Providers:{id}:AttemptTimeout must be positive.");
            }

            foreach (var (model, settings) in provider.Models)
            {
                if (settings.Quality is < 0 or > 1 || settings.ContextWindow <= 0 || settings.InputPricePerMTok < 0 || settings.OutputPricePerMTok < 0 || settings.CachedInputPricePerMTok < 0)
                {
                    failures.Add($"Providers:{id}:Models:{model}: Quality must be 0..1, ContextWindow positive, prices not negative.");
                }
            }
        }

        foreach (var (group, members) in options.ModelGroups)
        {
            foreach (var member in members)
            {
                var slash = member.IndexOf('/');
                if (slash <= 0 || !options.Providers.TryGetValue(member[..slash], out var provider) || !provider.Models.ContainsKey(member[(slash + 1)..]))
                {
                    failures.Add($"ModelGroups:{group} names '{member}', which is not a configured provider/model.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
