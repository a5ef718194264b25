using System.Net;
using EdgeFunctions.Tests.Fixtures;

namespace EdgeFunctions.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class AuthTests(GatewayFixture fixture)
{
    private const string Body = """{"model":"all-MiniLM-L6-v2","input":"hello"}""";

    [Fact]
    public async Task Request_WithoutKey_Gets401InvalidApiKey()
    {
        var response = await Send(_ => { });
        await response.ExpectErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task Request_WithWrongKey_Gets401()
    {
        var response = await Send(r => r.Headers.Authorization = new("Bearer", "not-a-key"));
        await response.ExpectErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task Request_WithBasicScheme_Gets401()
    {
        var response = await Send(r => r.Headers.Authorization = new("Basic", "dXNlcjpwYXNz"));
        await response.ExpectErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task Request_WithApiKeyHeader_IsAccepted()
    {
        var response = await Send(r => r.Headers.Add("api-key", "test-key-beta"));
        await response.ExpectOkAsync();
    }

    [Fact]
    public async Task Request_WithBearerKey_IsAccepted()
    {
        var response = await Send(r => r.Headers.Authorization = new("Bearer", GatewayServer.ApiKey));
        await response.ExpectOkAsync();
    }

    [Fact]
    public async Task Healthz_WithoutKey_IsAnonymousAndHealthy()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Client.BaseAddress };
        var json = await (await anonymous.GetAsync("/healthz")).ExpectOkAsync();
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal("testregion", json.GetProperty("region").GetString());
    }

    [Fact]
    public async Task Models_WithoutKey_Gets401()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Client.BaseAddress };
        await (await anonymous.GetAsync("/v1/models")).ExpectErrorAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    private async Task<HttpResponseMessage> Send(Action<HttpRequestMessage> authorize)
    {
        using var client = new HttpClient { BaseAddress = fixture.Client.BaseAddress };
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings")
        {
            Content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json"),
        };
        authorize(request);
        return await client.SendAsync(request);
    }
}
