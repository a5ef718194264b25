namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>What the fake answers. Every setting may change while requests are in flight; each request reads it once.</summary>
public abstract partial class FakeProviderServer
{
    private FakeBehavior _behavior = FakeBehavior.Normal;
    private FakeRateLimits? _rateLimits = FakeRateLimits.Default;
    private string _replyText = string.Empty;
    private IReadOnlyList<FakeToolCall>? _toolCalls;
    private IReadOnlyList<string> _models = [];
    private int _cachedPromptTokens;

    /// <summary>Normal, or a fault; see <see cref="FakeBehavior"/>. Applies to every path, /v1/models included, unless <see cref="FaultsIncludeModelList"/> is false.</summary>
    public FakeBehavior Behavior
    {
        get => Volatile.Read(ref _behavior);
        set => Volatile.Write(ref _behavior, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>False keeps model-list probes healthy while chat fails, to separate probe and traffic signals.</summary>
    public bool FaultsIncludeModelList { get; set; } = true;

    /// <summary>Values for the rate-limit headers sent with every response; null sends none.</summary>
    public FakeRateLimits? RateLimits
    {
        get => Volatile.Read(ref _rateLimits);
        set => Volatile.Write(ref _rateLimits, value);
    }

    /// <summary>The assistant's text; "Hello from {Name}" by default.</summary>
    public string ReplyText
    {
        get => Volatile.Read(ref _replyText);
        set => Volatile.Write(ref _replyText, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>When set, a request that offers tools gets these tool calls instead of text.</summary>
    public IReadOnlyList<FakeToolCall>? ToolCalls
    {
        get => Volatile.Read(ref _toolCalls);
        set => Volatile.Write(ref _toolCalls, value);
    }

    /// <summary>
    /// How many prompt tokens the provider reports as served from its prompt cache (capped at the
    /// prompt): OpenAI's <c>prompt_tokens_details.cached_tokens</c>, Anthropic's <c>cache_read_input_tokens</c>.
    /// </summary>
    public int CachedPromptTokens
    {
        get => Volatile.Read(ref _cachedPromptTokens);
        set => Volatile.Write(ref _cachedPromptTokens, value);
    }

    /// <summary>The ids the models endpoint lists.</summary>
    public IReadOnlyList<string> Models
    {
        get => Volatile.Read(ref _models);
        set => Volatile.Write(ref _models, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
