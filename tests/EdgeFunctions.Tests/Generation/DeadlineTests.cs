using System.Net;
using EdgeFunctions.Tests.Fakes.Providers;
using EdgeFunctions.Tests.Fixtures;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>The request's overall deadline ends it with 504 even while an attempt still has time left.</summary>
public sealed class DeadlineTests : IAsyncLifetime
{
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync(
        new Dictionary<string, string?> { ["Routing:RequestDeadline"] = "00:00:02", ["Providers:openai:AttemptTimeout"] = "00:00:30" },
        fakeTime: true);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(OpenAiModel)]
    [InlineData("auto")]
    public async Task Complete_DeadlinePassesWhilePrimaryHangs_Returns504(string model)
    {
        _harness.OpenAi.Behavior = FakeBehavior.Hang;

        var pending = _harness.Client.ChatAsync(ChatRequests.Body(model));
        await _harness.OpenAi.WaitForParkedAsync();
        _harness.Time!.Advance(TimeSpan.FromSeconds(2));
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        var error = await response.ExpectErrorAsync(HttpStatusCode.GatewayTimeout, "upstream_timeout");
        Assert.Contains(OpenAiModel, error.GetProperty("message").GetString());
        Assert.Equal(0, _harness.Anthropic.CallCount);
        await _harness.OpenAi.WaitForClientAbortsAsync();
    }

    [Fact]
    public async Task Stream_DeadlinePassesBeforeFirstByte_Returns504()
    {
        _harness.OpenAi.Behavior = FakeBehavior.Hang;

        var pending = _harness.Client.StreamAsync(ChatRequests.Body(OpenAiModel, stream: true));
        await _harness.OpenAi.WaitForParkedAsync();
        _harness.Time!.Advance(TimeSpan.FromSeconds(2));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        await response.ExpectErrorAsync(HttpStatusCode.GatewayTimeout, "upstream_timeout");
    }
}
