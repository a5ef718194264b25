using System.Text.Json.Serialization;

namespace EdgeFunctions.Inference.Models;

/// <summary>
/// One <c>model.json</c> under the models folder. Dropping such a manifest beside its files
/// installs a model with no code change.
/// </summary>
public sealed class ModelManifest
{
    public string Name { get; set; } = "";

    /// <summary><c>embedding</c>, <c>sequence-classification</c> or <c>token-classification</c>.</summary>
    public string Task { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>Role → file name, e.g. <c>model</c> → <c>model.onnx</c>, <c>vocab</c> → <c>vocab.txt</c>.</summary>
    public Dictionary<string, string> Files { get; set; } = [];

    /// <summary>File name → expected lowercase hex SHA-256; checked when the model loads.</summary>
    public Dictionary<string, string> Sha256 { get; set; } = [];

    public TokenizerManifest Tokenizer { get; set; } = new();

    public int MaxTokens { get; set; } = 512;

    /// <summary>Embedding pooling; <c>mean</c> over the attention mask is the supported one.</summary>
    public string Pooling { get; set; } = "mean";

    public bool Normalize { get; set; } = true;

    public int? Dimensions { get; set; }

    /// <summary>The ONNX output to read: <c>last_hidden_state</c> for embeddings, <c>logits</c> for classifiers.</summary>
    public string? Output { get; set; }

    /// <summary>Class labels in logit order (ONNX classifiers) or BIO tags (token classifiers).</summary>
    public List<string> Labels { get; set; } = [];

    /// <summary>Few-shot classifiers: the embedding model whose vectors the head is fitted on.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Few-shot classifiers: a <c>label&lt;TAB&gt;text</c> file of labelled examples.</summary>
    public string? Examples { get; set; }

    /// <summary>Few-shot classifiers: <c>logistic-regression</c> or <c>nearest-centroid</c>.</summary>
    public string? Head { get; set; }

    /// <summary>The folder the manifest was read from; set by the loader.</summary>
    [JsonIgnore]
    public string Directory { get; set; } = "";

    public string PathOf(string role) =>
        Files.TryGetValue(role, out var file)
            ? Path.Combine(Directory, file)
            : throw new ModelLoadException(Name, $"the manifest has no files.{role} entry");
}

public sealed class TokenizerManifest
{
    /// <summary><c>bert-wordpiece</c>: a BERT vocab.txt read by FastBertTokenizer.</summary>
    public string Type { get; set; } = "bert-wordpiece";

    public bool Lowercase { get; set; } = true;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
