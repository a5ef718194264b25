using System.Net;
using System.Text.Json.Nodes;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>A stream that goes quiet after its first bytes ends with an error event once the idle timeout passes, instead of hanging.</summary>
public sealed class StreamStallTests : IAsyncLifetime
{
    private ChatHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ChatHarness.StartAsync(
        new Dictionary<string, string?> { ["Providers:openai:AttemptTimeout"] = "00:00:05", ["Providers:anthropic:AttemptTimeout"] = "00:00:05" },
        fakeTime: true);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(OpenAiModel, 2)]
    [InlineData(AnthropicModel, 4)]
    public async Task Stream_ProviderStallsAfterFirstWord_EndsWithTimeoutErrorEvent(string model, int eventsBeforePause)
    {
        var never = new TaskCompletionSource();
        Fake(model).Behavior = FakeBehavior.PauseStreamAfter(eventsBeforePause, never.Task);
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await _harness.Client.StreamAsync(ChatRequests.Body(model, stream: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync(cap.Token);
        await using var events = SseReader.ReadAsync(body, cap.Token).GetAsyncEnumerator(cap.Token);
        var received = new List<string>();

        // First what the provider sent before it stalled: fake time stands still, so no idle timeout can fire yet.
        while (!ChatRequests.Content(received.Select(d => JsonNode.Parse(d)!.AsObject())).Contains("Hello", StringComparison.Ordinal))
        {
            Assert.True(await events.MoveNextAsync());
            received.Add(events.Current.Data);
        }

        while (true)
        {
            var next = events.MoveNextAsync().AsTask();
            // The gateway arms its idle clock just before each read; keep moving fake time until that read gives up.
            for (var step = 0; step < 200 && !next.IsCompleted && Fake(model).ParkedCount > 0; step++)
            {
                _harness.Time!.Advance(TimeSpan.FromSeconds(6));
                await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System));
            }

            if (!await next)
            {
                break;
            }

            received.Add(events.Current.Data);
        }

        Assert.DoesNotContain("[DONE]", received);
        var error = JsonNode.Parse(received[^1])!["error"]!;
        Assert.Equal("upstream_stream_failed", (string?)error["code"]);
        Assert.Contains("stalled", (string?)error["message"]);
        Assert.Contains("Hello", ChatRequests.Content(received.SkipLast(1).Select(d => JsonNode.Parse(d)!.AsObject())));
    }

    private FakeProviderServer Fake(string model) => model == OpenAiModel ? _harness.OpenAi : _harness.Anthropic;
}
