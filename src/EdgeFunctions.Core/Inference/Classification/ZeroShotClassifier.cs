using System.Collections.Concurrent;
using EdgeFunctions.Inference.Embeddings;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Inference.Classification;

/// <summary>
/// Zero-shot classification over an embedding model: each label becomes a short description
/// (the caller's own, or "This text is about {label}."), and the input's cosine to each
/// description, scaled and softmaxed, is that label's probability. Description vectors are kept,
/// since agents repeat label sets.
/// </summary>
public sealed class ZeroShotClassifier(IOptions<InferenceOptions> options)
{
    private const int MaxCachedLabels = 10_000;
    private readonly ConcurrentDictionary<(string Model, string Revision, string Description), float[]> _descriptionVectors = new();

    /// <summary>What each label is compared with: its description from the caller if any, else the template filled with it.</summary>
    public static IReadOnlyList<string> Describe(IReadOnlyList<string> labels, IReadOnlyDictionary<string, string>? descriptions, string template) =>
        labels.Select(label => descriptions?.GetValueOrDefault(label) ?? string.Format(System.Globalization.CultureInfo.InvariantCulture, template, label)).ToArray();

    public async Task<Classification[]> ClassifyAsync(IEmbeddingModel model, IReadOnlyList<string> inputs, IReadOnlyList<string> labels, IReadOnlyDictionary<string, string>? descriptions, CancellationToken cancellationToken)
    {
        var labelVectors = await GetDescriptionVectorsAsync(model, Describe(labels, descriptions, options.Value.ZeroShotTemplate), cancellationToken);
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

    private async Task<float[][]> GetDescriptionVectorsAsync(IEmbeddingModel model, IReadOnlyList<string> descriptions, CancellationToken cancellationToken)
    {
        var vectors = new float[descriptions.Count][];
        var missing = new List<int>();
        for (var i = 0; i < descriptions.Count; i++)
        {
            if (!_descriptionVectors.TryGetValue((model.Name, model.Revision, descriptions[i]), out vectors[i]!))
            {
                missing.Add(i);
            }
        }

        if (missing.Count == 0)
        {
            return vectors;
        }

        var embedded = await model.EmbedAsync(missing.Select(i => descriptions[i]).ToArray(), cancellationToken);
        if (_descriptionVectors.Count > MaxCachedLabels)
        {
            // A crude bound is enough: label sets are few and recomputing one costs a single batch.
            _descriptionVectors.Clear();
        }

        for (var j = 0; j < missing.Count; j++)
        {
            vectors[missing[j]] = embedded[j].Vector;
            _descriptionVectors[(model.Name, model.Revision, descriptions[missing[j]])] = embedded[j].Vector;
        }

        return vectors;
    }
}
