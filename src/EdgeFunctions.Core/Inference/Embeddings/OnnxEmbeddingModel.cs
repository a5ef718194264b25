using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Inference.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFunctions.Inference.Embeddings;

/// <summary>
/// A sentence-transformers ONNX export: tokenize, run through the micro-batcher, mean-pool
/// <c>last_hidden_state</c> over the attention mask and L2-normalize, as sentence-transformers does.
/// </summary>
public sealed class OnnxEmbeddingModel : IEmbeddingModel, IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertWordPieceTokenizer _tokenizer;
    private readonly MicroBatcher<float[]> _batcher;
    private readonly string _output;
    private readonly bool _normalize;
    private readonly bool _withTokenTypes;

    public OnnxEmbeddingModel(ModelManifest manifest, string revision, InferenceSession session, BertWordPieceTokenizer tokenizer, Func<Func<IReadOnlyList<TokenizedText>, float[][]>, Func<int>, MicroBatcher<float[]>> createBatcher)
    {
        Name = manifest.Name;
        Revision = revision;
        MaxTokens = manifest.MaxTokens;
        _session = session;
        _tokenizer = tokenizer;
        _output = manifest.Output ?? "last_hidden_state";
        _normalize = manifest.Normalize;
        _withTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        if (!session.OutputMetadata.TryGetValue(_output, out var output))
        {
            throw new ModelLoadException(Name, $"the ONNX graph has no output '{_output}'");
        }

        Dimensions = output.Dimensions[^1] > 0
            ? output.Dimensions[^1]
            : manifest.Dimensions ?? throw new ModelLoadException(Name, "the output's last dimension is dynamic; set 'dimensions'");
        if (manifest.Dimensions is { } declared && declared != Dimensions)
        {
            throw new ModelLoadException(Name, $"the manifest says {declared} dimensions but the graph yields {Dimensions}");
        }

        _batcher = createBatcher(Run, () => Callers.Count);
    }

    public string Name { get; }

    public string Task => ModelTask.Embedding;

    public string Revision { get; }

    public int MaxTokens { get; }

    public int Dimensions { get; }

    public IReadOnlyList<string> Labels => [];

    public ActiveRequests Callers { get; } = new();

    public long Runs => _batcher.Runs;

    public async Task<Embedding[]> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var tokenized = new TokenizedText[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            tokenized[i] = _tokenizer.Encode(inputs[i], MaxTokens);
        }

        var vectors = await _batcher.RunAsync(tokenized, cancellationToken);
        var result = new Embedding[inputs.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new Embedding(vectors[i], tokenized[i].Length, tokenized[i].Truncated);
        }

        return result;
    }

    /// <summary>One ONNX Runtime run over a batch; called only by the batcher's single loop.</summary>
    internal float[][] Run(IReadOnlyList<TokenizedText> batch)
    {
        using var inputs = new BertInputs(batch, _withTokenTypes);
        using var outputs = inputs.Run(_session, _output);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var vectors = new float[inputs.Rows][];
        for (var row = 0; row < inputs.Rows; row++)
        {
            vectors[row] = VectorMath.MeanPool(hidden, inputs.Mask, row, inputs.Columns, Dimensions);
            if (_normalize)
            {
                VectorMath.Normalize(vectors[row]);
            }
        }

        return vectors;
    }

    public void Dispose()
    {
        _batcher.Dispose();
        _session.Dispose();
    }
}
