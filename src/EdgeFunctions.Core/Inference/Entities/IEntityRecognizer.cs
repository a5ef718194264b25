using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Inference.Entities;

/// <summary>A token-classification model that finds named entities.</summary>
public interface IEntityRecognizer : ILocalModel
{
    Task<EntityResult[]> RecognizeAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken);
}

/// <summary>The entities of one input, with the tokens used and whether the text was cut to fit.</summary>
public sealed record EntityResult(IReadOnlyList<EntitySpan> Entities, int Tokens, bool Truncated);

/// <summary>An entity as a character range [Start, End) of the original text.</summary>
public sealed record EntitySpan(string Type, string Text, int Start, int End, float Score);
