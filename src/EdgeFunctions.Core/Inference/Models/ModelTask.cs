namespace EdgeFunctions.Inference.Models;

/// <summary>The task names a manifest may declare.</summary>
public static class ModelTask
{
    public const string Embedding = "embedding";
    public const string SequenceClassification = "sequence-classification";
    public const string TokenClassification = "token-classification";
}
