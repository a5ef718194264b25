using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers.Anthropic;

/// <summary>
/// OpenAI <c>image_url</c> parts as Anthropic image blocks: a <c>data:</c> URL becomes a base64 source,
/// an http(s) URL a url source that Anthropic fetches itself. OpenAI's <c>detail</c> has no equivalent
/// and is dropped.
/// </summary>
internal static class AnthropicImage
{
    // The media types Anthropic's vision accepts; anything else would be rejected upstream with a vaguer message.
    private static readonly string[] MediaTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    public static JsonObject FromImageUrl(JsonNode? imageUrl, string path)
    {
        var url = JsonRead.String(imageUrl) ?? JsonRead.String((imageUrl as JsonObject)?["url"])
            ?? throw new TranslationException($"'{path}.url' must be a string.", $"{path}.url", "invalid_type");

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return Block(new JsonObject { ["type"] = "base64", ["media_type"] = MediaTypeOf(url, path), ["data"] = url[(url.IndexOf(',') + 1)..] });
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return Block(new JsonObject { ["type"] = "url", ["url"] = url });
        }

        throw new TranslationException($"'{path}.url' must be an http(s) URL or a base64 data: URL.", $"{path}.url");
    }

    private static string MediaTypeOf(string dataUrl, string path)
    {
        // data:[<media type>][;base64],<data>; only the base64 form carries binary images.
        var comma = dataUrl.IndexOf(',');
        var header = comma < 0 ? string.Empty : dataUrl[5..comma];
        var parameters = header.Split(';');
        if (comma < 0 || !parameters.Skip(1).Contains("base64", StringComparer.OrdinalIgnoreCase))
        {
            throw new TranslationException($"'{path}.url' must be a base64 data: URL (data:image/png;base64,...).", $"{path}.url");
        }

        var mediaType = parameters[0].ToLowerInvariant();
        return MediaTypes.Contains(mediaType)
            ? mediaType
            : throw new TranslationException(
                $"Image media type '{parameters[0]}' at '{path}.url' is not supported; use one of {string.Join(", ", MediaTypes)}.", $"{path}.url");
    }

    private static JsonObject Block(JsonObject source) => new() { ["type"] = "image", ["source"] = source };
}
