namespace EdgeFunctions.Inference.Classification;

/// <summary>Maps a unit-length embedding to label probabilities; fitted on labelled examples.</summary>
public interface IClassifierHead
{
    float[] Predict(ReadOnlySpan<float> embedding);
}

public static class ClassifierHeads
{
    public const string LogisticRegression = "logistic-regression";
    public const string NearestCentroid = "nearest-centroid";

    public static IClassifierHead Fit(string kind, IReadOnlyList<float[]> embeddings, IReadOnlyList<int> labels, int labelCount) => kind switch
    {
        LogisticRegression => LogisticRegressionHead.Fit(embeddings, labels, labelCount),
        NearestCentroid => NearestCentroidHead.Fit(embeddings, labels, labelCount),
        _ => throw new ArgumentException($"Unknown classifier head '{kind}'; use '{LogisticRegression}' or '{NearestCentroid}'.", nameof(kind)),
    };
}
