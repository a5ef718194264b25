using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// Writes server-sent events and flushes each one at once, so the first byte leaves the fake the moment
/// it is written. Gateway tests rely on that to prove the gateway itself does not buffer.
/// </summary>
public sealed class SseWriter(HttpResponse response)
{
    /// <summary>Sends 200 and the SSE headers now, before any event, as real providers do.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public Task WriteAsync(SseEvent sse, CancellationToken cancellationToken) =>
        WriteRawAsync(Format(sse), cancellationToken);

    /// <summary>Writes text as is (for malformed events) and flushes.</summary>
    public async Task WriteRawAsync(string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>The SSE framing: an optional <c>event:</c> line, one <c>data:</c> line per data line, a blank line.</summary>
    public static string Format(SseEvent sse)
    {
        var text = new StringBuilder();
        if (sse.Event is not null)
        {
            text.Append("event: ").Append(sse.Event).Append('\n');
        }

        foreach (var line in sse.Data.Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        return text.Append('\n').ToString();
    }
}
