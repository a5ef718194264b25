using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Inference.Classification;

/// <summary>A model that puts each input into one of a fixed set of labels.</summary>
public interface ITextClassifier : ILocalModel
{
    Task<Classification[]> ClassifyAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken);
}

/// <summary>Every label with its probability, best first.</summary>
public sealed record Classification(LabelScore[] Labels, int Tokens, bool Truncated)
{
    public LabelScore Best => Labels[0];

    public static Classification FromProbabilities(IReadOnlyList<string> labels, ReadOnlySpan<float> probabilities, int tokens, bool truncated)
    {
        var scores = new LabelScore[labels.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = new LabelScore(labels[i], probabilities[i]);
        }

        // Stable order for ties keeps responses (and cached bytes) deterministic.
        var ordered = scores.Select((score, index) => (score, index))
            .OrderByDescending(x => x.score.Score).ThenBy(x => x.index)
            .Select(x => x.score).ToArray();
        return new Classification(ordered, tokens, truncated);
    }
}

public readonly record struct LabelScore(string Label, float Score);
