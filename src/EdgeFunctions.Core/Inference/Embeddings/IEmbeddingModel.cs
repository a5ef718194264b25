using EdgeFunctions.Inference.Models;

namespace EdgeFunctions.Inference.Embeddings;

/// <summary>A loaded sentence-embedding model.</summary>
public interface IEmbeddingModel : ILocalModel
{
    int Dimensions { get; }

    Task<Embedding[]> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken);
}

/// <summary>One unit-length vector, with the tokens it used and whether the input was cut to fit.</summary>
public sealed record Embedding(float[] Vector, int Tokens, bool Truncated);
