using EdgeFunctions.Inference.Entities;
using EdgeFunctions.Inference.Tokenization;

namespace EdgeFunctions.Tests.Inference;

public sealed class BioDecoderTests
{
    private static readonly string[] Tags = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"];

    [Fact]
    public void Decode_BThenI_MergesIntoOneSpanWithMeanScore()
    {
        var (words, wordIndex) = Words("Ada Lovelace wrote", [0, 1, 2]);

        var entities = BioDecoder.Decode("Ada Lovelace wrote", words, wordIndex, [Cls(), P(1, 0.9f), P(2, 0.7f), P(0, 0.99f), Cls()], Tags);

        var entity = Assert.Single(entities);
        Assert.Equal(new EntitySpan("PER", "Ada Lovelace", 0, 12, 0.8f), entity with { Score = MathF.Round(entity.Score, 3) });
    }

    [Fact]
    public void Decode_IOfAnotherType_StartsANewEntity()
    {
        var (words, wordIndex) = Words("Ada Acme", [0, 1]);

        var entities = BioDecoder.Decode("Ada Acme", words, wordIndex, [Cls(), P(1, 0.9f), P(4, 0.9f), Cls()], Tags);

        Assert.Equal(["PER:Ada", "ORG:Acme"], entities.Select(e => $"{e.Type}:{e.Text}"));
    }

    [Fact]
    public void Decode_TwoBsInARow_AreTwoEntities()
    {
        var (words, wordIndex) = Words("Ada Bob", [0, 1]);

        var entities = BioDecoder.Decode("Ada Bob", words, wordIndex, [Cls(), P(1, 0.9f), P(1, 0.9f), Cls()], Tags);

        Assert.Equal(2, entities.Count);
    }

    [Fact]
    public void Decode_LaterWordPieces_FollowTheFirstPiecesTag()
    {
        // "Lovelace" split into two pieces: only the first piece's tag counts.
        var (words, _) = Words("Lovelace", [0]);
        int[] wordIndex = [-1, 0, 0, -1];

        var entities = BioDecoder.Decode("Lovelace", words, wordIndex, [Cls(), P(1, 0.8f), P(0, 0.99f), Cls()], Tags);

        Assert.Equal("Lovelace", Assert.Single(entities).Text);
    }

    [Fact]
    public void PreTokenizer_SplitsPunctuationAndKeepsOffsets()
    {
        const string Text = "  Hi, Zoë's café!\tOK";
        var words = BertPreTokenizer.Split(Text);

        Assert.Equal(["Hi", ",", "Zoë", "'", "s", "café", "!", "OK"], words.Select(w => Text.Substring(w.Start, w.Length)));
    }

    private static (List<WordSpan> Words, int[] WordIndex) Words(string text, int[] words)
    {
        var spans = BertPreTokenizer.Split(text);
        return (spans, [-1, .. words, -1]);
    }

    private static float[] Cls() => [1, 0, 0, 0, 0];

    private static float[] P(int tag, float probability)
    {
        var result = Enumerable.Repeat((1 - probability) / (Tags.Length - 1), Tags.Length).ToArray();
        result[tag] = probability;
        return result;
    }
}
