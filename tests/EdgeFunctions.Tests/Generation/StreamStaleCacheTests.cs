using EdgeFunctions.Caching;
using Microsoft.Extensions.DependencyInjection;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// A streamed deterministic request whose cached answer is past its TTL but inside its stale
/// window gets that answer replayed at once, while one non-streamed call refreshes it.
/// </summary>
public sealed class StreamStaleCacheTests : IAsyncLifetime
{
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync(fakeTime: true);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Stream_StaleEntry_IsReplayedAndRefreshedOnceInTheBackground()
    {
        var body = ChatRequests.Body(OpenAiModel, ChatRequests.Unique("Status?"), stream: true, temperature: 0);
        var cache = _harness.Services.GetRequiredService<ResponseCache>();
        var first = await _harness.Client.StreamAsync(body);
        var original = await TextAsync(first);
        await cache.WhenIdleAsync();
        _harness.OpenAi.ReplyText = "Everything is green now";
        _harness.Time!.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var spentBefore = (await _harness.Client.CostsAsync()).Spent;

        var stale = await _harness.Client.StreamAsync(body);
        var staleText = await TextAsync(stale);
        await cache.WhenIdleAsync();
        var refreshed = await _harness.Client.StreamAsync(body);

        Assert.Equal("miss", first.Header("x-edge-cache"));
        Assert.Equal("stale", stale.Header("x-edge-cache"));
        Assert.Equal(original, staleText);
        Assert.Equal("hit", refreshed.Header("x-edge-cache"));
        Assert.Equal("Everything is green now", await TextAsync(refreshed));
        Assert.Equal(2, _harness.OpenAi.CallCount);
        // The refresh paid a provider, and counts as spent although no caller waited for it.
        Assert.True((await _harness.Client.CostsAsync()).Spent > spentBefore);
    }

    private static async Task<string> TextAsync(HttpResponseMessage response)
    {
        var (chunks, done) = await response.ReadSseAsync();
        Assert.True(done);
        return ChatRequests.Content(chunks);
    }
}
