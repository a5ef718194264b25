using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EdgeFunctions.Caching;

/// <summary>
/// A versioned SHA-256 over a canonical form of everything that shapes a result: the schema
/// version, the cache namespace (tenant, or "shared"), the operation, the model and its
/// revision, every output-affecting parameter (sorted by name) and the normalized input.
/// Parameters that do not change the output (<c>stream</c>, <c>user</c>, encoding) stay out.
/// </summary>
public static class CacheKey
{
    /// <summary>Bump when the canonical form or any stored payload format changes.</summary>
    public const int SchemaVersion = 1;

    public static string Compute(string cacheNamespace, string operation, string model, string revision, IReadOnlyDictionary<string, string> parameters, string input)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (input.Length * 2));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // A JSON array of length-delimited strings cannot be ambiguous, unlike joining with separators.
            writer.WriteStartArray();
            writer.WriteNumberValue(SchemaVersion);
            writer.WriteStringValue(cacheNamespace);
            writer.WriteStringValue(operation);
            writer.WriteStringValue(model);
            writer.WriteStringValue(revision);
            writer.WriteStartObject();
            foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteStringValue(NormalizeText(input));
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>
    /// Unicode NFC, so that the same text typed two ways shares an entry. Whitespace is kept:
    /// tokenizers see it and a generative model's output can depend on it.
    /// </summary>
    public static string NormalizeText(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    /// <summary>
    /// Canonical JSON of a request element: object properties sorted by name at every depth,
    /// numbers and strings as parsed. Two requests that differ only in property order get one key.
    /// </summary>
    public static string CanonicalJson(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, element);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(NormalizeText(element.GetString()!));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
