using EdgeFunctions.Inference.Embeddings;
using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Inference.Classification;

/// <summary>
/// A classifier defined by labelled example sentences: the examples are embedded once at load
/// time and a small head is fitted on them; each request costs one embedding and a dot product per label.
/// </summary>
public sealed class FewShotClassifier(string name, string revision, IEmbeddingModel embedder, IReadOnlyList<string> labels, IClassifierHead head) : ITextClassifier
{
    public string Name => name;

    public string Task => ModelTask.SequenceClassification;

    public string Revision => revision;

    public int MaxTokens => embedder.MaxTokens;

    public IReadOnlyList<string> Labels => labels;

    /// <summary>The embedding model's: its batcher is the one this classifier's calls join.</summary>
    public Batching.ActiveRequests Callers => embedder.Callers;

    public static async Task<FewShotClassifier> FitAsync(string name, string examplesRevision, string headKind, IEmbeddingModel embedder, IReadOnlyList<(string Label, string Text)> examples, CancellationToken cancellationToken)
    {
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (labels.Length < 2)
        {
            throw new ModelLoadException(name, "a few-shot classifier needs examples of at least two labels");
        }

        var vectors = await embedder.EmbedAsync(examples.Select(e => e.Text).ToArray(), cancellationToken);
        var targets = examples.Select(e => Array.IndexOf(labels, e.Label)).ToArray();
        var head = ClassifierHeads.Fit(headKind, vectors.Select(v => v.Vector).ToArray(), targets, labels.Length);
        var revision = ModelRevision.Combine(embedder.Revision, examplesRevision, headKind);
        return new FewShotClassifier(name, revision, embedder, labels, head);
    }

    public async Task<Classification[]> ClassifyAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var embeddings = await embedder.EmbedAsync(inputs, cancellationToken);
        return embeddings
            .Select(e => Classification.FromProbabilities(labels, head.Predict(e.Vector), e.Tokens, e.Truncated))
            .ToArray();
    }
}
