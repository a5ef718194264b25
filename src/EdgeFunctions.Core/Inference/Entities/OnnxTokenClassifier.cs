using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Inference.Models;
using EdgeFunctions.Inference.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFunctions.Inference.Entities;

/// <summary>
/// A BERT token-classification export (<c>logits</c> [batch, sequence, tags]) such as bert-base-NER.
/// Words are tokenized one by one so that each tag maps back to exact character offsets.
/// </summary>
public sealed class OnnxTokenClassifier : IEntityRecognizer, IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertWordPieceTokenizer _tokenizer;
    private readonly MicroBatcher<float[][]> _batcher;
    private readonly string _output;
    private readonly bool _withTokenTypes;
    private readonly string[] _labels;
    private readonly long _clsId;
    private readonly long _sepId;

    public OnnxTokenClassifier(ModelManifest manifest, string revision, InferenceSession session, BertWordPieceTokenizer tokenizer, (long Cls, long Sep) specialTokens, Func<Func<IReadOnlyList<TokenizedText>, float[][][]>, Func<int>, MicroBatcher<float[][]>> createBatcher)
    {
        Name = manifest.Name;
        Revision = revision;
        MaxTokens = manifest.MaxTokens;
        _session = session;
        _tokenizer = tokenizer;
        _output = manifest.Output ?? "logits";
        _labels = [.. manifest.Labels];
        (_clsId, _sepId) = specialTokens;
        _withTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        OnnxModelChecks.EnsureLabelOutput(manifest, session, _output, rank: 3);
        _batcher = createBatcher(Run, () => Callers.Count);
    }

    public string Name { get; }

    public string Task => ModelTask.TokenClassification;

    public string Revision { get; }

    public int MaxTokens { get; }

    public IReadOnlyList<string> Labels => _labels;

    public ActiveRequests Callers { get; } = new();

    public long Runs => _batcher.Runs;

    public async Task<EntityResult[]> RecognizeAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var words = inputs.Select(BertPreTokenizer.Split).ToArray();
        var tokenized = inputs.Select((text, i) => _tokenizer.EncodeWords(text, words[i], MaxTokens, _clsId, _sepId)).ToArray();
        var probabilities = await _batcher.RunAsync(tokenized, cancellationToken);
        return inputs
            .Select((text, i) => new EntityResult(
                BioDecoder.Decode(text, words[i], tokenized[i].WordIndex!, probabilities[i], _labels),
                tokenized[i].Length,
                tokenized[i].Truncated))
            .ToArray();
    }

    private float[][][] Run(IReadOnlyList<TokenizedText> batch)
    {
        using var inputs = new BertInputs(batch, _withTokenTypes);
        using var outputs = inputs.Run(_session, _output);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var tags = _labels.Length;
        var result = new float[inputs.Rows][][];
        for (var row = 0; row < inputs.Rows; row++)
        {
            result[row] = new float[batch[row].Length][];
            for (var token = 0; token < batch[row].Length; token++)
            {
                result[row][token] = VectorMath.Softmax(logits.Slice(((row * inputs.Columns) + token) * tags, tags));
            }
        }

        return result;
    }

    public void Dispose()
    {
        _batcher.Dispose();
        _session.Dispose();
    }
}
