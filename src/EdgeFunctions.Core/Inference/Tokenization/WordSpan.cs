namespace EdgeFunctions.Inference.Tokenization;

/// <summary>A word's position in the original text.</summary>
public readonly record struct WordSpan(int Start, int Length)
{
    public int End => Start + Length;
}
