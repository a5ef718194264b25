using System.Net;
using System.Text.Json.Nodes;
using static EdgeFunctions.Tests.Generation.ChatHarness;

namespace EdgeFunctions.Tests.Generation;

/// <summary>
/// Deterministic chat (temperature 0) is answered from the cache the second time, whatever the
/// JSON property order and whether it is streamed; other requests always go upstream. Every test
/// uses its own prompt, so the shared gateway's cache never links two tests.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class ChatCachingTests(ChatFixture fixture)
{
    private readonly ChatHarness _harness = fixture.Reset();

    [Fact]
    public async Task Complete_Temperature0Twice_SecondIsHitWithoutUpstreamCall()
    {
        var body = ChatRequests.Body(OpenAiModel, temperature: 0);

        var first = await _harness.Client.ChatAsync(body);
        var second = await _harness.Client.ChatAsync(body);

        Assert.Equal("miss", first.Header("x-edge-cache"));
        Assert.True(first.Cost() > 0);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("hit", second.Header("x-edge-cache"));
        Assert.Equal(OpenAiModel, second.Header("x-edge-provider"));
        Assert.Equal(0, second.Cost());
        Assert.Equal(1, _harness.OpenAi.CallCount);
        Assert.True(JsonNode.DeepEquals(await first.JsonAsync(), await second.JsonAsync()));
    }

    [Fact]
    public async Task Stats_MissThenHit_CountCostSpentThenAvoided()
    {
        var body = ChatRequests.Body(OpenAiModel, temperature: 0);
        var (spentBefore, avoidedBefore) = await _harness.Client.CostsAsync();

        var first = await _harness.Client.ChatAsync(body);
        var (spentAfterMiss, avoidedAfterMiss) = await _harness.Client.CostsAsync();
        await _harness.Client.ChatAsync(body);
        var (spentAfterHit, avoidedAfterHit) = await _harness.Client.CostsAsync();

        Assert.Equal(first.Cost(), spentAfterMiss - spentBefore);
        Assert.Equal(avoidedBefore, avoidedAfterMiss);
        Assert.Equal(spentAfterMiss, spentAfterHit);
        Assert.Equal(first.Cost(), avoidedAfterHit - avoidedAfterMiss);
    }

    [Fact]
    public async Task Complete_SameRequestWithPropertiesReordered_IsHit()
    {
        var prompt = ChatRequests.Unique("Order");
        var first = $$"""{"model":"auto","temperature":0,"max_tokens":50,"messages":[{"role":"user","content":"{{prompt}}"}]}""";
        var second = $$"""{"messages":[{"content":"{{prompt}}","role":"user"}],"max_tokens":50,"model":"auto","temperature":0}""";

        var a = await _harness.Client.SendAsync(ChatRequests.Request(ChatRequests.Path, first));
        var b = await _harness.Client.SendAsync(ChatRequests.Request(ChatRequests.Path, second));

        Assert.Equal("miss", a.Header("x-edge-cache"));
        Assert.Equal("hit", b.Header("x-edge-cache"));
        Assert.Equal(1, _harness.OpenAi.CallCount);
    }

    [Fact]
    public async Task Complete_DifferentParameter_IsAnotherEntry()
    {
        var body = ChatRequests.Body(OpenAiModel, temperature: 0);
        await _harness.Client.ChatAsync(body);
        body["max_tokens"] = 12;

        var response = await _harness.Client.ChatAsync(body);

        Assert.Equal("miss", response.Header("x-edge-cache"));
        Assert.Equal(2, _harness.OpenAi.CallCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stream_AfterCachedCompletion_IsReplayedAsSse(bool includeUsage)
    {
        var body = ChatRequests.Body(AnthropicModel, temperature: 0);
        var completion = await (await _harness.Client.ChatAsync(body)).JsonAsync();
        body["stream"] = true;
        if (includeUsage)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        using var response = await _harness.Client.StreamAsync(body);
        var (chunks, done) = await response.ReadSseAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hit", response.Header("x-edge-cache"));
        Assert.Equal(AnthropicModel, response.Header("x-edge-provider"));
        Assert.Equal(1, _harness.Anthropic.CallCount);
        Assert.True(done);
        Assert.Equal("Hello from anthropic", ChatRequests.Content(chunks));
        Assert.All(chunks, c => Assert.Equal((string?)completion["id"], (string?)c["id"]));
        Assert.Equal(includeUsage, chunks[^1]["choices"] is JsonArray { Count: 0 });
        if (includeUsage)
        {
            Assert.True(JsonNode.DeepEquals(completion["usage"]!["prompt_tokens"], chunks[^1]["usage"]!["prompt_tokens"]));
        }
    }

    [Fact]
    public async Task Complete_AfterCompletedStream_IsHit()
    {
        var body = ChatRequests.Body(OpenAiModel, temperature: 0, stream: true);
        using (var streamed = await _harness.Client.StreamAsync(body))
        {
            Assert.Equal("miss", streamed.Header("x-edge-cache"));
            Assert.True((await streamed.ReadSseAsync()).Done);
        }

        body.Remove("stream");
        var response = await _harness.Client.ChatAsync(body);

        Assert.Equal("hit", response.Header("x-edge-cache"));
        Assert.Equal("Hello from openai", (string?)(await response.JsonAsync())["choices"]![0]!["message"]!["content"]);
        Assert.Equal(1, _harness.OpenAi.CallCount);
    }

    [Fact]
    public async Task Complete_NonDeterministicTemperature_IsNeverCached()
    {
        var body = ChatRequests.Body(OpenAiModel, temperature: 0.7);

        var first = await _harness.Client.ChatAsync(body);
        var second = await _harness.Client.ChatAsync(body);

        Assert.Equal("bypass", first.Header("x-edge-cache"));
        Assert.Equal("bypass", second.Header("x-edge-cache"));
        Assert.Equal(2, _harness.OpenAi.CallCount);
    }

    [Fact]
    public async Task Complete_EdgeCacheOptIn_CachesANonDeterministicRequest()
    {
        var body = ChatRequests.Body(OpenAiModel, temperature: 0.7);
        body["edge"] = new JsonObject { ["cache"] = true };

        await _harness.Client.ChatAsync(body);
        var second = await _harness.Client.ChatAsync(body);

        Assert.Equal("hit", second.Header("x-edge-cache"));
        Assert.Equal(1, _harness.OpenAi.CallCount);
    }

    [Fact]
    public async Task Complete_NoStoreDirective_BypassesTheCache()
    {
        var body = ChatRequests.Body(OpenAiModel, temperature: 0);

        await _harness.Client.ChatAsync(body, ("Cache-Control", "no-store"));
        var second = await _harness.Client.ChatAsync(body, ("Cache-Control", "no-store"));

        Assert.Equal("bypass", second.Header("x-edge-cache"));
        Assert.Equal(2, _harness.OpenAi.CallCount);
    }
}
