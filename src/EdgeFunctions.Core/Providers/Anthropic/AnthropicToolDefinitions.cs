using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>OpenAI <c>tools</c> and <c>tool_choice</c> as Anthropic tool definitions and tool choice.</summary>
internal static class AnthropicToolDefinitions
{
    /// <summary>OpenAI <c>tools</c> (function tools only) as Anthropic tool definitions.</summary>
    public static JsonArray? ToTools(JsonNode? tools)
    {
        if (JsonRead.IsNullOrAbsent(tools))
        {
            return null;
        }

        if (tools is not JsonArray list)
        {
            throw new TranslationException("'tools' must be an array.", "tools", "invalid_type");
        }

        var result = new JsonArray();
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"tools[{i}]";
            var tool = list[i] as JsonObject;
            if (JsonRead.String(tool?["type"]) != "function" || tool!["function"] is not JsonObject function)
            {
                throw new TranslationException($"Only function tools can be sent to the Anthropic provider ('{path}').", $"{path}.type", "unsupported_parameter");
            }

            var name = JsonRead.String(function["name"])
                ?? throw new TranslationException($"'{path}.function.name' must be a string.", $"{path}.function.name", "invalid_type");

            // Anthropic requires input_schema; OpenAI allows a function without parameters, which means "no arguments".
            var schema = function["parameters"] is JsonObject parameters
                ? parameters.DeepClone()
                : new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };

            var definition = new JsonObject { ["name"] = name };
            if (JsonRead.String(function["description"]) is { } description)
            {
                definition["description"] = description;
            }

            definition["input_schema"] = schema;
            result.Add(definition);
        }

        return result;
    }

    /// <summary>
    /// OpenAI <c>tool_choice</c> and <c>parallel_tool_calls</c> as Anthropic's <c>tool_choice</c>, or null
    /// to leave Anthropic's default (auto). <c>"none"</c> maps to Anthropic's own <c>{type:"none"}</c>.
    /// </summary>
    public static JsonObject? ToToolChoice(JsonNode? toolChoice, JsonNode? parallelToolCalls)
    {
        JsonObject? choice = JsonRead.String(toolChoice) switch
        {
            "auto" => new JsonObject { ["type"] = "auto" },
            "required" => new JsonObject { ["type"] = "any" },
            "none" => new JsonObject { ["type"] = "none" },
            { } other => throw new TranslationException($"Unknown tool_choice '{other}'.", "tool_choice"),
            null when JsonRead.IsNullOrAbsent(toolChoice) => null,
            null => new JsonObject { ["type"] = "tool", ["name"] = NamedFunction(toolChoice) },
        };

        // parallel_tool_calls: false is the inverse of Anthropic's disable_parallel_tool_use, which "none" does not take.
        if (JsonRead.Bool(parallelToolCalls) == false && JsonRead.String(choice?["type"]) != "none")
        {
            choice ??= new JsonObject { ["type"] = "auto" };
            choice["disable_parallel_tool_use"] = true;
        }

        return choice;
    }

    private static string NamedFunction(JsonNode? toolChoice) =>
        toolChoice is JsonObject choice && JsonRead.String(choice["type"]) == "function" && JsonRead.String((choice["function"] as JsonObject)?["name"]) is { } name
            ? name
            : throw new TranslationException("'tool_choice' must be \"auto\", \"required\", \"none\" or {\"type\":\"function\",\"function\":{\"name\":...}}.", "tool_choice");
}
