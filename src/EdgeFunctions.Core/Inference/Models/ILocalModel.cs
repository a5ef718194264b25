namespace EdgeFunctions.Inference.Models;

/// <summary>What every installed model tells <c>/v1/models</c> and the cache about itself.</summary>
public interface ILocalModel
{
    string Name { get; }

    string Task { get; }

    /// <summary>Hash of the files that shape the model's output; part of every cache key.</summary>
    string Revision { get; }

    int MaxTokens { get; }

    IReadOnlyList<string> Labels { get; }
}
