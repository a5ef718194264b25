using System.Text.Json;
using EdgeFunctions.Caching;
using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Tests.Caching;

public sealed class CacheKeyTests
{
    private static readonly Dictionary<string, string> Parameters = new() { ["labels"] = "[\"a\",\"b\"]", ["template"] = "t {0}", ["scale"] = "20" };

    private static string Key(string ns = "alpha", string op = "classification", string model = "m", string revision = "r", Dictionary<string, string>? parameters = null, string input = "hello") =>
        CacheKey.Compute(ns, op, model, revision, parameters ?? Parameters, input);

    [Fact]
    public void Compute_IsVersionedLowercaseSha256Hex()
    {
        Assert.Matches("^[0-9a-f]{64}$", Key());
        Assert.Equal(Key(), Key());
    }

    [Theory]
    [InlineData("namespace")]
    [InlineData("operation")]
    [InlineData("model")]
    [InlineData("revision")]
    [InlineData("input")]
    public void Compute_EachIdentityPart_ChangesTheKey(string part)
    {
        var changed = part switch
        {
            "namespace" => Key(ns: "beta"),
            "operation" => Key(op: "embeddings"),
            "model" => Key(model: "m2"),
            "revision" => Key(revision: "r2"),
            _ => Key(input: "hello!"),
        };

        Assert.NotEqual(Key(), changed);
    }

    [Theory]
    [InlineData("labels", "[\"b\",\"a\"]")]
    [InlineData("template", "u {0}")]
    [InlineData("scale", "21")]
    public void Compute_EachOutputAffectingParameter_ChangesTheKey(string name, string value)
    {
        var changed = new Dictionary<string, string>(Parameters) { [name] = value };
        Assert.NotEqual(Key(), Key(parameters: changed));
    }

    [Fact]
    public void Compute_ParameterOrder_DoesNotChangeTheKey()
    {
        var reordered = Parameters.Reverse().ToDictionary();
        Assert.Equal(Key(), Key(parameters: reordered));
    }

    [Fact]
    public void Compute_AmbiguousConcatenations_DoNotCollide()
    {
        Assert.NotEqual(Key(model: "ab", revision: "c"), Key(model: "a", revision: "bc"));
    }

    [Fact]
    public void Compute_CanonicallyEquivalentUnicode_SharesAKey()
    {
        Assert.Equal(Key(input: "caf\u00e9"), Key(input: "cafe\u0301"));
    }

    [Fact]
    public void CanonicalJson_ReorderedProperties_AreIdentical()
    {
        var a = JsonDocument.Parse("""{"model":"gpt","temperature":0,"messages":[{"role":"user","content":"hi"}],"tools":{"b":1,"a":[2,{"y":1,"x":2}]}}""").RootElement;
        var b = JsonDocument.Parse("""{"tools":{"a":[2,{"x":2,"y":1}],"b":1},"messages":[{"content":"hi","role":"user"}],"temperature":0,"model":"gpt"}""").RootElement;
        var different = JsonDocument.Parse("""{"model":"gpt","temperature":0,"messages":[{"role":"user","content":"hi!"}],"tools":{"b":1,"a":[2,{"y":1,"x":2}]}}""").RootElement;

        Assert.Equal(CacheKey.CanonicalJson(a), CacheKey.CanonicalJson(b));
        Assert.NotEqual(CacheKey.CanonicalJson(a), CacheKey.CanonicalJson(different));
    }

    [Fact]
    public void CanonicalJson_ArrayOrder_Matters()
    {
        var a = JsonDocument.Parse("""{"stop":["a","b"]}""").RootElement;
        var b = JsonDocument.Parse("""{"stop":["b","a"]}""").RootElement;
        Assert.NotEqual(CacheKey.CanonicalJson(a), CacheKey.CanonicalJson(b));
    }

    [Fact]
    public async Task Revision_DifferentModelFile_ChangesTheKey()
    {
        var directory = Directory.CreateTempSubdirectory("edge-revision-");
        try
        {
            var model = Path.Combine(directory.FullName, "model.onnx");
            var vocab = Path.Combine(directory.FullName, "vocab.txt");
            await File.WriteAllTextAsync(vocab, "[PAD]\n[UNK]\n");
            await File.WriteAllBytesAsync(model, [1, 2, 3]);
            var first = ModelRevision.Combine(await ModelRevision.HashFileAsync(model, default), await ModelRevision.HashFileAsync(vocab, default));
            await File.WriteAllBytesAsync(model, [1, 2, 4]);
            var second = ModelRevision.Combine(await ModelRevision.HashFileAsync(model, default), await ModelRevision.HashFileAsync(vocab, default));

            Assert.NotEqual(first, second);
            Assert.NotEqual(Key(revision: first), Key(revision: second));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
