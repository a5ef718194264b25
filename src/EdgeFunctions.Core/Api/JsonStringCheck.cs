using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace EdgeFunctions.Api;

/// <summary>
/// Finds the first string in a request (a value or a property name) that cannot become .NET
/// text: invalid UTF-8, or an escaped unpaired surrogate such as <c>"\ud800"</c>.
/// <see cref="JsonDocument"/> accepts both and fails only when the string is read, which would
/// surface as a 500 deep inside a handler or pass broken text on to a provider; checking the raw
/// bytes once up front costs no allocation for ordinary text.
/// </summary>
internal static class JsonStringCheck
{
    /// <summary>The path of the first unreadable string (<c>input[3]</c>, <c>messages[0].content</c>), or null.</summary>
    public static string? FindUnreadable(JsonElement root)
    {
        var trail = new List<string>();
        return IsReadable(root, trail) ? null : Path(trail);
    }

    // On failure the trail collects the path from the bad string back up to the root.
    private static bool IsReadable(JsonElement element, List<string> trail)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsReadable(JsonMarshal.GetRawUtf8Value(element));
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsReadable(JsonMarshal.GetRawUtf8PropertyName(property)))
                    {
                        trail.Add("(a property name)");
                        return false;
                    }

                    if (!IsReadable(property.Value, trail))
                    {
                        trail.Add(property.Name);
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (!IsReadable(item, trail))
                    {
                        trail.Add($"[{index}]");
                        return false;
                    }

                    index++;
                }

                return true;
            default:
                return true;
        }
    }

    private static bool IsReadable(ReadOnlySpan<byte> raw) =>
        Utf8.IsValid(raw) && (raw.IndexOf("\\u"u8) < 0 || SurrogateEscapesArePaired(raw));

    // The document has already been parsed, so every escape is well formed: \x or \uXXXX.
    private static bool SurrogateEscapesArePaired(ReadOnlySpan<byte> raw)
    {
        var expectLow = false;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\' || raw[i + 1] != (byte)'u')
            {
                if (expectLow)
                {
                    return false;
                }

                i += raw[i] == (byte)'\\' ? 1 : 0;
                continue;
            }

            var unit = (char)ushort.Parse(raw.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            i += 5;
            if (char.IsLowSurrogate(unit) != expectLow)
            {
                return false;
            }

            expectLow = char.IsHighSurrogate(unit);
        }

        return !expectLow;
    }

    private static string Path(List<string> trail)
    {
        trail.Reverse();
        var path = new System.Text.StringBuilder();
        foreach (var segment in trail)
        {
            if (path.Length > 0 && !segment.StartsWith('['))
            {
                path.Append('.');
            }

            path.Append(segment);
        }

        return path.ToString();
    }
}
