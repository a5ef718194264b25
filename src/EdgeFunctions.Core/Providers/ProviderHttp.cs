using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeFunctions.Providers;

/// <summary>What every HTTP adapter shares: sending, classifying failures, reading rate-limit headers.</summary>
internal static class ProviderHttp
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, string provider, HttpRequestMessage request, bool streaming, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException(provider, ProviderFailureKind.Transient, $"connection failed: {ex.Message}", inner: ex);
        }
        catch (IOException ex)
        {
            throw new ProviderException(provider, ProviderFailureKind.Transient, $"connection failed: {ex.Message}", inner: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The handler's own connect timeout, not the caller: a provider failure to fail over from.
            throw new ProviderException(provider, ProviderFailureKind.Timeout, $"connection timed out: {ex.Message}", inner: ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadErrorAsync(response, cancellationToken);
            var status = (int)response.StatusCode;
            throw response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => new ProviderException(provider, ProviderFailureKind.RateLimited, $"429 rate limited: {body}", status, RetryAfter(response)),
                HttpStatusCode.RequestTimeout => new ProviderException(provider, ProviderFailureKind.Transient, $"408: {body}", status),
                >= HttpStatusCode.InternalServerError => new ProviderException(provider, ProviderFailureKind.Transient, $"{status}: {body}", status, RetryAfter(response)),
                _ => new ProviderException(provider, ProviderFailureKind.Rejected, $"{status}: {body}", status),
            };
        }
    }

    public static JsonObject ParseObject(string provider, string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            throw new ProviderException(provider, ProviderFailureKind.Malformed, $"the response is not valid JSON: {ex.Message}", inner: ex);
        }
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (response.Headers.Date ?? date),
            _ => null,
        };
    }

    /// <summary>Reads OpenAI's <c>x-ratelimit-*</c> or Anthropic's <c>anthropic-ratelimit-*</c> headers.</summary>
    public static RateLimitSnapshot? RateLimits(HttpResponseHeaders headers)
    {
        long? Read(params string[] names) => names
            .Select(n => headers.TryGetValues(n, out var values) && long.TryParse(values.First(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null)
            .FirstOrDefault(v => v is not null);

        var snapshot = new RateLimitSnapshot(
            Read("x-ratelimit-limit-requests", "anthropic-ratelimit-requests-limit"),
            Read("x-ratelimit-remaining-requests", "anthropic-ratelimit-requests-remaining"),
            Read("x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit"),
            Read("x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining"));
        return snapshot.Headroom is null ? null : snapshot;
    }

    public static void Authorize(HttpRequestMessage request, ProviderOptions options, string defaultHeader)
    {
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return;
        }

        var header = options.ApiKeyHeader ?? defaultHeader;
        if (header.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }
        else
        {
            request.Headers.TryAddWithoutValidation(header, options.ApiKey);
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length > 300 ? text[..300] + "..." : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return "(no body)";
        }
    }
}
