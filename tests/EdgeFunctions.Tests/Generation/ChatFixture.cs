using EdgeFunctions.Tests.Fakes.Providers;

namespace EdgeFunctions.Tests.Generation;

/// <summary>One harness for the tests that leave routing state alone (no faults, no breaker, no cooldown).</summary>
public sealed class ChatFixture : IAsyncLifetime
{
    private ChatHarness? _harness;

    public ChatHarness Harness => _harness ?? throw new InvalidOperationException("The harness has not started.");

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync();

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    /// <summary>Called by each test's constructor: tests in the collection run one at a time, so each starts from clean fakes.</summary>
    public ChatHarness Reset()
    {
        foreach (var fake in new FakeProviderServer[] { Harness.OpenAi, Harness.Anthropic })
        {
            fake.Behavior = FakeBehavior.Normal;
            fake.ToolCalls = null;
            fake.RateLimits = FakeRateLimits.Default;
            fake.ReplyText = $"Hello from {fake.Name}";
            fake.CachedPromptTokens = 0;
            fake.ClearRequests();
        }

        return Harness;
    }
}

[CollectionDefinition(Name)]
public sealed class ChatCollection : ICollectionFixture<ChatFixture>
{
    public const string Name = "chat";
}
