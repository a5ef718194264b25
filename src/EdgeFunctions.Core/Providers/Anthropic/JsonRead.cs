using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// Tolerant reads from <see cref="JsonNode"/> trees. Values parsed from text are backed by a
/// JsonElement while values built in code are CLR primitives; <c>GetValue&lt;T&gt;</c> treats the
/// two differently, so every read goes through the value kind first.
/// </summary>
internal static class JsonRead
{
    /// <summary>
    /// Compact output that leaves non-ASCII text readable: tool arguments are JSON inside a JSON string,
    /// so the outer serializer escapes whatever needs escaping anyway.
    /// </summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        return value.TryGetValue(out double number)
            ? number
            : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>An integral number, or null when absent, not a number, fractional or out of range.</summary>
    public static long? Integer(JsonNode? node) =>
        Number(node) is { } number && Math.Floor(number) == number && Math.Abs(number) < 9e15 ? (long)number : null;

    public static int Int(JsonNode? node) => Integer(node) is { } value ? (int)Math.Clamp(value, 0, int.MaxValue) : 0;

    public static bool? Bool(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    public static bool IsNullOrAbsent(JsonNode? node) => node is null || (node is JsonValue value && value.GetValueKind() == JsonValueKind.Null);

    public static JsonArray Array(IEnumerable<JsonNode> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(item);
        }

        return array;
    }
}
