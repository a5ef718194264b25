using System.Text.Json.Nodes;

namespace EdgeFunctions.Infra.Tests;

/// <summary>
/// The resources `bicep snapshot` predicts for one parameter file: every module, loop and
/// nested deployment expanded, with values known before deployment resolved. Values only
/// Azure knows (a new identity's clientId, a site's host name) stay as `[reference(...)]`.
/// </summary>
internal sealed class DeploymentSnapshot(JsonObject root)
{
    public IReadOnlyList<JsonObject> Resources { get; } =
        root["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToArray();

    public JsonArray Diagnostics { get; } = root["diagnostics"]?.AsArray() ?? [];

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Str("type"), type, StringComparison.OrdinalIgnoreCase)).ToArray();

    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"Expected exactly one {type}, found {matches.Count}.");
    }

    /// <summary>The resource whose id is embedded in an expression such as `[reference('id', ...).x]`.</summary>
    public JsonObject? Referenced(string? expression, string type) =>
        expression is null
            ? null
            : OfType(type).SingleOrDefault(r => expression.Contains($"'{r.Str("id")}'", StringComparison.OrdinalIgnoreCase));

    public static string ResourceGroupOf(JsonObject resource)
    {
        var parts = resource.Str("id")!.Split('/');
        var i = Array.FindIndex(parts, p => p.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : "";
    }
}

internal static class JsonNodeExtensions
{
    public static string? Str(this JsonNode? node, string property) =>
        node?[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        return node;
    }

    public static string? StrAt(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>An ARM template expression (unresolved until deployment), not a literal.</summary>
    public static bool IsExpression(this string value) => value.StartsWith('[') && !value.StartsWith("[[", StringComparison.Ordinal);
}
