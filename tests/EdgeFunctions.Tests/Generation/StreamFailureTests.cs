using System.Net;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// A stream fails over only before its first byte; after that it ends with an <c>error</c> event
/// and no [DONE], never a silently truncated success. Each test has its own gateway: faults move breakers.
/// </summary>
public sealed class StreamFailureTests : IAsyncLifetime
{
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(OpenAiModel)]
    [InlineData(AnthropicModel)]
    public async Task Stream_CutMidStream_EndsWithErrorEventAndNoDone(string model)
    {
        Fake(model).Behavior = FakeBehavior.CutStreamAfter(4);

        using var response = await _harness.Client.StreamAsync(ChatRequests.Body(model, stream: true));
        var (chunks, done) = await response.ReadSseAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(done);
        Assert.NotEmpty(chunks.SkipLast(1));
        var error = chunks[^1]["error"]!;
        Assert.Equal("upstream_stream_failed", (string?)error["code"]);
        Assert.Equal("server_error", (string?)error["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        Assert.All(chunks.SkipLast(1), c => Assert.Null(c["error"]));
    }

    [Theory]
    [InlineData(OpenAiModel)]
    [InlineData(AnthropicModel)]
    public async Task Stream_ProviderSendsErrorEventMidStream_EndsWithErrorEventAndNoDone(string model)
    {
        Fake(model).Behavior = FakeBehavior.StreamErrorAfter(4);

        using var response = await _harness.Client.StreamAsync(ChatRequests.Body(model, stream: true));
        var (chunks, done) = await response.ReadSseAsync();

        Assert.False(done);
        Assert.Equal("upstream_stream_failed", (string?)chunks[^1]["error"]!["code"]);
    }

    [Fact]
    public async Task Stream_PrimaryRefusesConnections_FailsOverBeforeFirstByte()
    {
        await _harness.OpenAi.StopListeningAsync();

        using var response = await _harness.Client.StreamAsync(ChatRequests.Body("auto", stream: true));
        var (chunks, done) = await response.ReadSseAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.Equal("2", response.Header("x-edge-attempts"));
        Assert.True(done);
        Assert.Equal("Hello from anthropic", ChatRequests.Content(chunks));
    }

    [Fact]
    public async Task Stream_PrimaryReturns503_FailsOverBeforeFirstByte()
    {
        _harness.OpenAi.Behavior = FakeBehavior.Status(503);

        using var response = await _harness.Client.StreamAsync(ChatRequests.Body("auto", stream: true, includeUsage: true));
        var (chunks, done) = await response.ReadSseAsync();

        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.Equal("2", response.Header("x-edge-attempts"));
        Assert.True(done);
        Assert.Equal("Hello from anthropic", ChatRequests.Content(chunks));
        Assert.NotNull(chunks[^1]["usage"]);

        // One retry at the primary (503 is transient), then the next provider.
        Assert.Equal(2, _harness.OpenAi.CallCount);
    }

    [Fact]
    public async Task Stream_PrimaryCutBeforeAnyEvent_FailsOver()
    {
        _harness.OpenAi.Behavior = FakeBehavior.CutStreamAfter(0);

        using var response = await _harness.Client.StreamAsync(ChatRequests.Body("auto", stream: true));
        var (chunks, done) = await response.ReadSseAsync();

        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.True(done);
        Assert.Equal("Hello from anthropic", ChatRequests.Content(chunks));
    }

    private FakeProviderServer Fake(string model) => model == OpenAiModel ? _harness.OpenAi : _harness.Anthropic;
}
