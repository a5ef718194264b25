using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>Assistant tool calls as <c>tool_use</c> blocks and tool messages as <c>tool_result</c> blocks.</summary>
internal static class AnthropicToolCalls
{
    /// <summary>An assistant message's <c>tool_calls</c> as <c>tool_use</c> blocks, with the arguments parsed into <c>input</c>.</summary>
    public static IEnumerable<JsonObject> ToToolUses(JsonNode? toolCalls, string path)
    {
        if (JsonRead.IsNullOrAbsent(toolCalls))
        {
            yield break;
        }

        if (toolCalls is not JsonArray calls)
        {
            throw new TranslationException($"'{path}' must be an array.", path, "invalid_type");
        }

        for (var i = 0; i < calls.Count; i++)
        {
            var callPath = $"{path}[{i}]";
            var call = calls[i] as JsonObject;
            var function = call?["function"] as JsonObject;
            var id = JsonRead.String(call?["id"]);
            var name = JsonRead.String(function?["name"]);
            if (id is null || name is null)
            {
                throw new TranslationException($"'{callPath}' must have an id and a function name.", callPath);
            }

            yield return new JsonObject
            {
                ["type"] = "tool_use",
                ["id"] = id,
                ["name"] = name,
                ["input"] = ParseArguments(function!["arguments"], $"{callPath}.function.arguments"),
            };
        }
    }

    /// <summary>A <c>tool</c> role message as a <c>tool_result</c> block answering the <c>tool_use</c> with the same id.</summary>
    public static JsonObject ToToolResult(JsonObject message, string path)
    {
        var id = JsonRead.String(message["tool_call_id"])
            ?? throw new TranslationException($"'{path}.tool_call_id' must be a string.", $"{path}.tool_call_id", "invalid_type");

        var result = new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = id };
        var content = message["content"];
        if (JsonRead.String(content) is { } text)
        {
            result["content"] = text;
        }
        else if (AnthropicContent.ToBlocks(content, $"{path}.content", allowImages: true) is { Count: > 0 } blocks)
        {
            result["content"] = JsonRead.Array(blocks);
        }

        return result;
    }

    private static JsonObject ParseArguments(JsonNode? arguments, string path)
    {
        var text = JsonRead.String(arguments);
        if (arguments is JsonObject alreadyParsed)
        {
            return (JsonObject)alreadyParsed.DeepClone();
        }

        // Some OpenAI-compatible clients send "" for a function without parameters.
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonObject();
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new TranslationException($"'{path}' is not valid JSON: {ex.Message}", path);
        }

        return parsed as JsonObject ?? throw new TranslationException($"'{path}' must be a JSON object.", path);
    }
}
