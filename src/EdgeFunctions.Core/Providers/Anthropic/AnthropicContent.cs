using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>Converts OpenAI message content (a string or an array of content parts) into Anthropic content blocks.</summary>
internal static class AnthropicContent
{
    public static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    /// <summary>
    /// Content blocks for a user, assistant or tool message. Empty and whitespace-only text is dropped
    /// because Anthropic rejects such text blocks, and OpenAI clients routinely send <c>""</c> beside tool calls.
    /// </summary>
    public static List<JsonObject> ToBlocks(JsonNode? content, string path, bool allowImages)
    {
        var blocks = new List<JsonObject>();
        if (JsonRead.IsNullOrAbsent(content))
        {
            return blocks;
        }

        if (JsonRead.String(content) is { } text)
        {
            AddText(blocks, text);
            return blocks;
        }

        if (content is not JsonArray parts)
        {
            throw new TranslationException($"'{path}' must be a string or an array of content parts.", path, "invalid_type");
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var partPath = $"{path}[{i}]";
            var part = parts[i] as JsonObject ?? throw new TranslationException($"'{partPath}' must be an object.", partPath, "invalid_type");
            switch (JsonRead.String(part["type"]))
            {
                // An assistant's refusal part is what the model said; Anthropic has no refusal block, so it travels as text.
                case "text" or "refusal":
                    AddText(blocks, JsonRead.String(part["text"]) ?? JsonRead.String(part["refusal"]) ?? string.Empty);
                    break;
                case "image_url" when allowImages:
                    blocks.Add(AnthropicImage.FromImageUrl(part["image_url"], $"{partPath}.image_url"));
                    break;
                case var type:
                    throw new TranslationException(
                        $"Content part type '{type ?? "(none)"}' at '{partPath}' is not supported by the Anthropic provider here.",
                        $"{partPath}.type", "unsupported_parameter");
            }
        }

        return blocks;
    }

    /// <summary>The plain text of system or developer content, whose parts may only be text.</summary>
    public static string PlainText(JsonNode? content, string path)
    {
        var blocks = ToBlocks(content, path, allowImages: false);
        return string.Join("\n\n", blocks.Select(b => JsonRead.String(b["text"])));
    }

    private static void AddText(List<JsonObject> blocks, string text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            blocks.Add(Text(text));
        }
    }
}
