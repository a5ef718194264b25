using FastBertTokenizer;

namespace EdgeFunctions.Inference.Tokenization;

/// <summary>
/// FastBertTokenizer behind a lock: its encoder keeps internal buffers, and tokenizing one
/// sentence takes microseconds, far less than the model run it feeds.
/// </summary>
public sealed class BertWordPieceTokenizer
{
    private readonly BertTokenizer _tokenizer = new();
    private readonly Lock _gate = new();

    private BertWordPieceTokenizer()
    {
    }

    public static BertWordPieceTokenizer Load(string vocabPath, bool lowercase)
    {
        var result = new BertWordPieceTokenizer();
        using var reader = new StreamReader(vocabPath);
        result._tokenizer.LoadVocabulary(reader, convertInputToLowercase: lowercase);
        return result;
    }

    /// <summary>Tokenizes to at most <paramref name="maxTokens"/> ids, reporting whether text was cut.</summary>
    public TokenizedText Encode(string text, int maxTokens)
    {
        // One spare slot tells a text that fills the limit exactly from one that overflows it.
        var ids = new long[maxTokens + 1];
        var mask = new long[maxTokens + 1];
        int count;
        lock (_gate)
        {
            count = _tokenizer.Encode(text, ids, mask);
            if (count > maxTokens)
            {
                count = _tokenizer.Encode(text, ids.AsSpan(0, maxTokens), mask.AsSpan(0, maxTokens));
                return new TokenizedText(ids[..count], Truncated: true);
            }
        }

        return new TokenizedText(ids[..count], Truncated: false);
    }

    /// <summary>
    /// Tokenizes pre-split words one by one so that every token knows its word, which lets token
    /// classifiers report character offsets into the original text.
    /// </summary>
    public TokenizedText EncodeWords(string text, IReadOnlyList<WordSpan> words, int maxTokens, long clsId, long sepId)
    {
        var ids = new List<long>(words.Count + 2) { clsId };
        var wordIndex = new List<int>(words.Count + 2) { -1 };
        var truncated = false;
        Span<long> pieceIds = stackalloc long[66];
        Span<long> pieceMask = stackalloc long[66];
        for (var w = 0; w < words.Count; w++)
        {
            int count;
            lock (_gate)
            {
                count = _tokenizer.Encode(text.Substring(words[w].Start, words[w].Length), pieceIds, pieceMask);
            }

            // The encoder wraps each word in [CLS] ... [SEP]; keep only the word pieces.
            var pieces = pieceIds[1..Math.Max(1, count - 1)];
            if (ids.Count + pieces.Length + 1 > maxTokens)
            {
                truncated = true;
                break;
            }

            foreach (var id in pieces)
            {
                ids.Add(id);
                wordIndex.Add(w);
            }
        }

        ids.Add(sepId);
        wordIndex.Add(-1);
        return new TokenizedText([.. ids], truncated, [.. wordIndex]);
    }
}
