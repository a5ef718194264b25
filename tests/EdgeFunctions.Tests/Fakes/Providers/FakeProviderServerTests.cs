using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using static EdgeFunctions.Tests.Fakes.Providers.ProviderTestClients;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>The fault modes, over real HTTP with a plain HttpClient. Every wait is on a signal from the fake, never a sleep.</summary>
public sealed class FakeProviderServerTests : IAsyncLifetime
{
    private readonly FakeOpenAiServer _openAi = new();
    private readonly FakeAnthropicServer _anthropic = new();

    public async Task InitializeAsync()
    {
        await _openAi.StartAsync();
        await _anthropic.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _openAi.DisposeAsync();
        await _anthropic.DisposeAsync();
    }

    [Fact]
    public async Task RateLimited_OpenAi_Returns429WithRetryAfterAndExhaustedHeaders()
    {
        _openAi.Behavior = FakeBehavior.RateLimited(7);
        using var client = OpenAi(_openAi);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat()));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("0", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal("rate_limit_exceeded", (string?)(await JsonAsync(response))["error"]!["code"]);
    }

    [Fact]
    public async Task RateLimited_Anthropic_Returns429WithRetryAfterAndRateLimitError()
    {
        _anthropic.Behavior = FakeBehavior.RateLimited(3);
        using var client = Anthropic(_anthropic);
        using var response = await client.SendAsync(Post("/v1/messages", Messages()));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal("0", response.Headers.GetValues("anthropic-ratelimit-tokens-remaining").Single());
        Assert.Equal("rate_limit_error", (string?)(await JsonAsync(response))["error"]!["type"]);
    }

    [Theory]
    [InlineData(500, "server_error")]
    [InlineData(503, "server_error")]
    [InlineData(400, "invalid_request_error")]
    public async Task Status_OpenAi_ReturnsCodeWithProviderErrorShape(int code, string type)
    {
        _openAi.Behavior = FakeBehavior.Status(code);
        using var client = OpenAi(_openAi);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat()));

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal(type, (string?)(await JsonAsync(response))["error"]!["type"]);
    }

    [Fact]
    public async Task Status_WithBody_ReturnsBodyVerbatim()
    {
        _anthropic.Behavior = FakeBehavior.Status(529, """{"type":"error","error":{"type":"overloaded_error","message":"busy"}}""");
        using var client = Anthropic(_anthropic);
        using var response = await client.SendAsync(Post("/v1/messages", Messages()));

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Equal("busy", (string?)(await JsonAsync(response))["error"]!["message"]);
    }

    [Fact]
    public async Task MalformedJson_NonStream_Returns200WithUnparseableBody()
    {
        _openAi.Behavior = FakeBehavior.MalformedJson;
        using var client = OpenAi(_openAi);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat()));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{\"choices\": [", text);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task MalformedJson_Stream_SendsEventWhoseDataIsNotJson()
    {
        _anthropic.Behavior = FakeBehavior.MalformedJson;
        using var client = Anthropic(_anthropic);
        using var response = await client.SendAsync(Post("/v1/messages", Messages(stream: true)), HttpCompletionOption.ResponseHeadersRead);
        var sse = Assert.Single(await SseReader.ReadAllAsync(response));

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(sse.Data));
    }

    [Fact]
    public async Task CutStreamAfter_OpenAi_DropsConnectionWithoutDone()
    {
        _openAi.Behavior = FakeBehavior.CutStreamAfter(2);
        using var client = OpenAi(_openAi);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat(stream: true, includeUsage: true)), HttpCompletionOption.ResponseHeadersRead);
        var received = new List<SseEvent>();

        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            await foreach (var sse in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync()))
            {
                received.Add(sse);
            }
        });
        Assert.Equal(2, received.Count);
        Assert.DoesNotContain(received, e => e.Data == "[DONE]");
    }

    [Fact]
    public async Task CutStreamAfter_Anthropic_DropsConnectionWithoutMessageStop()
    {
        _anthropic.Behavior = FakeBehavior.CutStreamAfter(4);
        using var client = Anthropic(_anthropic);
        using var response = await client.SendAsync(Post("/v1/messages", Messages(stream: true)), HttpCompletionOption.ResponseHeadersRead);
        var received = new List<SseEvent>();

        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            await foreach (var sse in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync()))
            {
                received.Add(sse);
            }
        });
        Assert.Equal(["message_start", "content_block_start", "ping", "content_block_delta"], received.Select(e => e.Event));
    }

    [Fact]
    public async Task CutStreamAfter_NonStream_DropsConnectionMidBody()
    {
        _openAi.Behavior = FakeBehavior.CutStreamAfter(1);
        using var client = OpenAi(_openAi);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(Post("/v1/chat/completions", Chat())));
    }

    [Fact]
    public async Task StreamErrorAfter_Anthropic_SendsErrorEventAndEndsWithoutMessageStop()
    {
        _anthropic.Behavior = FakeBehavior.StreamErrorAfter(2);
        using var client = Anthropic(_anthropic);
        using var response = await client.SendAsync(Post("/v1/messages", Messages(stream: true)), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseReader.ReadAllAsync(response);

        Assert.Equal(["message_start", "content_block_start", "error"], events.Select(e => e.Event));
        Assert.Equal("overloaded_error", (string?)Data(events[^1])["error"]!["type"]);
    }

    [Fact]
    public async Task StreamErrorAfter_OpenAi_SendsErrorDataWithoutDone()
    {
        _openAi.Behavior = FakeBehavior.StreamErrorAfter(1);
        using var client = OpenAi(_openAi);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat(stream: true)), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseReader.ReadAllAsync(response);

        Assert.Equal(2, events.Count);
        Assert.Equal("server_error", (string?)Data(events[1])["error"]!["type"]);
    }

    [Fact]
    public async Task Hang_ClientCancels_ThrowsAndServerSeesTheAbort()
    {
        _openAi.Behavior = FakeBehavior.Hang;
        using var client = OpenAi(_openAi);
        using var cts = new CancellationTokenSource();
        var call = client.SendAsync(Post("/v1/chat/completions", Chat()), cts.Token);

        await _openAi.WaitForParkedAsync();
        Assert.False(call.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await _openAi.WaitForClientAbortsAsync(1);
    }

    [Fact]
    public async Task Hang_ServerStops_AbortsTheConnection()
    {
        _openAi.Behavior = FakeBehavior.Hang;
        using var client = OpenAi(_openAi);
        var call = client.SendAsync(Post("/v1/chat/completions", Chat()));
        await _openAi.WaitForParkedAsync();

        await _openAi.StopListeningAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => call);
    }

    [Fact]
    public async Task Slow_OnFakeTime_AnswersOnlyWhenTheDelayHasPassed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
        await using var server = new FakeOpenAiServer(timeProvider: time);
        await server.StartAsync();
        server.Behavior = FakeBehavior.Slow(TimeSpan.FromSeconds(30));
        using var client = OpenAi(server);
        var call = client.SendAsync(Post("/v1/chat/completions", Chat()));

        await server.WaitForParkedAsync();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds(), (long)(await JsonAsync(response))["created"]!);
    }

    [Fact]
    public async Task PauseStreamAfter_FirstEventReachesClientBeforeTheRest()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _openAi.Behavior = FakeBehavior.PauseStreamAfter(1, release.Task);
        using var client = OpenAi(_openAi);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat(stream: true)), HttpCompletionOption.ResponseHeadersRead);
        await using var events = SseReader.ReadAsync(await response.Content.ReadAsStreamAsync()).GetAsyncEnumerator();

        // The first chunk is readable while the fake still holds the rest: it was flushed, not buffered.
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("assistant", (string?)Data(events.Current)["choices"]![0]!["delta"]!["role"]);
        await _openAi.WaitForParkedAsync();
        release.SetResult();

        var rest = new List<SseEvent>();
        while (await events.MoveNextAsync())
        {
            rest.Add(events.Current);
        }

        Assert.Equal("[DONE]", rest[^1].Data);
    }

    [Fact]
    public async Task FailNext_TwoFailures_ThenAnswersNormally()
    {
        _openAi.Behavior = FakeBehavior.FailNext(2, FakeBehavior.Status(503));
        using var client = OpenAi(_openAi);
        var codes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.SendAsync(Post("/v1/chat/completions", Chat()));
            codes.Add((int)response.StatusCode);
        }

        Assert.Equal([503, 503, 200, 200], codes);
        Assert.Equal(FakeBehavior.Normal, _openAi.Behavior);
        Assert.Equal(4, _openAi.CallCount);
    }

    [Fact]
    public async Task FaultsIncludeModelListFalse_ModelsStayHealthyWhileChatFails()
    {
        _openAi.FaultsIncludeModelList = false;
        _openAi.Behavior = FakeBehavior.Status(503);
        using var client = OpenAi(_openAi);

        using var models = await client.GetAsync("/v1/models");
        using var chat = await client.SendAsync(Post("/v1/chat/completions", Chat()));

        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, chat.StatusCode);
    }

    [Fact]
    public async Task StopListening_RefusesConnections_ResumeAnswersOnTheSamePort()
    {
        using var client = OpenAi(_openAi);
        (await client.GetAsync("/v1/models")).Dispose();
        var port = _openAi.Port;

        await _openAi.StopListeningAsync();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/v1/models"));
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
        Assert.False(_openAi.IsListening);

        await _openAi.ResumeListeningAsync();
        using var response = await client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(port, _openAi.Port);
    }

    [Fact]
    public async Task RefusedEndpoint_Connect_ThrowsHttpRequestException()
    {
        using var client = new HttpClient { BaseAddress = RefusedEndpoint.Address, Timeout = TimeSpan.FromSeconds(10) };

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/v1/models"));
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
    }
}
