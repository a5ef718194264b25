using System.Text.Json.Serialization;

namespace EdgeFunctions.Api;

/// <summary>
/// OpenAI's usage block. <see cref="TruncatedInputs"/> lists the inputs that were cut to the model's
/// token limit, so a caller knows which vectors or labels describe only the start of the text.
/// </summary>
public sealed record Usage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens,
    [property: JsonPropertyName("truncated_inputs")] int[]? TruncatedInputs)
{
    public static Usage From(IReadOnlyList<(int Tokens, bool Truncated)> items)
    {
        var tokens = items.Sum(i => i.Tokens);
        var truncated = items.Select((item, index) => (item, index)).Where(x => x.item.Truncated).Select(x => x.index).ToArray();
        return new Usage(tokens, tokens, truncated.Length == 0 ? null : truncated);
    }
}
