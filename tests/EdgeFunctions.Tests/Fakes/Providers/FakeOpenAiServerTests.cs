using System.Net;
using static EdgeFunctions.Tests.Fakes.Providers.ProviderTestClients;

namespace EdgeFunctions.Tests.Fakes.Providers;

public sealed class FakeOpenAiServerTests : IAsyncLifetime
{
    private readonly FakeOpenAiServer _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task ChatCompletions_NonStream_ReturnsCompletionWithUsageAndRateLimitHeaders()
    {
        using var client = OpenAi(_server);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal("chat.completion", (string?)json["object"]);
        Assert.Equal("gpt-4o-mini", (string?)json["model"]);
        Assert.StartsWith("chatcmpl-", (string?)json["id"]);
        var choice = json["choices"]![0]!;
        Assert.Equal("assistant", (string?)choice["message"]!["role"]);
        Assert.Equal("Hello from openai", (string?)choice["message"]!["content"]);
        Assert.Equal("stop", (string?)choice["finish_reason"]);
        // "Be brief." + "Say hello" = 18 characters -> 5 prompt tokens; three words -> 3 completion tokens.
        Assert.Equal(5, (int)json["usage"]!["prompt_tokens"]!);
        Assert.Equal(3, (int)json["usage"]!["completion_tokens"]!);
        Assert.Equal(8, (int)json["usage"]!["total_tokens"]!);
        Assert.Equal("10000", response.Headers.GetValues("x-ratelimit-limit-requests").Single());
        Assert.Equal("9999", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal("2000000", response.Headers.GetValues("x-ratelimit-limit-tokens").Single());
        Assert.Equal("1999000", response.Headers.GetValues("x-ratelimit-remaining-tokens").Single());
    }

    [Fact]
    public async Task ChatCompletions_StreamWithIncludeUsage_EndsWithUsageChunkThenDone()
    {
        using var client = OpenAi(_server);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat(stream: true, includeUsage: true)), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseReader.ReadAllAsync(response);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.All(events, e => Assert.Null(e.Event));
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(Data).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        Assert.Equal("Hello from openai", string.Concat(chunks.Select(c => (string?)c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"])));
        Assert.Equal("stop", (string?)chunks[^2]["choices"]![0]!["finish_reason"]);
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.Equal(8, (int)chunks[^1]["usage"]!["total_tokens"]!);
        Assert.All(chunks.SkipLast(1), c => Assert.True(c.ContainsKey("usage") && c["usage"] is null));
    }

    [Fact]
    public async Task ChatCompletions_StreamWithoutIncludeUsage_HasNoUsageChunk()
    {
        using var client = OpenAi(_server);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat(stream: true)), HttpCompletionOption.ResponseHeadersRead);
        var chunks = (await SseReader.ReadAllAsync(response)).SkipLast(1).Select(Data).ToList();

        Assert.All(chunks, c => Assert.False(c.ContainsKey("usage")));
        Assert.Equal("stop", (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task ChatCompletions_ToolsOfferedAndScripted_ReturnsToolCalls()
    {
        _server.ToolCalls = [new FakeToolCall("get_weather", """{"city":"Tokyo"}""")];
        using var client = OpenAi(_server);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat(tools: true)));
        var choice = (await JsonAsync(response))["choices"]![0]!;

        Assert.Equal("tool_calls", (string?)choice["finish_reason"]);
        Assert.Null(choice["message"]!["content"]);
        var call = choice["message"]!["tool_calls"]![0]!;
        Assert.Equal("call_fake_1", (string?)call["id"]);
        Assert.Equal("function", (string?)call["type"]);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.Equal("""{"city":"Tokyo"}""", (string?)call["function"]!["arguments"]);
    }

    [Fact]
    public async Task ChatCompletions_StreamWithTools_StreamsIndexedToolCallFragments()
    {
        _server.ToolCalls = [new FakeToolCall("get_weather", """{"city":"Tokyo"}""", "call_abc")];
        using var client = OpenAi(_server);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat(stream: true, tools: true)), HttpCompletionOption.ResponseHeadersRead);
        var chunks = (await SseReader.ReadAllAsync(response)).SkipLast(1).Select(Data).ToList();
        var deltas = chunks.Select(c => c["choices"]![0]!["delta"]!["tool_calls"]?[0]).OfType<System.Text.Json.Nodes.JsonNode>().ToList();

        Assert.True(deltas.Count > 2, "arguments should arrive in several fragments");
        Assert.All(deltas, d => Assert.Equal(0, (int)d["index"]!));
        Assert.Equal("call_abc", (string?)deltas[0]["id"]);
        Assert.Equal("get_weather", (string?)deltas[0]["function"]!["name"]);
        Assert.All(deltas.Skip(1), d => Assert.Null(d["id"]));
        Assert.Equal("""{"city":"Tokyo"}""", string.Concat(deltas.Select(d => (string?)d["function"]!["arguments"])));
        Assert.Equal("tool_calls", (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task ChatCompletions_ToolsOfferedButNotScripted_ReturnsText()
    {
        using var client = OpenAi(_server);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat(tools: true)));

        Assert.Equal("stop", (string?)(await JsonAsync(response))["choices"]![0]!["finish_reason"]);
    }

    [Theory]
    [InlineData("sk-wrong")]
    [InlineData("")]
    public async Task ChatCompletions_WrongKey_Returns401InOpenAiErrorShape(string key)
    {
        using var client = OpenAi(_server, key);
        using var response = await client.SendAsync(Post("/v1/chat/completions", Chat()));
        var error = (await JsonAsync(response))["error"]!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (string?)error["code"]);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.NotNull(error["message"]);
    }

    [Fact]
    public async Task Models_Get_ListsConfiguredModels()
    {
        _server.Models = ["gpt-a", "gpt-b"];
        using var client = OpenAi(_server);
        var json = await JsonAsync(await client.GetAsync("/v1/models"));

        Assert.Equal("list", (string?)json["object"]);
        Assert.Equal(["gpt-a", "gpt-b"], json["data"]!.AsArray().Select(m => (string?)m!["id"]));
        Assert.All(json["data"]!.AsArray(), m => Assert.Equal("model", (string?)m!["object"]));
    }

    [Fact]
    public async Task ChatCompletions_AnyRequest_IsLoggedWithHeadersAndBody()
    {
        using var client = OpenAi(_server);
        using var request = Post("/v1/chat/completions", Chat());
        request.Headers.Add("x-trace", "t1");
        using var response = await client.SendAsync(request);

        var logged = Assert.Single(_server.Requests);
        Assert.Equal(1, _server.CallCount);
        Assert.Equal("POST", logged.Method);
        Assert.Equal("/v1/chat/completions", logged.Path);
        Assert.Equal($"Bearer {FakeOpenAiServer.DefaultApiKey}", logged.Header("authorization"));
        Assert.Equal("t1", logged.Header("X-Trace"));
        Assert.Equal("gpt-4o-mini", (string?)logged.Body!["model"]);
    }
}
