using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// OpenAI <c>response_format</c> as a system-prompt instruction. Anthropic's Messages API has no JSON
/// mode, so <c>json_object</c> and <c>json_schema</c> are best effort: the model is told to answer with
/// JSON (matching the schema), but nothing upstream enforces it and the gateway does not validate the
/// answer. Callers that need a guarantee should route to a provider with native JSON mode.
/// </summary>
internal static class AnthropicResponseFormat
{
    public static string? ToInstruction(JsonNode? responseFormat)
    {
        if (JsonRead.IsNullOrAbsent(responseFormat))
        {
            return null;
        }

        var format = responseFormat as JsonObject;
        switch (JsonRead.String(format?["type"]))
        {
            case "text":
                return null;
            case "json_object":
                return "Respond only with a single valid JSON object. Do not wrap it in Markdown code fences and do not add any text before or after it.";
            case "json_schema" when format!["json_schema"] is JsonObject jsonSchema:
                var name = JsonRead.String(jsonSchema["name"]);
                var schema = jsonSchema["schema"]?.ToJsonString() ?? "{}";
                return "Respond only with a single valid JSON value that conforms to this JSON Schema"
                    + (name is null ? string.Empty : $" (named \"{name}\")")
                    + ". Do not wrap it in Markdown code fences and do not add any text before or after it.\n"
                    + schema;
            default:
                throw new TranslationException("'response_format.type' must be \"text\", \"json_object\" or \"json_schema\" (with a json_schema object).", "response_format.type");
        }
    }
}
