using System.Globalization;

namespace EdgeFunctions.Inference.Tokenization;

/// <summary>
/// BERT's basic pre-tokenization (split on whitespace, every punctuation mark and CJK
/// character is a word of its own) that keeps character offsets into the original text.
/// </summary>
public static class BertPreTokenizer
{
    public static List<WordSpan> Split(string text)
    {
        var words = new List<WordSpan>();
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                Flush(words, ref start, i);
            }
            else if (IsPunctuation(c) || IsCjk(c))
            {
                Flush(words, ref start, i);
                words.Add(new WordSpan(i, 1));
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        Flush(words, ref start, text.Length);
        return words;
    }

    private static void Flush(List<WordSpan> words, ref int start, int end)
    {
        if (start >= 0)
        {
            words.Add(new WordSpan(start, end - start));
            start = -1;
        }
    }

    // BERT treats every non-alphanumeric ASCII symbol as punctuation, plus Unicode's P* classes.
    private static bool IsPunctuation(char c) =>
        c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~'
        || char.GetUnicodeCategory(c) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    private static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';
}
