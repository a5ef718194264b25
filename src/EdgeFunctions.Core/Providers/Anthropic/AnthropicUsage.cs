using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// Anthropic <c>usage</c> as token counts. Anthropic's <c>input_tokens</c> excludes prompt-cache reads and
/// writes, which it reports separately; OpenAI's <c>prompt_tokens</c> counts every prompt token and shows
/// cache reads in <c>prompt_tokens_details.cached_tokens</c>. So prompt tokens are the sum of the three.
/// </summary>
internal static class AnthropicUsage
{
    /// <summary>Total prompt tokens, or null when this usage object does not report input (a message_delta may not).</summary>
    public static int? PromptTokens(JsonNode? usage) =>
        usage is JsonObject u && JsonRead.Integer(u["input_tokens"]) is not null
            ? JsonRead.Int(u["input_tokens"]) + JsonRead.Int(u["cache_creation_input_tokens"]) + JsonRead.Int(u["cache_read_input_tokens"])
            : null;

    public static int? CachedTokens(JsonNode? usage) =>
        usage is JsonObject u && JsonRead.Integer(u["cache_read_input_tokens"]) is not null ? JsonRead.Int(u["cache_read_input_tokens"]) : null;

    public static int? OutputTokens(JsonNode? usage) =>
        usage is JsonObject u && JsonRead.Integer(u["output_tokens"]) is not null ? JsonRead.Int(u["output_tokens"]) : null;

    /// <summary>OpenAI's usage object.</summary>
    public static JsonObject ToOpenAi(TokenUsage usage, int? cachedTokens)
    {
        var result = new JsonObject
        {
            ["prompt_tokens"] = usage.PromptTokens,
            ["completion_tokens"] = usage.CompletionTokens,
            ["total_tokens"] = usage.TotalTokens,
        };
        if (cachedTokens is { } cached)
        {
            result["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cached };
        }

        return result;
    }
}
