using System.Text.Json.Nodes;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// The fakes' deterministic usage rule, public so tests can predict the numbers exactly:
/// prompt tokens = total characters of the message text / 4, rounded up;
/// completion tokens = words in the reply, plus characters of each tool call's arguments / 4 rounded up (at least 1).
/// </summary>
public static class FakeTokenRule
{
    public static int PromptTokens(IEnumerable<string> texts) => (texts.Sum(t => t.Length) + 3) / 4;

    public static int CompletionTokens(string? text, IReadOnlyList<FakeToolCall>? toolCalls = null) =>
        (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length
        + (toolCalls ?? []).Sum(c => Math.Max(1, (c.Arguments.Length + 3) / 4));

    /// <summary>
    /// Every text in a content value: a plain string, or an array of parts/blocks whose <c>text</c> counts
    /// and whose nested <c>content</c> (Anthropic tool results) is searched the same way.
    /// </summary>
    public static IEnumerable<string> Texts(JsonNode? content)
    {
        if (content is JsonValue value && value.TryGetValue<string>(out var text))
        {
            yield return text;
        }
        else if (content is JsonArray parts)
        {
            foreach (var part in parts.OfType<JsonObject>())
            {
                foreach (var nested in Texts(part["text"]).Concat(Texts(part["content"])))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Splits a reply into stream pieces the way models do: each word carries its leading space.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ' ' && text[i - 1] != ' '))
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        return pieces;
    }

    /// <summary>Cuts tool-call arguments into fragments, so clients must concatenate them as with real providers.</summary>
    public static IReadOnlyList<string> Fragments(string arguments, int size = 8) =>
        [.. Enumerable.Range(0, (arguments.Length + size - 1) / size).Select(i => arguments.Substring(i * size, Math.Min(size, arguments.Length - (i * size))))];
}
