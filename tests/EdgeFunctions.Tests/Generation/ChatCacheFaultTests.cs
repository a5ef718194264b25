using System.Net;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>Errors and partial streams are never cached: the next identical request goes upstream again.</summary>
public sealed class ChatCacheFaultTests : IAsyncLifetime
{
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Complete_UpstreamError_IsNotCached()
    {
        var body = ChatRequests.Body(OpenAiModel, temperature: 0);
        _harness.OpenAi.Behavior = FakeBehavior.Status(400);

        var failed = await _harness.Client.ChatAsync(body);
        _harness.OpenAi.Behavior = FakeBehavior.Normal;
        var retried = await _harness.Client.ChatAsync(body);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("miss", retried.Header("x-edge-cache"));
        Assert.Equal(2, _harness.OpenAi.CallCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stream_CutMidStream_IsNotCached(bool nextIsStreamed)
    {
        var body = ChatRequests.Body(OpenAiModel, temperature: 0, stream: true);
        _harness.OpenAi.Behavior = FakeBehavior.CutStreamAfter(3);
        using (var cut = await _harness.Client.StreamAsync(body))
        {
            Assert.False((await cut.ReadSseAsync()).Done);
        }

        _harness.OpenAi.Behavior = FakeBehavior.Normal;
        if (!nextIsStreamed)
        {
            body.Remove("stream");
        }

        using var response = await _harness.Client.StreamAsync(body);
        Assert.Equal("miss", response.Header("x-edge-cache"));
        Assert.Equal(2, _harness.OpenAi.CallCount);
        if (nextIsStreamed)
        {
            var (chunks, done) = await response.ReadSseAsync();
            Assert.True(done);
            Assert.Equal("Hello from openai", ChatRequests.Content(chunks));
        }
    }
}
