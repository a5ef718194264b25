using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Inference.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFunctions.Inference.Classification;

/// <summary>
/// A BERT/DistilBERT sequence-classification export: <c>logits</c> [batch, labels], mapped to the
/// manifest's labels in order and softmaxed.
/// </summary>
public sealed class OnnxSequenceClassifier : ITextClassifier, IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertWordPieceTokenizer _tokenizer;
    private readonly MicroBatcher<float[]> _batcher;
    private readonly string _output;
    private readonly bool _withTokenTypes;
    private readonly string[] _labels;

    public OnnxSequenceClassifier(ModelManifest manifest, string revision, InferenceSession session, BertWordPieceTokenizer tokenizer, Func<Func<IReadOnlyList<TokenizedText>, float[][]>, Func<int>, MicroBatcher<float[]>> createBatcher)
    {
        Name = manifest.Name;
        Revision = revision;
        MaxTokens = manifest.MaxTokens;
        _session = session;
        _tokenizer = tokenizer;
        _output = manifest.Output ?? "logits";
        _labels = [.. manifest.Labels];
        _withTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        OnnxModelChecks.EnsureLabelOutput(manifest, session, _output, rank: 2);
        _batcher = createBatcher(Run, () => Callers.Count);
    }

    public string Name { get; }

    public string Task => ModelTask.SequenceClassification;

    public string Revision { get; }

    public int MaxTokens { get; }

    public IReadOnlyList<string> Labels => _labels;

    public ActiveRequests Callers { get; } = new();

    public long Runs => _batcher.Runs;

    public async Task<Classification[]> ClassifyAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var tokenized = inputs.Select(text => _tokenizer.Encode(text, MaxTokens)).ToArray();
        var logits = await _batcher.RunAsync(tokenized, cancellationToken);
        return logits
            .Select((row, i) => Classification.FromProbabilities(_labels, VectorMath.Softmax(row), tokenized[i].Length, tokenized[i].Truncated))
            .ToArray();
    }

    private float[][] Run(IReadOnlyList<TokenizedText> batch)
    {
        using var inputs = new BertInputs(batch, _withTokenTypes);
        using var outputs = inputs.Run(_session, _output);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var rows = new float[inputs.Rows][];
        for (var row = 0; row < rows.Length; row++)
        {
            rows[row] = logits.Slice(row * _labels.Length, _labels.Length).ToArray();
        }

        return rows;
    }

    public void Dispose()
    {
        _batcher.Dispose();
        _session.Dispose();
    }
}
