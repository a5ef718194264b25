using System.Net;
using System.Text.Json.Nodes;
using EdgeFunctions.Tests.Fakes.Providers;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary><c>stream: true</c> over both adapters: chunk order, [DONE], the usage chunk, and no buffering of the first bytes.</summary>
[Collection(ChatCollection.Name)]
public sealed class StreamingTests(ChatFixture fixture)
{
    private static readonly TimeSpan ReadCap = TimeSpan.FromSeconds(10);
    private readonly ChatHarness _harness = fixture.Reset();

    [Theory]
    [InlineData(OpenAiModel, "Hello from openai", OpenAiUpstream)]
    [InlineData(AnthropicModel, "Hello from anthropic", AnthropicUpstream)]
    public async Task Stream_Normal_SendsOpenAiChunksInOrderEndingWithDone(string model, string text, string upstream)
    {
        using var response = await _harness.Client.StreamAsync(ChatRequests.Body(model, stream: true));
        var (chunks, done) = await response.ReadSseAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(model, response.Header("x-edge-provider"));
        Assert.Equal("1", response.Header("x-edge-attempts"));
        Assert.True(done);
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.All(chunks, c => Assert.Equal(upstream, (string?)c["model"]));
        Assert.Single(chunks.Select(c => (string?)c["id"]).Distinct());
        Assert.StartsWith("chatcmpl-", (string?)chunks[0]["id"]);
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        Assert.Equal(text, ChatRequests.Content(chunks));

        // Word by word, as the provider sent them: streamed, not collapsed into one chunk.
        Assert.Equal(FakeTokenRule.Words(text).Count, chunks.Count(c => !string.IsNullOrEmpty((string?)c["choices"]![0]!["delta"]!["content"])));
        Assert.Equal("stop", (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
        Assert.DoesNotContain(chunks, c => c["choices"] is JsonArray { Count: 0 });
    }

    [Theory]
    [InlineData(OpenAiModel, "Hello from openai")]
    [InlineData(AnthropicModel, "Hello from anthropic")]
    public async Task Stream_IncludeUsage_EndsWithOneUsageChunk(string model, string text)
    {
        var prompt = ChatRequests.Unique("Count me");
        using var response = await _harness.Client.StreamAsync(ChatRequests.Body(model, prompt, stream: true, includeUsage: true));
        var (chunks, done) = await response.ReadSseAsync();

        Assert.True(done);
        var usage = Assert.Single(chunks, c => c["choices"] is JsonArray { Count: 0 });
        Assert.Same(chunks[^1], usage);
        Assert.Equal(FakeTokenRule.PromptTokens([prompt]), (int)usage["usage"]!["prompt_tokens"]!);
        Assert.Equal(FakeTokenRule.CompletionTokens(text), (int)usage["usage"]!["completion_tokens"]!);
        Assert.Equal(text, ChatRequests.Content(chunks));
    }

    [Fact]
    public async Task Stream_OpenAi_SendsUpstreamModelAndAlwaysAsksForUsage()
    {
        using var response = await _harness.Client.StreamAsync(ChatRequests.Body(OpenAiModel, stream: true));
        await response.ReadSseAsync();

        var sent = _harness.OpenAi.Requests.Single().Body!;
        Assert.Equal(true, (bool?)sent["stream"]);
        Assert.Equal(OpenAiUpstream, (string?)sent["model"]);
        Assert.Equal(true, (bool?)sent["stream_options"]!["include_usage"]);
    }

    [Fact]
    public async Task Stream_Anthropic_SendsStreamingMessagesRequest()
    {
        using var response = await _harness.Client.StreamAsync(ChatRequests.Body(AnthropicModel, stream: true, includeUsage: true));
        await response.ReadSseAsync();

        var sent = _harness.Anthropic.Requests.Single().Body!;
        Assert.Equal(true, (bool?)sent["stream"]);
        Assert.Equal(AnthropicUpstream, (string?)sent["model"]);
        Assert.False(sent.ContainsKey("stream_options"));
    }

    [Theory]
    [InlineData(OpenAiModel, 2)]
    [InlineData(AnthropicModel, 4)]
    public async Task Stream_ProviderPausesAfterFirstWord_ClientReceivesItBeforeTheRest(string model, int eventsBeforePause)
    {
        var fake = model == OpenAiModel ? (FakeProviderServer)_harness.OpenAi : _harness.Anthropic;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.Behavior = FakeBehavior.PauseStreamAfter(eventsBeforePause, release.Task);
        using var cap = new CancellationTokenSource(ReadCap);
        try
        {
            using var response = await _harness.Client.StreamAsync(ChatRequests.Body(model, stream: true));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(cap.Token);
            await using var events = SseReader.ReadAsync(body, cap.Token).GetAsyncEnumerator(cap.Token);

            // Read until the first word: it must arrive while the provider still holds the rest.
            var before = new List<JsonObject>();
            while (!ChatRequests.Content(before).Contains("Hello", StringComparison.Ordinal))
            {
                Assert.True(await events.MoveNextAsync(), "The stream ended before the first word.");
                before.Add(JsonNode.Parse(events.Current.Data)!.AsObject());
            }

            Assert.Equal(1, fake.ParkedCount);
            Assert.False(release.Task.IsCompleted);
            Assert.Equal("Hello", ChatRequests.Content(before));

            release.SetResult();
            var rest = new List<string>();
            while (await events.MoveNextAsync())
            {
                rest.Add(events.Current.Data);
            }

            Assert.Equal("[DONE]", rest[^1]);
            var after = rest.SkipLast(1).Select(d => JsonNode.Parse(d)!.AsObject());
            Assert.Equal($"Hello from {fake.Name}", ChatRequests.Content(before.Concat(after)));
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
