namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>The provider-neutral content of one fake answer, which each wire class renders in its own format.</summary>
internal sealed record FakeCompletion(
    string Id,
    DateTimeOffset Created,
    string Model,
    string? Text,
    IReadOnlyList<FakeToolCall>? ToolCalls,
    int PromptTokens,
    int CompletionTokens,
    int CachedPromptTokens = 0)
{
    public bool HasToolCalls => ToolCalls is { Count: > 0 };

    /// <summary>Tool calls when the request offered tools and the fake is told to call them; text otherwise.</summary>
    public static (string? Text, IReadOnlyList<FakeToolCall>? Calls) Choose(FakeProviderServer server, bool requestHasTools, string idPrefix)
    {
        var calls = server.ToolCalls;
        if (!requestHasTools || calls is not { Count: > 0 })
        {
            return (server.ReplyText, null);
        }

        return (null, [.. calls.Select((c, i) => c.Id is null ? c with { Id = $"{idPrefix}{i + 1}" } : c)]);
    }
}
