using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EdgeFunctions.Api;

/// <summary>
/// Reads a JSON request body under a size limit and turns every way it can be wrong into an
/// <see cref="ApiError"/> (415, 413 or 400), so that nothing malformed reaches a model.
/// </summary>
public sealed class JsonRequestReader(IOptions<ApiOptions> options)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public async Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        EnsureJsonContentType(request.ContentType);
        var limit = options.Value.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            throw ApiError.PayloadTooLarge(limit);
        }

        var body = await ReadBoundedAsync(request.Body, limit, cancellationToken);
        if (body.Length == 0)
        {
            throw ApiError.InvalidRequest("The request body is empty; expected a JSON object.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw ApiError.InvalidRequest($"The request body is not valid JSON: {ex.Message}", code: "invalid_json");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiError.InvalidRequest("The request body must be a JSON object.", code: "invalid_json");
        }

        if (JsonStringCheck.FindUnreadable(document.RootElement) is { } path)
        {
            document.Dispose();
            throw ApiError.InvalidRequest($"'{path}' is not valid text: it holds invalid UTF-8 or an unpaired UTF-16 surrogate escape.", path, "invalid_string");
        }

        return document;
    }

    private static void EnsureJsonContentType(string? contentType)
    {
        if (contentType is null
            || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (parsed.Charset.HasValue && !parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw ApiError.UnsupportedMediaType(contentType);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        // Chunked bodies have no Content-Length, so the limit is enforced while reading as well.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw ApiError.PayloadTooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
