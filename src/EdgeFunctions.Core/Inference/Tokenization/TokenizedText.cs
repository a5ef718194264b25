namespace EdgeFunctions.Inference.Tokenization;

/// <summary>
/// One input as token ids, including <c>[CLS]</c> and <c>[SEP]</c>. <see cref="WordIndex"/> maps
/// each token to the word it came from, for models that label tokens.
/// </summary>
public sealed record TokenizedText(long[] Ids, bool Truncated, int[]? WordIndex = null)
{
    public int Length => Ids.Length;
}
