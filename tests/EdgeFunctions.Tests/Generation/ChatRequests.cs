using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFunctions.Tests.Fakes.Providers;
using EdgeFunctions.Tests.Fixtures;

namespace EdgeFunctions.Tests.Generation;

/// <summary>Builds chat requests, sends them to the gateway, and reads headers, SSE and the routing table.</summary>
public static class ChatRequests
{
    public const string Path = "/v1/chat/completions";

    /// <summary>A one-turn request; <paramref name="prompt"/> defaults to a fresh text so no two tests share a cache key.</summary>
    public static JsonObject Body(string model = "auto", string? prompt = null, bool stream = false, bool includeUsage = false, double? temperature = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt ?? Unique("Say hello") }),
        };
        if (stream)
        {
            body["stream"] = true;
        }

        if (includeUsage)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        if (temperature is { } t)
        {
            body["temperature"] = t;
        }

        return body;
    }

    public static string Unique(string text) => $"{text} ({Guid.NewGuid():N})";

    public static Task<HttpResponseMessage> ChatAsync(this HttpClient client, JsonObject body, params (string Name, string Value)[] headers) =>
        client.SendAsync(Request(Path, body.ToJsonString(), headers));

    /// <summary>Returns as soon as the headers arrived, so the test can read the SSE body while it is still being written.</summary>
    public static Task<HttpResponseMessage> StreamAsync(this HttpClient client, JsonObject body, params (string Name, string Value)[] headers) =>
        client.SendAsync(Request(Path, body.ToJsonString(), headers), HttpCompletionOption.ResponseHeadersRead);

    public static Task<HttpResponseMessage> ExplainAsync(this HttpClient client, JsonObject body, params (string Name, string Value)[] headers) =>
        client.SendAsync(Request("/v1/routing/explain", body.ToJsonString(), headers));

    public static HttpRequestMessage Request(string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : throw new Xunit.Sdk.XunitException($"Response has no {name} header.");

    public static string? HeaderOrNull(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public static decimal Cost(this HttpResponseMessage response) =>
        decimal.Parse(response.Header("x-edge-cost-usd"), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>What a completion must cost: tokens × price per 1M tokens, as the header's 8 decimals show it.</summary>
    public static decimal ExpectedCost(int promptTokens, int completionTokens, decimal inputPrice, decimal outputPrice) =>
        decimal.Round(((promptTokens * inputPrice) + (completionTokens * outputPrice)) / 1_000_000m, 8);

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Reads the whole SSE body: the JSON of each data event, and whether it ended with [DONE].</summary>
    public static async Task<(List<JsonObject> Chunks, bool Done)> ReadSseAsync(this HttpResponseMessage response)
    {
        var events = await SseReader.ReadAllAsync(response);
        var done = events.Count > 0 && events[^1].Data == "[DONE]";
        Assert.DoesNotContain(events.SkipLast(done ? 1 : 0), e => e.Data == "[DONE]");
        return ([.. events.Where(e => e.Data != "[DONE]").Select(e => JsonNode.Parse(e.Data)!.AsObject())], done);
    }

    /// <summary>What <c>/v1/stats</c> says the gateway has spent on providers and avoided spending, in USD.</summary>
    public static async Task<(decimal Spent, decimal Avoided)> CostsAsync(this HttpClient client)
    {
        var stats = await (await client.GetAsync("/v1/stats")).JsonAsync();
        return ((decimal)stats["cost_spent_usd"]!, (decimal)stats["cost_avoided_usd"]!);
    }

    /// <summary>The text of every content delta, concatenated.</summary>
    public static string Content(IEnumerable<JsonObject> chunks) => string.Concat(chunks
        .Select(c => c["choices"] is JsonArray { Count: > 0 } choices ? (string?)choices[0]!["delta"]?["content"] : null));

    public static async Task<JsonElement> RoutingTableAsync(this HttpClient client) =>
        await (await client.GetAsync("/v1/routing")).ExpectOkAsync();

    /// <summary>One provider's row of GET /v1/routing.</summary>
    public static async Task<JsonElement> ProviderRowAsync(this HttpClient client, string provider) =>
        (await client.RoutingTableAsync()).GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("provider").GetString() == provider);
}
