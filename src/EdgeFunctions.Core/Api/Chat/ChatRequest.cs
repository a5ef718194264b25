using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFunctions.Providers;

namespace EdgeFunctions.Api.Chat;

/// <summary>
/// A validated chat.completions request. The body is kept as JSON and passed through, so
/// parameters the gateway does not interpret still reach OpenAI-compatible providers.
/// </summary>
public sealed record ChatRequest(JsonObject Body, string Model, bool Stream, bool IncludeUsage, int? MaxTokens, double? Temperature, IReadOnlySet<string> Capabilities, JsonObject? Edge)
{
    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant", "tool"];

    public static ChatRequest Parse(JsonElement root)
    {
        var model = JsonFields.RequiredString(root, "model");
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            throw ApiError.InvalidRequest("'messages' must be a non-empty array.", "messages", messages.ValueKind == JsonValueKind.Undefined ? "missing_required_parameter" : "invalid_type");
        }

        if (messages.GetArrayLength() == 0)
        {
            throw ApiError.InvalidRequest("'messages' must not be empty.", "messages", "invalid_value");
        }

        var capabilities = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            ValidateMessage(message, $"messages[{index++}]", capabilities);
        }

        var stream = OptionalBool(root, "stream") ?? false;
        var includeUsage = root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("include_usage", out var include) && include.ValueKind == JsonValueKind.True;
        var maxTokens = JsonFields.OptionalPositiveInt(root, "max_completion_tokens") ?? JsonFields.OptionalPositiveInt(root, "max_tokens");
        var temperature = OptionalNumber(root, "temperature", 0, 2);
        OptionalNumber(root, "top_p", 0, 1);
        if (JsonFields.OptionalPositiveInt(root, "n") is > 1)
        {
            throw ApiError.InvalidRequest("'n' greater than 1 is not supported; send separate requests.", "n", "unsupported_value");
        }

        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind != JsonValueKind.Null)
        {
            ValidateTools(tools);
            capabilities.Add(Providers.Capabilities.Tools);
        }

        if (root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
            && format.TryGetProperty("type", out var type) && type.GetString() is "json_object" or "json_schema")
        {
            capabilities.Add(Providers.Capabilities.Json);
        }

        ValidateStop(root);
        var body = JsonNode.Parse(root.GetRawText())!.AsObject();
        var edge = body["edge"] as JsonObject;
        if (body["edge"] is { } edgeNode && edge is null)
        {
            throw ApiError.InvalidRequest("'edge' must be an object.", "edge", "invalid_type");
        }

        body.Remove("edge");
        return new ChatRequest(body, model, stream, includeUsage, maxTokens, temperature, capabilities, edge);
    }

    private static void ValidateMessage(JsonElement message, string path, HashSet<string> capabilities)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw ApiError.InvalidRequest($"'{path}' must be an object.", path, "invalid_type");
        }

        var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : null;
        if (role is null || !Roles.Contains(role))
        {
            throw ApiError.InvalidRequest($"'{path}.role' must be one of {string.Join(", ", Roles)}.", $"{path}.role", "invalid_value");
        }

        var hasContent = message.TryGetProperty("content", out var content) && content.ValueKind != JsonValueKind.Null;
        var hasToolCalls = message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0;
        if (!hasContent && !(role == "assistant" && hasToolCalls))
        {
            throw ApiError.InvalidRequest($"'{path}.content' is required.", $"{path}.content", "missing_required_parameter");
        }

        if (hasContent && content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            throw ApiError.InvalidRequest($"'{path}.content' must be a string or an array of content parts.", $"{path}.content", "invalid_type");
        }

        if (hasContent && content.ValueKind == JsonValueKind.Array && content.EnumerateArray().Any(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var t) && t.GetString() == "image_url"))
        {
            capabilities.Add(Providers.Capabilities.Vision);
        }

        if (role == "tool" && !(message.TryGetProperty("tool_call_id", out var id) && id.ValueKind == JsonValueKind.String))
        {
            throw ApiError.InvalidRequest($"'{path}.tool_call_id' is required for tool messages.", $"{path}.tool_call_id", "missing_required_parameter");
        }
    }

    private static void ValidateTools(JsonElement tools)
    {
        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw ApiError.InvalidRequest("'tools' must be an array.", "tools", "invalid_type");
        }

        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var path = $"tools[{index++}]";
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0)
            {
                throw ApiError.InvalidRequest($"'{path}' must be {{\"type\":\"function\",\"function\":{{\"name\":...}}}}.", path, "invalid_value");
            }
        }
    }

    private static void ValidateStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind is JsonValueKind.Null or JsonValueKind.String)
        {
            return;
        }

        if (stop.ValueKind != JsonValueKind.Array || stop.GetArrayLength() > 4 || stop.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
        {
            throw ApiError.InvalidRequest("'stop' must be a string or an array of up to 4 strings.", "stop", "invalid_value");
        }
    }

    private static bool? OptionalBool(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw ApiError.InvalidRequest($"'{name}' must be a boolean.", name, "invalid_type");

    private static double? OptionalNumber(JsonElement root, string name, double min, double max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is var number && number >= min && number <= max
            ? number
            : throw ApiError.InvalidRequest($"'{name}' must be a number from {min} to {max}.", name, "invalid_value");
    }
}
