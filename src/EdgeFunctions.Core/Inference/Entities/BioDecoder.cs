using EdgeFunctions.Inference.Tokenization;

namespace EdgeFunctions.Inference.Entities;

/// <summary>
/// Turns per-token BIO/IOB2 tags into entity spans. A word takes the tag of its first word piece
/// (the usual "first" aggregation); consecutive words of one type merge while tagged <c>I-</c>.
/// An <c>I-</c> without a matching open entity starts one, which also accepts IOB1 output.
/// </summary>
public static class BioDecoder
{
    public static List<EntitySpan> Decode(string text, IReadOnlyList<WordSpan> words, int[] wordIndex, IReadOnlyList<float[]> tokenProbabilities, IReadOnlyList<string> tags)
    {
        var entities = new List<EntitySpan>();
        string? openType = null;
        int openStart = 0, openEnd = 0;
        float scoreSum = 0;
        int scoreCount = 0;

        void Close()
        {
            if (openType is not null)
            {
                entities.Add(new EntitySpan(openType, text[openStart..openEnd], openStart, openEnd, scoreSum / scoreCount));
                openType = null;
            }
        }

        var previousWord = -1;
        for (var token = 0; token < wordIndex.Length; token++)
        {
            var word = wordIndex[token];
            if (word < 0 || word == previousWord)
            {
                continue;
            }

            previousWord = word;
            var probabilities = tokenProbabilities[token];
            var best = ArgMax(probabilities);
            var (prefix, type) = Split(tags[best]);
            if (type is null)
            {
                Close();
                continue;
            }

            if (prefix == 'I' && openType == type)
            {
                openEnd = words[word].End;
            }
            else
            {
                Close();
                openType = type;
                openStart = words[word].Start;
                openEnd = words[word].End;
                scoreSum = 0;
                scoreCount = 0;
            }

            scoreSum += probabilities[best];
            scoreCount++;
        }

        Close();
        return entities;
    }

    private static (char Prefix, string? Type) Split(string tag)
    {
        if (tag.Length > 2 && tag[1] is '-' or '_' && tag[0] is 'B' or 'I' or 'b' or 'i')
        {
            return (char.ToUpperInvariant(tag[0]), tag[2..]);
        }

        return tag is "O" or "o" ? ('O', null) : ('B', tag);
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
