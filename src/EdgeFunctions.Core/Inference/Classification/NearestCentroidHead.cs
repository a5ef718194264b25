using System.Numerics.Tensors;

namespace EdgeFunctions.Inference.Classification;

/// <summary>Scores each label by the cosine between the input and the normalized mean of its examples.</summary>
public sealed class NearestCentroidHead : IClassifierHead
{
    // Cosines of sentence embeddings differ by tenths; this scale turns such gaps into clear probabilities.
    private const float Scale = 20f;
    private readonly float[][] _centroids;

    private NearestCentroidHead(float[][] centroids) => _centroids = centroids;

    public static NearestCentroidHead Fit(IReadOnlyList<float[]> embeddings, IReadOnlyList<int> labels, int labelCount)
    {
        var dimensions = embeddings[0].Length;
        var centroids = Enumerable.Range(0, labelCount).Select(_ => new float[dimensions]).ToArray();
        for (var i = 0; i < embeddings.Count; i++)
        {
            TensorPrimitives.Add(centroids[labels[i]], embeddings[i], centroids[labels[i]]);
        }

        foreach (var centroid in centroids)
        {
            VectorMath.Normalize(centroid);
        }

        return new NearestCentroidHead(centroids);
    }

    public float[] Predict(ReadOnlySpan<float> embedding)
    {
        Span<float> cosines = stackalloc float[_centroids.Length];
        for (var i = 0; i < _centroids.Length; i++)
        {
            cosines[i] = VectorMath.Dot(embedding, _centroids[i]);
        }

        return VectorMath.Softmax(cosines, Scale);
    }
}
