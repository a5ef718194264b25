using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Tests.Providers.Anthropic;

/// <summary>Small helpers that keep the translation tests readable.</summary>
internal static class AnthropicJson
{
    public static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Parses SSE text (event:/data: lines, blank-line separated) into (event, data) pairs.</summary>
    public static List<(string Event, JsonObject Data)> Sse(string text)
    {
        var events = new List<(string, JsonObject)>();
        foreach (var frame in text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var name = string.Empty;
            var data = string.Empty;
            foreach (var line in frame.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data += line["data:".Length..].Trim();
                }
            }

            events.Add((name, Obj(data)));
        }

        return events;
    }

    /// <summary>Compact JSON with apostrophes and non-ASCII left readable, so expected strings read like the wire.</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString(Readable) ?? "null";

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
