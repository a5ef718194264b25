using System.Net;
using static EdgeFunctions.Tests.Fakes.Providers.ProviderTestClients;

namespace EdgeFunctions.Tests.Fakes.Providers;

public sealed class FakeAnthropicServerTests : IAsyncLifetime
{
    private readonly FakeAnthropicServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Messages_NonStream_ReturnsMessageWithTextBlockUsageAndRateLimitHeaders()
    {
        using var client = Anthropic(_server);
        using var response = await client.SendAsync(Post("/v1/messages", Messages()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal("message", (string?)json["type"]);
        Assert.Equal("assistant", (string?)json["role"]);
        Assert.Equal("claude-sonnet-4-5", (string?)json["model"]);
        Assert.StartsWith("msg_", (string?)json["id"]);
        Assert.Equal("text", (string?)json["content"]![0]!["type"]);
        Assert.Equal("Hello from anthropic", (string?)json["content"]![0]!["text"]);
        Assert.Equal("end_turn", (string?)json["stop_reason"]);
        // The system prompt counts too: "Be brief." + "Say hello" = 18 characters -> 5 input tokens.
        Assert.Equal(5, (int)json["usage"]!["input_tokens"]!);
        Assert.Equal(3, (int)json["usage"]!["output_tokens"]!);
        Assert.Equal("10000", response.Headers.GetValues("anthropic-ratelimit-requests-limit").Single());
        Assert.Equal("9999", response.Headers.GetValues("anthropic-ratelimit-requests-remaining").Single());
        Assert.Equal("2000000", response.Headers.GetValues("anthropic-ratelimit-tokens-limit").Single());
        Assert.Equal("1999000", response.Headers.GetValues("anthropic-ratelimit-tokens-remaining").Single());
    }

    [Fact]
    public async Task Messages_Stream_EmitsEventsInTheApisOrder()
    {
        using var client = Anthropic(_server);
        using var response = await client.SendAsync(Post("/v1/messages", Messages(stream: true)), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseReader.ReadAllAsync(response);

        Assert.Equal(
            ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(e.Event, (string?)Data(e)["type"]));
        var start = Data(events[0])["message"]!;
        Assert.Empty(start["content"]!.AsArray());
        Assert.Equal(5, (int)start["usage"]!["input_tokens"]!);
        Assert.Equal("Hello from anthropic", string.Concat(events.Where(e => e.Event == "content_block_delta").Select(e => (string?)Data(e)["delta"]!["text"])));
        Assert.All(events.Where(e => e.Event == "content_block_delta"), e => Assert.Equal("text_delta", (string?)Data(e)["delta"]!["type"]));
        var delta = Data(events[^2]);
        Assert.Equal("end_turn", (string?)delta["delta"]!["stop_reason"]);
        Assert.Equal(3, (int)delta["usage"]!["output_tokens"]!);
    }

    [Fact]
    public async Task Messages_ToolsOfferedAndScripted_ReturnsToolUseBlock()
    {
        _server.ToolCalls = [new FakeToolCall("get_weather", """{"city":"Tokyo"}""")];
        using var client = Anthropic(_server);
        var json = await JsonAsync(await client.SendAsync(Post("/v1/messages", Messages(tools: true))));

        Assert.Equal("tool_use", (string?)json["stop_reason"]);
        var block = json["content"]![0]!;
        Assert.Equal("tool_use", (string?)block["type"]);
        Assert.Equal("toolu_fake_1", (string?)block["id"]);
        Assert.Equal("get_weather", (string?)block["name"]);
        Assert.Equal("Tokyo", (string?)block["input"]!["city"]);
    }

    [Fact]
    public async Task Messages_StreamWithTools_SendsInputJsonDeltas()
    {
        _server.ToolCalls = [new FakeToolCall("get_weather", """{"city":"Tokyo"}""")];
        using var client = Anthropic(_server);
        using var response = await client.SendAsync(Post("/v1/messages", Messages(stream: true, tools: true)), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseReader.ReadAllAsync(response);

        var block = Data(events.First(e => e.Event == "content_block_start"))["content_block"]!;
        Assert.Equal("tool_use", (string?)block["type"]);
        Assert.Equal("get_weather", (string?)block["name"]);
        Assert.Empty(block["input"]!.AsObject());
        var deltas = events.Where(e => e.Event == "content_block_delta").Select(e => Data(e)["delta"]!).ToList();
        Assert.All(deltas, d => Assert.Equal("input_json_delta", (string?)d["type"]));
        Assert.Equal("""{"city":"Tokyo"}""", string.Concat(deltas.Select(d => (string?)d["partial_json"])));
        Assert.Equal("tool_use", (string?)Data(events[^2])["delta"]!["stop_reason"]);
    }

    [Fact]
    public async Task Messages_WrongApiKey_Returns401AuthenticationError()
    {
        using var client = Anthropic(_server, key: "sk-ant-wrong");
        using var response = await client.SendAsync(Post("/v1/messages", Messages()));
        var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("error", (string?)json["type"]);
        Assert.Equal("authentication_error", (string?)json["error"]!["type"]);
    }

    [Fact]
    public async Task Messages_MissingVersionHeader_Returns400InvalidRequest()
    {
        using var client = Anthropic(_server, version: null);
        using var response = await client.SendAsync(Post("/v1/messages", Messages()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (string?)(await JsonAsync(response))["error"]!["type"]);
    }

    [Fact]
    public async Task Messages_MissingMaxTokens_Returns400()
    {
        var body = Messages();
        body.Remove("max_tokens");
        using var client = Anthropic(_server);
        using var response = await client.SendAsync(Post("/v1/messages", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("max_tokens", (string?)(await JsonAsync(response))["error"]!["message"]);
    }

    [Fact]
    public async Task Models_Get_ListsModelsWithPagingFields()
    {
        using var client = Anthropic(_server);
        var json = await JsonAsync(await client.GetAsync("/v1/models"));

        Assert.Equal(["claude-sonnet-4-5", "claude-haiku-4-5"], json["data"]!.AsArray().Select(m => (string?)m!["id"]));
        Assert.All(json["data"]!.AsArray(), m => Assert.Equal("model", (string?)m!["type"]));
        Assert.False((bool)json["has_more"]!);
        Assert.Equal("claude-sonnet-4-5", (string?)json["first_id"]);
        Assert.Equal("claude-haiku-4-5", (string?)json["last_id"]);
    }
}
