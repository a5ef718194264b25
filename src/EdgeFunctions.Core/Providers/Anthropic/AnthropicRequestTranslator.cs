using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>Builds an Anthropic Messages request from an OpenAI chat.completions request. Pure: no I/O.</summary>
public static class AnthropicRequestTranslator
{
    /// <summary>Anthropic requires <c>max_tokens</c>; this is used when the caller sets neither max_tokens nor max_completion_tokens.</summary>
    public const int DefaultMaxTokens = 1024;

    /// <exception cref="TranslationException">The request cannot be expressed for Anthropic; answer 400.</exception>
    public static JsonObject ToMessagesRequest(JsonObject openAiRequest, string upstreamModel, bool stream, int defaultMaxTokens = DefaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(openAiRequest);
        ArgumentException.ThrowIfNullOrEmpty(upstreamModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultMaxTokens);

        AnthropicSampling.RejectUnsupported(openAiRequest);
        var (system, messages) = AnthropicConversation.Convert(openAiRequest["messages"]);
        if (AnthropicResponseFormat.ToInstruction(openAiRequest["response_format"]) is { } instruction)
        {
            system.Add(instruction);
        }

        var result = new JsonObject { ["model"] = upstreamModel };
        if (system.Count > 0)
        {
            result["system"] = string.Join("\n\n", system);
        }

        result["messages"] = messages;
        AnthropicSampling.Apply(openAiRequest, result, defaultMaxTokens);

        // Without tools a tool_choice means nothing, and Anthropic rejects it.
        if (AnthropicToolDefinitions.ToTools(openAiRequest["tools"]) is { Count: > 0 } tools)
        {
            result["tools"] = tools;
            if (AnthropicToolDefinitions.ToToolChoice(openAiRequest["tool_choice"], openAiRequest["parallel_tool_calls"]) is { } choice)
            {
                result["tool_choice"] = choice;
            }
        }

        // safety_identifier is OpenAI's newer name for user; either identifies the end user for abuse detection.
        if ((JsonRead.String(openAiRequest["safety_identifier"]) ?? JsonRead.String(openAiRequest["user"])) is { Length: > 0 } user)
        {
            result["metadata"] = new JsonObject { ["user_id"] = user };
        }

        result["stream"] = stream;
        return result;
    }
}
