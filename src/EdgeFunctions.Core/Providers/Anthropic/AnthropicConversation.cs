using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// Splits OpenAI <c>messages</c> into Anthropic's top-level system prompt and a list of strictly
/// alternating user/assistant turns.
/// </summary>
internal static class AnthropicConversation
{
    public static (List<string> System, JsonArray Messages) Convert(JsonNode? messages)
    {
        if (messages is not JsonArray list)
        {
            throw new TranslationException("'messages' must be an array.", "messages", "invalid_type");
        }

        var system = new List<string>();
        var turns = new List<(string Role, List<JsonObject> Blocks)>();
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"messages[{i}]";
            var message = list[i] as JsonObject ?? throw new TranslationException($"'{path}' must be an object.", path, "invalid_type");
            switch (JsonRead.String(message["role"]))
            {
                // Anthropic has one system prompt, so system and developer messages anywhere in the list
                // are hoisted into it in order; a mid-conversation system message loses its position.
                case "system" or "developer":
                    if (AnthropicContent.PlainText(message["content"], $"{path}.content") is { Length: > 0 } text)
                    {
                        system.Add(text);
                    }

                    break;
                case "user":
                    Append(turns, "user", AnthropicContent.ToBlocks(message["content"], $"{path}.content", allowImages: true));
                    break;
                case "assistant":
                    var blocks = AnthropicContent.ToBlocks(message["content"], $"{path}.content", allowImages: false);
                    blocks.AddRange(AnthropicToolCalls.ToToolUses(message["tool_calls"], $"{path}.tool_calls"));
                    Append(turns, "assistant", blocks);
                    break;
                case "tool":
                    Append(turns, "user", [AnthropicToolCalls.ToToolResult(message, path)]);
                    break;
                case var role:
                    throw new TranslationException(
                        $"Message role '{role ?? "(none)"}' at '{path}' is not supported by the Anthropic provider (use system, developer, user, assistant or tool).",
                        $"{path}.role", "unsupported_parameter");
            }
        }

        if (turns.Count == 0)
        {
            throw new TranslationException("The Anthropic provider needs at least one non-empty user or assistant message.", "messages");
        }

        // A final assistant turn is a prefill that the model continues; Anthropic rejects one whose text ends in whitespace.
        if (turns[^1] is ("assistant", var last) && JsonRead.String(last[^1]["type"]) == "text")
        {
            last[^1]["text"] = JsonRead.String(last[^1]["text"])!.TrimEnd();
        }

        var result = new JsonArray();
        foreach (var (role, blocks) in turns)
        {
            result.Add(new JsonObject { ["role"] = role, ["content"] = JsonRead.Array(role == "user" ? ToolResultsFirst(blocks) : blocks) });
        }

        return (system, result);
    }

    /// <summary>
    /// Anthropic requires alternating roles, so consecutive messages of one role (several tool results,
    /// or a tool result followed by the user's next words) become one turn. A message with no content
    /// left (e.g. <c>""</c>) is dropped: Anthropic rejects empty turns.
    /// </summary>
    private static void Append(List<(string Role, List<JsonObject> Blocks)> turns, string role, List<JsonObject> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        if (turns.Count > 0 && turns[^1].Role == role)
        {
            turns[^1].Blocks.AddRange(blocks);
        }
        else
        {
            turns.Add((role, blocks));
        }
    }

    // Anthropic requires a user turn's tool_result blocks to come before any other content.
    private static IEnumerable<JsonObject> ToolResultsFirst(List<JsonObject> blocks) =>
        blocks.Where(IsToolResult).Concat(blocks.Where(b => !IsToolResult(b)));

    private static bool IsToolResult(JsonObject block) => JsonRead.String(block["type"]) == "tool_result";
}
