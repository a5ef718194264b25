using System.Numerics.Tensors;

namespace EdgeFunctions.Inference.Classification;

/// <summary>
/// Multinomial logistic regression fitted by full-batch gradient descent with L2 regularization.
/// Zero initialization and a fixed schedule make the fit deterministic: the same examples
/// always give the same weights, which the model revision relies on.
/// </summary>
public sealed class LogisticRegressionHead : IClassifierHead
{
    /// <summary>
    /// Chosen by 5-fold cross-validation on the shipped sentiment examples alone
    /// (<c>SentimentAccuracyTests</c>, docs/models.md): with weaker L2 the head fits the training
    /// sentences perfectly and generalizes worse.
    /// </summary>
    public const float DefaultL2 = 1e-2f;

    private const int Epochs = 400;
    private const float LearningRate = 1f;

    private readonly float[][] _weights;
    private readonly float[] _bias;

    private LogisticRegressionHead(float[][] weights, float[] bias)
    {
        _weights = weights;
        _bias = bias;
    }

    public static LogisticRegressionHead Fit(IReadOnlyList<float[]> embeddings, IReadOnlyList<int> labels, int labelCount, float l2 = DefaultL2)
    {
        var dimensions = embeddings[0].Length;
        var weights = Enumerable.Range(0, labelCount).Select(_ => new float[dimensions]).ToArray();
        var bias = new float[labelCount];
        var gradients = Enumerable.Range(0, labelCount).Select(_ => new float[dimensions]).ToArray();
        var biasGradient = new float[labelCount];
        var head = new LogisticRegressionHead(weights, bias);
        var step = LearningRate / embeddings.Count;

        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            foreach (var gradient in gradients)
            {
                Array.Clear(gradient);
            }

            Array.Clear(biasGradient);
            for (var i = 0; i < embeddings.Count; i++)
            {
                var probabilities = head.Predict(embeddings[i]);
                for (var c = 0; c < labelCount; c++)
                {
                    // d(cross-entropy)/d(logit) = p - y
                    var error = probabilities[c] - (labels[i] == c ? 1f : 0f);
                    TensorPrimitives.MultiplyAdd(embeddings[i], error, gradients[c], gradients[c]);
                    biasGradient[c] += error;
                }
            }

            for (var c = 0; c < labelCount; c++)
            {
                TensorPrimitives.MultiplyAdd(weights[c], -l2 * LearningRate, weights[c], weights[c]);
                TensorPrimitives.MultiplyAdd(gradients[c], -step, weights[c], weights[c]);
                bias[c] -= step * biasGradient[c];
            }
        }

        return head;
    }

    public float[] Predict(ReadOnlySpan<float> embedding)
    {
        Span<float> logits = stackalloc float[_weights.Length];
        for (var c = 0; c < _weights.Length; c++)
        {
            logits[c] = VectorMath.Dot(embedding, _weights[c]) + _bias[c];
        }

        return VectorMath.Softmax(logits);
    }
}
