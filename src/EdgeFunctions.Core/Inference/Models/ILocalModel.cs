using EdgeFunctions.Inference.Batching;

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

    /// <summary>
    /// API calls using this model right now, counted by the services from the moment they resolve
    /// it. The model's batcher waits for company only among these, so traffic to other models or
    /// endpoints never delays a lone request.
    /// </summary>
    ActiveRequests Callers { get; }
}
