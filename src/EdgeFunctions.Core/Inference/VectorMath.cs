using System.Numerics.Tensors;

namespace EdgeFunctions.Inference;

internal static class VectorMath
{
    /// <summary>Averages one row's token vectors, counting only tokens the mask marks as real.</summary>
    public static float[] MeanPool(ReadOnlySpan<float> hidden, long[] mask, int row, int columns, int dimensions)
    {
        var pooled = new float[dimensions];
        var count = 0;
        for (var column = 0; column < columns; column++)
        {
            if (mask[(row * columns) + column] == 0)
            {
                continue;
            }

            TensorPrimitives.Add(pooled, hidden.Slice(((row * columns) + column) * dimensions, dimensions), pooled);
            count++;
        }

        TensorPrimitives.Divide(pooled, Math.Max(count, 1), pooled);
        return pooled;
    }

    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 1e-12f)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>Dot product; equals cosine similarity for unit vectors.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>
    /// Turns scores into probabilities. Subtracting the maximum first keeps large logits from
    /// overflowing exp() into infinities, which would turn every probability into NaN.
    /// </summary>
    public static float[] Softmax(ReadOnlySpan<float> scores, float scale = 1f)
    {
        var result = new float[scores.Length];
        TensorPrimitives.Multiply(scores, scale, result);
        TensorPrimitives.Subtract(result, TensorPrimitives.Max(result), result);
        TensorPrimitives.Exp(result, result);
        TensorPrimitives.Divide(result, TensorPrimitives.Sum(result), result);
        return result;
    }
}
