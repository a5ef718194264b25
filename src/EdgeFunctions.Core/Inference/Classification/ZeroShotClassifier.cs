using System.Collections.Concurrent;
using EdgeFunctions.Inference.Embeddings;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Inference.Classification;

/// <summary>
/// Zero-shot classification over an embedding model: each label becomes a short description
/// ("This text is about {label}."), and the input's cosine to each description, scaled and
/// softmaxed, is that label's probability. Label vectors are kept, since agents repeat label sets.
/// </summary>
public sealed class ZeroShotClassifier(IOptions<InferenceOptions> options)
{
    private const int MaxCachedLabels = 10_000;
    private readonly ConcurrentDictionary<(string Model, string Revision, string Label), float[]> _labelVectors = new();

    public async Task<Classification[]> ClassifyAsync(IEmbeddingModel model, IReadOnlyList<string> inputs, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var labelVectors = await GetLabelVectorsAsync(model, labels, cancellationToken);
        var embeddings = await model.EmbedAsync(inputs, cancellationToken);
        var scale = options.Value.ZeroShotScale;
        var result = new Classification[embeddings.Length];
        Span<float> cosines = stackalloc float[labels.Count];
        for (var i = 0; i < embeddings.Length; i++)
        {
            for (var l = 0; l < labels.Count; l++)
            {
                cosines[l] = VectorMath.Dot(embeddings[i].Vector, labelVectors[l]);
            }

            result[i] = Classification.FromProbabilities(labels, VectorMath.Softmax(cosines, scale), embeddings[i].Tokens, embeddings[i].Truncated);
        }

        return result;
    }

    private async Task<float[][]> GetLabelVectorsAsync(IEmbeddingModel model, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var vectors = new float[labels.Count][];
        var missing = new List<int>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (!_labelVectors.TryGetValue((model.Name, model.Revision, labels[i]), out vectors[i]!))
            {
                missing.Add(i);
            }
        }

        if (missing.Count == 0)
        {
            return vectors;
        }

        var template = options.Value.ZeroShotTemplate;
        var descriptions = missing.Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, labels[i])).ToArray();
        var embedded = await model.EmbedAsync(descriptions, cancellationToken);
        if (_labelVectors.Count > MaxCachedLabels)
        {
            // A crude bound is enough: label sets are few and recomputing one costs a single batch.
            _labelVectors.Clear();
        }

        for (var j = 0; j < missing.Count; j++)
        {
            vectors[missing[j]] = embedded[j].Vector;
            _labelVectors[(model.Name, model.Revision, labels[missing[j]])] = embedded[j].Vector;
        }

        return vectors;
    }
}
