using System.Net;
using System.Text.Json.Nodes;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// A live stream outlives the attempt that opened it: it must be tied to its own caller, not to
/// the attempt's cancellation. Real time, because the timeout below must fire on the real clock.
/// </summary>
public sealed class StreamLifetimeTests : IAsyncLifetime
{
    private static readonly TimeSpan ReadCap = TimeSpan.FromSeconds(10);
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync(
        new Dictionary<string, string?> { ["Providers:anthropic:AttemptTimeout"] = "00:00:00.500" });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Stream_AnotherRequestTimesOutMeanwhile_StreamStillCompletes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.OpenAi.Behavior = FakeBehavior.PauseStreamAfter(2, release.Task);
        _harness.Anthropic.Behavior = FakeBehavior.Hang;
        using var cap = new CancellationTokenSource(ReadCap);
        try
        {
            using var response = await _harness.Client.StreamAsync(ChatRequests.Body(OpenAiModel, stream: true));
            await using var body = await response.Content.ReadAsStreamAsync(cap.Token);
            await using var events = SseReader.ReadAsync(body, cap.Token).GetAsyncEnumerator(cap.Token);
            var chunks = new List<string>();
            while (!chunks.Any(c => c.Contains("Hello", StringComparison.Ordinal)))
            {
                Assert.True(await events.MoveNextAsync());
                chunks.Add(events.Current.Data);
            }

            // Another request's attempt times out while this stream waits for its provider.
            var other = await _harness.Client.ChatAsync(ChatRequests.Body(AnthropicModel));
            Assert.Equal(HttpStatusCode.GatewayTimeout, other.StatusCode);

            release.SetResult();
            while (await events.MoveNextAsync())
            {
                chunks.Add(events.Current.Data);
            }

            Assert.Equal("[DONE]", chunks[^1]);
            Assert.Equal("Hello from openai", ChatRequests.Content(chunks.SkipLast(1).Select(c => JsonNode.Parse(c)!.AsObject())));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Stream_CallerDisconnectsWhileProviderPauses_UpstreamRequestIsCancelled()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.OpenAi.Behavior = FakeBehavior.PauseStreamAfter(2, release.Task);
        using var cap = new CancellationTokenSource(ReadCap);

        // No draining of the unread body on dispose: the client hangs up at once, as a killed agent would.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = _harness.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = _harness.Client.DefaultRequestHeaders.Authorization;
        try
        {
            var response = await client.StreamAsync(ChatRequests.Body(OpenAiModel, stream: true));
            var body = await response.Content.ReadAsStreamAsync(cap.Token);
            await using (var events = SseReader.ReadAsync(body, cap.Token).GetAsyncEnumerator(cap.Token))
            {
                Assert.True(await events.MoveNextAsync());
            }

            await _harness.OpenAi.WaitForParkedAsync();
            response.Dispose();

            await _harness.OpenAi.WaitForClientAbortsAsync();
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
