using System.Net;
using System.Text;
using EdgeFunctions.Tests.Fixtures;

namespace EdgeFunctions.Tests.Api;

/// <summary>
/// A corpus of malformed and hostile requests sent over HTTP to the running self-host. Each must
/// get its exact 4xx and an OpenAI-style error body naming the bad field; none may get a 500.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MalformedRequestTests(GatewayFixture fixture)
{
    private const string M = "all-MiniLM-L6-v2";

    public static TheoryData<string, string, string?, string, int, string?, string?> Corpus => new()
    {
        // name, path, content type, body, status, code, param
        { "invalid json", "/v1/embeddings", "application/json", "{\"model\":", 400, "invalid_json", null },
        { "json array body", "/v1/embeddings", "application/json", "[1,2,3]", 400, "invalid_json", null },
        { "json string body", "/v1/embeddings", "application/json", "\"hello\"", 400, "invalid_json", null },
        { "empty body", "/v1/embeddings", "application/json", "", 400, null, null },
        { "no content type", "/v1/embeddings", null, $"{{\"model\":\"{M}\",\"input\":\"x\"}}", 415, "unsupported_media_type", null },
        { "text/plain", "/v1/embeddings", "text/plain", $"{{\"model\":\"{M}\",\"input\":\"x\"}}", 415, "unsupported_media_type", null },
        { "form content", "/v1/classify", "application/x-www-form-urlencoded", "model=x&input=y", 415, "unsupported_media_type", null },
        { "latin1 charset", "/v1/embeddings", "application/json; charset=iso-8859-1", $"{{\"model\":\"{M}\",\"input\":\"x\"}}", 415, "unsupported_media_type", null },
        { "missing model", "/v1/embeddings", "application/json", "{\"input\":\"x\"}", 400, "missing_required_parameter", "model" },
        { "null model", "/v1/embeddings", "application/json", "{\"model\":null,\"input\":\"x\"}", 400, "missing_required_parameter", "model" },
        { "model number", "/v1/embeddings", "application/json", "{\"model\":42,\"input\":\"x\"}", 400, "invalid_type", "model" },
        { "empty model", "/v1/embeddings", "application/json", "{\"model\":\"\",\"input\":\"x\"}", 400, "invalid_value", "model" },
        { "unknown model", "/v1/embeddings", "application/json", "{\"model\":\"gpt-nope\",\"input\":\"x\"}", 404, "model_not_found", "model" },
        { "classifier as embedder", "/v1/embeddings", "application/json", "{\"model\":\"sentiment\",\"input\":\"x\"}", 404, "model_not_found", "model" },
        { "missing input", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\"}}", 400, "missing_required_parameter", "input" },
        { "empty string input", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"\"}}", 400, "invalid_value", "input" },
        { "whitespace input", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"  \\t \"}}", 400, "invalid_value", "input" },
        { "empty array input", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":[]}}", 400, "invalid_value", "input" },
        { "empty item in array", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":[\"ok\",\"\"]}}", 400, "invalid_value", "input[1]" },
        { "number input", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":5}}", 400, "invalid_type", "input" },
        { "object input", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":{{\"a\":1}}}}", 400, "invalid_type", "input" },
        { "token array input", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":[1,2,3]}}", 400, "invalid_type", "input[0]" },
        { "nested arrays", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":[[\"a\"]]}}", 400, "invalid_type", "input[0]" },
        { "too many items", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":[{string.Join(',', Enumerable.Repeat("\"a\"", 2049))}]}}", 400, "too_many_items", "input" },
        { "item too long", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"{new string('a', 100_001)}\"}}", 400, "input_too_long", "input" },
        { "bad encoding format", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"encoding_format\":\"hex\"}}", 400, "invalid_value", "encoding_format" },
        { "encoding format number", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"encoding_format\":1}}", 400, "invalid_type", "encoding_format" },
        { "unsupported dimensions", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"dimensions\":128}}", 400, "unsupported_dimensions", "dimensions" },
        { "zero dimensions", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"dimensions\":0}}", 400, "invalid_value", "dimensions" },
        { "string dimensions", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"dimensions\":\"384\"}}", 400, "invalid_type", "dimensions" },
        { "fractional dimensions", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"dimensions\":3.5}}", 400, "invalid_type", "dimensions" },
        { "deeply nested json", "/v1/embeddings", "application/json", new string('[', 200) + new string(']', 200), 400, "invalid_json", null },
        { "classify embedding model without labels", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\"}}", 400, "missing_required_parameter", "labels" },
        { "classify one label", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"labels\":[\"a\"]}}", 400, "invalid_value", "labels" },
        { "classify duplicate labels", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"labels\":[\"a\",\"a\"]}}", 400, "invalid_value", "labels" },
        { "classify labels not array", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"labels\":\"a,b\"}}", 400, "invalid_type", "labels" },
        { "classify empty label", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"labels\":[\"a\",\"\"]}}", 400, "invalid_value", "labels[1]" },
        { "classify fixed-label model with labels", "/v1/classify", "application/json", "{\"model\":\"sentiment\",\"input\":\"x\",\"labels\":[\"a\",\"b\"]}", 400, "invalid_value", "labels" },
        { "classify descriptions without labels", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"label_descriptions\":{{\"a\":\"about a\"}}}}", 400, "invalid_value", "label_descriptions" },
        { "classify description of an unknown label", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"labels\":[\"a\",\"b\"],\"label_descriptions\":{{\"c\":\"about c\"}}}}", 400, "invalid_value", "label_descriptions.c" },
        { "classify description not a string", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"labels\":[\"a\",\"b\"],\"label_descriptions\":{{\"a\":1}}}}", 400, "invalid_type", "label_descriptions.a" },
        { "classify empty description", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"labels\":[\"a\",\"b\"],\"label_descriptions\":{{\"a\":\" \"}}}}", 400, "invalid_value", "label_descriptions.a" },
        { "classify descriptions not an object", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"labels\":[\"a\",\"b\"],\"label_descriptions\":[\"about a\"]}}", 400, "invalid_type", "label_descriptions" },
        { "classify unknown model", "/v1/classify", "application/json", "{\"model\":\"nope\",\"input\":\"x\"}", 404, "model_not_found", "model" },
        { "entities without ner model", "/v1/entities", "application/json", "{\"input\":\"John lives in Paris\"}", 404, "model_not_found", "model" },
        { "entities empty model", "/v1/entities", "application/json", "{\"model\":\"\",\"input\":\"x\"}", 400, "invalid_value", "model" },
        { "entities embedding model", "/v1/entities", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\"}}", 404, "model_not_found", "model" },
        { "lone high surrogate escape", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"a\\ud800b\"}}", 400, "invalid_string", "input" },
        { "lone low surrogate escape in an item", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":[\"ok\",\"\\udc00\"]}}", 400, "invalid_string", "input[1]" },
        { "reversed surrogate pair in a label", "/v1/classify", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"labels\":[\"a\",\"\\udc00\\ud800\"]}}", 400, "invalid_string", "labels[1]" },
        { "lone surrogate in model", "/v1/entities", "application/json", "{\"model\":\"\\ud800\",\"input\":\"x\"}", 400, "invalid_string", "model" },
        { "lone surrogate in a property name", "/v1/embeddings", "application/json", $"{{\"model\":\"{M}\",\"input\":\"x\",\"\\ud800\":1}}", 400, "invalid_string", "(a property name)" },
        { "lone surrogate in chat content", "/v1/chat/completions", "application/json", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi \\ud83d\"}]}", 400, "invalid_string", "messages[0].content" },
        { "unknown route", "/v1/nothing-here", "application/json", "{}", 404, "not_found", null },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Post_MalformedRequest_GetsClearClientError(string name, string path, string? contentType, string body, int status, string? code, string? param)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await fixture.Client.PostAsync(path, content);

        var error = await response.ExpectErrorAsync((HttpStatusCode)status, code, param);
        Assert.True(status < 500, name);
        if (status == 404 && code == "model_not_found" && path != "/v1/entities")
        {
            Assert.Contains(M, error.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Post_InvalidUtf8InAString_Gets400NamingTheField(byte[] invalid)
    {
        byte[] body = [.. Encoding.UTF8.GetBytes($"{{\"model\":\"{M}\",\"input\":[\"fine\",\"bad "), .. invalid, .. "\"]}"u8];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        var response = await fixture.Client.PostAsync("/v1/embeddings", content);

        await response.ExpectErrorAsync(HttpStatusCode.BadRequest, "invalid_string", "input[1]");
    }

    [Theory]
    [InlineData("\\ud83d\\ude00 paired surrogates")]
    [InlineData("an escaped backslash: \\\\ud800")]
    [InlineData("line\\nbreak and \\u00e9t\\u00e9")]
    public async Task Post_EscapedTextThatIsValid_IsAccepted(string input)
    {
        var response = await fixture.Client.PostJsonAsync("/v1/embeddings", $"{{\"model\":\"{M}\",\"input\":\"{input}\"}}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyOverLimit_Gets413()
    {
        var body = $"{{\"model\":\"{M}\",\"input\":[{string.Join(',', Enumerable.Repeat($"\"{new string('a', 1000)}\"", 4200))}]}}";
        var response = await fixture.Client.PostJsonAsync("/v1/embeddings", body);
        await response.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_Gets413()
    {
        var payload = Encoding.UTF8.GetBytes($"{{\"model\":\"{M}\",\"input\":\"{new string('a', 5 * 1024 * 1024)}\"}}");
        var content = new StreamContent(new NonSeekableStream(payload));
        content.Headers.ContentType = new("application/json");
        var response = await fixture.Client.PostAsync("/v1/embeddings", content);
        Assert.Null(response.RequestMessage?.Content?.Headers.ContentLength);
        await response.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }

    [Fact]
    public async Task Get_OnPostEndpoint_Gets405WithErrorBody()
    {
        var response = await fixture.Client.GetAsync("/v1/embeddings");
        await response.ExpectErrorAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public void Corpus_HasAtLeastThirtyCases() => Assert.True(Corpus.Count() >= 30);

    /// <summary>Hides the length so the client sends the body chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
