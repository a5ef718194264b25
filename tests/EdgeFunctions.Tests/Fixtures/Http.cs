using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeFunctions.Tests.Fixtures;

public static class Http
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, string contentType = "application/json")
    {
        var content = new StringContent(json);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(path, content);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"Response ({(int)response.StatusCode}) is not JSON: {ex.Message}\n{text}");
        }
    }

    public static async Task<JsonElement> ExpectOkAsync(this HttpResponseMessage response)
    {
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {json}");
        return json;
    }

    /// <summary>Asserts an OpenAI-shaped error: message, type, and the param and code keys present.</summary>
    public static async Task<JsonElement> ExpectErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null, string? param = null)
    {
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {json}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = json.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()));
        Assert.True(error.TryGetProperty("param", out var actualParam), "error.param is missing");
        Assert.True(error.TryGetProperty("code", out var actualCode), "error.code is missing");
        if (code is not null)
        {
            Assert.Equal(code, actualCode.GetString());
        }

        if (param is not null)
        {
            Assert.Equal(param, actualParam.GetString());
        }

        return error;
    }
}
