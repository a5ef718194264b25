using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace EdgeFunctions.Routing;

/// <summary>
/// Counts prompt tokens with the o200k tiktoken encoding (GPT-4o's), plus OpenAI's per-message
/// framing. Other providers tokenize differently, but within a few percent for English; the
/// estimate decides context fit and predicted cost, so close is what matters.
/// </summary>
public sealed class PromptTokenEstimator
{
    private const int TokensPerMessage = 3;
    private const int TokensPerReply = 3;
    private readonly Lazy<Tokenizer> _tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    public int Estimate(JsonObject request)
    {
        var tokenizer = _tokenizer.Value;
        var total = TokensPerReply;
        if (request["messages"] is JsonArray messages)
        {
            foreach (var message in messages.OfType<JsonObject>())
            {
                total += TokensPerMessage + Count(tokenizer, message["content"]);
                if (message["tool_calls"] is JsonNode calls)
                {
                    total += tokenizer.CountTokens(calls.ToJsonString());
                }
            }
        }

        if (request["tools"] is JsonNode tools)
        {
            total += tokenizer.CountTokens(tools.ToJsonString());
        }

        return total;
    }

    private static int Count(Tokenizer tokenizer, JsonNode? content) => content switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => tokenizer.CountTokens(text),
        JsonArray parts => parts.OfType<JsonObject>().Sum(part => part["text"] is JsonValue text && text.TryGetValue<string>(out var s)
            ? tokenizer.CountTokens(s)
            : part["type"]?.GetValue<string>() == "image_url" ? 765 : 0),
        _ => 0,
    };
}
