using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>Plain HttpClients that speak each provider's official wire format, for the fakes' own tests.</summary>
internal static class ProviderTestClients
{
    public static HttpClient OpenAi(FakeProviderServer server, string? key = null)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key ?? server.ApiKey);
        return client;
    }

    public static HttpClient Anthropic(FakeProviderServer server, string? key = null, string? version = "2023-06-01")
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("x-api-key", key ?? server.ApiKey);
        if (version is not null)
        {
            client.DefaultRequestHeaders.Add("anthropic-version", version);
        }

        return client;
    }

    public static HttpRequestMessage Post(string path, JsonObject body) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    public static JsonObject Chat(bool stream = false, bool includeUsage = false, bool tools = false)
    {
        var body = new JsonObject
        {
            ["model"] = "gpt-4o-mini",
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "Be brief." },
                new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Say hello" }) }),
        };
        if (stream)
        {
            body["stream"] = true;
        }

        if (includeUsage)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        if (tools)
        {
            body["tools"] = new JsonArray(new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object" } },
            });
        }

        return body;
    }

    public static JsonObject Messages(bool stream = false, bool tools = false)
    {
        var body = new JsonObject
        {
            ["model"] = "claude-sonnet-4-5",
            ["max_tokens"] = 256,
            ["system"] = "Be brief.",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Say hello" }),
        };
        if (stream)
        {
            body["stream"] = true;
        }

        if (tools)
        {
            body["tools"] = new JsonArray(new JsonObject { ["name"] = "get_weather", ["input_schema"] = new JsonObject { ["type"] = "object" } });
        }

        return body;
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static JsonObject Data(SseEvent sse) => JsonNode.Parse(sse.Data)!.AsObject();
}
