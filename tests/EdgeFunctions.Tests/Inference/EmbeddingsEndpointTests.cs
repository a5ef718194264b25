using System.Net;
using System.Text.Json;
using EdgeFunctions.Tests.Fixtures;

namespace EdgeFunctions.Tests.Inference;

[Collection(GatewayCollection.Name)]
public sealed class EmbeddingsEndpointTests(GatewayFixture fixture)
{
    private const string Model = "all-MiniLM-L6-v2";

    [Fact]
    public async Task Embeddings_ReferenceSentence_MatchesSentenceTransformers()
    {
        var json = await Embed("\"This is an example sentence\"");

        var vector = Vector(json, 0);
        Assert.Equal(384, vector.Length);
        float[] expected = [0.0677f, 0.0635f, 0.0487f, 0.0793f];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.InRange(vector[i], expected[i] - 1e-3f, expected[i] + 1e-3f);
        }

        Assert.InRange(Math.Sqrt(vector.Sum(v => (double)v * v)), 0.999, 1.001);
        Assert.Equal("list", json.GetProperty("object").GetString());
        Assert.Equal(Model, json.GetProperty("model").GetString());
        Assert.Equal("embedding", json.GetProperty("data")[0].GetProperty("object").GetString());
        Assert.Equal(7, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Embeddings_SimilarSentences_HaveHighCosineAndUnrelatedLow()
    {
        var json = await Embed("""["The cat sits on the mat", "A cat is sitting on a mat", "Stock markets fell sharply today"]""");

        var cat = Vector(json, 0);
        Assert.InRange(Dot(cat, Vector(json, 1)), 0.963, 0.983);
        Assert.InRange(Dot(cat, Vector(json, 2)), 0.043, 0.063);
    }

    [Fact]
    public async Task Embeddings_Batch_EqualsOneByOneInInputOrder()
    {
        string[] inputs = ["short", "a considerably longer sentence that needs more tokens than the others", "medium length text"];
        var batch = await Embed(JsonSerializer.Serialize(inputs));

        for (var i = 0; i < inputs.Length; i++)
        {
            var single = Vector(await Embed(JsonSerializer.Serialize(inputs[i])), 0);
            Assert.Equal(i, batch.GetProperty("data")[i].GetProperty("index").GetInt32());
            Assert.InRange(Dot(single, Vector(batch, i)), 0.9999, 1.0001);
        }
    }

    [Fact]
    public async Task Embeddings_Base64_IsLittleEndianFloat32OfTheSameVector()
    {
        var floats = Vector(await Embed("\"base64 check\""), 0);
        var response = await fixture.Client.PostJsonAsync("/v1/embeddings", $$"""{"model":"{{Model}}","input":"base64 check","encoding_format":"base64"}""");
        var json = await response.ExpectOkAsync();

        var bytes = Convert.FromBase64String(json.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        Assert.Equal(384 * 4, bytes.Length);
        for (var i = 0; i < floats.Length; i++)
        {
            Assert.Equal(floats[i], System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)));
        }
    }

    [Fact]
    public async Task Embeddings_InputLongerThanModelLimit_IsTruncatedAndReported()
    {
        var longText = string.Join(' ', Enumerable.Repeat("word", 400));
        var json = await Embed(JsonSerializer.Serialize(new[] { "short one", longText }));

        var usage = json.GetProperty("usage");
        Assert.Equal(256 + 4, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal([1], usage.GetProperty("truncated_inputs").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Embeddings_NativeDimensions_AreAccepted()
    {
        var response = await fixture.Client.PostJsonAsync("/v1/embeddings", $$"""{"model":"{{Model}}","input":"x y z","dimensions":384}""");
        await response.ExpectOkAsync();
    }

    [Fact]
    public async Task Embeddings_Response_CarriesRequestIdAndRegion()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings")
        {
            Content = new StringContent($$"""{"model":"{{Model}}","input":"headers"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-request-id", "agent-42.step-7");
        var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("agent-42.step-7", response.Headers.GetValues("x-request-id").Single());
        Assert.Equal("testregion", response.Headers.GetValues("x-edge-region").Single());
    }

    private async Task<JsonElement> Embed(string inputJson)
    {
        var response = await fixture.Client.PostJsonAsync("/v1/embeddings", $$"""{"model":"{{Model}}","input":{{inputJson}}}""");
        return await response.ExpectOkAsync();
    }

    private static float[] Vector(JsonElement json, int index) =>
        json.GetProperty("data")[index].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
