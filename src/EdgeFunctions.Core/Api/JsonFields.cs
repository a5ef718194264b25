using System.Text.Json;

namespace EdgeFunctions.Api;

/// <summary>Typed access to request fields that names the offending field in every error.</summary>
public static class JsonFields
{
    public static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw ApiError.InvalidRequest($"Missing required parameter: '{name}'.", name, "missing_required_parameter");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw ApiError.InvalidRequest($"'{name}' must be a string, not {Describe(value)}.", name, "invalid_type");
        }

        var text = value.GetString()!;
        if (text.Length == 0)
        {
            throw ApiError.InvalidRequest($"'{name}' must not be empty.", name, "invalid_value");
        }

        return text;
    }

    public static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw ApiError.InvalidRequest($"'{name}' must be a string, not {Describe(value)}.", name, "invalid_type");
    }

    public static int? OptionalPositiveInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw ApiError.InvalidRequest($"'{name}' must be an integer, not {Describe(value)}.", name, "invalid_type");
        }

        return number > 0
            ? number
            : throw ApiError.InvalidRequest($"'{name}' must be at least 1.", name, "invalid_value");
    }

    /// <summary>Reads a field that OpenAI allows to be one string or an array of strings.</summary>
    public static IReadOnlyList<string> StringOrStringArray(JsonElement root, string name, ApiOptions limits)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw ApiError.InvalidRequest($"Missing required parameter: '{name}'.", name, "missing_required_parameter");
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [CheckItem(value.GetString()!, name, limits)],
            JsonValueKind.Array => ReadStringArray(value, name, limits, limits.MaxInputItems),
            _ => throw ApiError.InvalidRequest(
                $"'{name}' must be a string or an array of strings, not {Describe(value)}.", name, "invalid_type"),
        };
    }

    public static IReadOnlyList<string>? OptionalStringArray(JsonElement root, string name, ApiOptions limits, int maxItems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array
            ? ReadStringArray(value, name, limits, maxItems)
            : throw ApiError.InvalidRequest($"'{name}' must be an array of strings, not {Describe(value)}.", name, "invalid_type");
    }

    /// <summary>Reads an optional object whose values are all non-empty strings, keyed by its property names.</summary>
    public static Dictionary<string, string>? OptionalStringMap(JsonElement root, string name, ApiOptions limits, int maxItems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ApiError.InvalidRequest($"'{name}' must be an object of strings, not {Describe(value)}.", name, "invalid_type");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var param = $"{name}.{property.Name}";
            if (map.Count == maxItems)
            {
                throw ApiError.InvalidRequest($"'{name}' has more than {maxItems} entries.", name, "too_many_items");
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw ApiError.InvalidRequest($"'{param}' must be a string, not {Describe(property.Value)}.", param, "invalid_type");
            }

            if (!map.TryAdd(property.Name, CheckItem(property.Value.GetString()!, param, limits)))
            {
                throw ApiError.InvalidRequest($"'{name}' repeats '{property.Name}'.", name, "invalid_value");
            }
        }

        return map;
    }

    private static string[] ReadStringArray(JsonElement array, string name, ApiOptions limits, int maxItems)
    {
        var count = array.GetArrayLength();
        if (count == 0)
        {
            throw ApiError.InvalidRequest($"'{name}' must not be an empty array.", name, "invalid_value");
        }

        if (count > maxItems)
        {
            throw ApiError.InvalidRequest(
                $"'{name}' has {count} items; at most {maxItems} are allowed in one request.", name, "too_many_items");
        }

        var items = new string[count];
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var param = $"{name}[{index}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                throw ApiError.InvalidRequest(
                    $"'{param}' must be a string, not {Describe(item)}. Token arrays are not supported by local models.",
                    param, "invalid_type");
            }

            items[index] = CheckItem(item.GetString()!, param, limits);
            index++;
        }

        return items;
    }

    private static string CheckItem(string text, string param, ApiOptions limits)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ApiError.InvalidRequest($"'{param}' must not be empty or whitespace.", param, "invalid_value");
        }

        if (text.Length > limits.MaxInputChars)
        {
            throw ApiError.InvalidRequest(
                $"'{param}' has {text.Length} characters; at most {limits.MaxInputChars} are allowed.", param, "input_too_long");
        }

        return text;
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
