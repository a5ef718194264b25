using EdgeFunctions.Inference.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace EdgeFunctions.Inference;

/// <summary>
/// Packs a batch of token sequences into the padded <c>input_ids</c>, <c>attention_mask</c> and
/// (when the graph declares it) <c>token_type_ids</c> tensors that BERT-style exports take.
/// </summary>
internal sealed class BertInputs : IDisposable
{
    // Default run options, shared: ONNX Runtime rejects a null RunOptions.
    private static readonly RunOptions DefaultRunOptions = new();
    private readonly List<OrtValue> _values = [];

    public BertInputs(IReadOnlyList<TokenizedText> batch, bool withTokenTypes)
    {
        Rows = batch.Count;
        Columns = batch.Max(t => t.Length);
        var ids = new long[Rows * Columns];
        Mask = new long[Rows * Columns];
        for (var row = 0; row < Rows; row++)
        {
            var tokens = batch[row].Ids;
            tokens.CopyTo(ids, row * Columns);
            Mask.AsSpan(row * Columns, tokens.Length).Fill(1);
        }

        long[] shape = [Rows, Columns];
        Names = withTokenTypes ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        _values.Add(OrtValue.CreateTensorValueFromMemory(ids, shape));
        _values.Add(OrtValue.CreateTensorValueFromMemory(Mask, shape));
        if (withTokenTypes)
        {
            _values.Add(OrtValue.CreateTensorValueFromMemory(new long[Rows * Columns], shape));
        }
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Row-major attention mask: 1 for a real token, 0 for padding.</summary>
    public long[] Mask { get; }

    public string[] Names { get; }

    public IReadOnlyList<OrtValue> Values => _values;

    public IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, string output) =>
        session.Run(DefaultRunOptions, Names, _values, [output]);

    public void Dispose()
    {
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }
}
