using System.Text;
using Microsoft.AspNetCore.Http;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>Writes a computed reply, applying the stream faults (cut, in-stream error, pause) at the chosen event.</summary>
public abstract partial class FakeProviderServer
{
    private static async Task WriteJsonAsync(HttpResponse response, int statusCode, string json, CancellationToken token)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, token);
    }

    private async Task WriteReplyAsync(HttpContext context, FakeReply reply, FakeBehavior fault, CancellationToken token)
    {
        if (reply is JsonReply json)
        {
            await WriteJsonReplyAsync(context, json, fault, token);
            return;
        }

        var events = ((StreamReply)reply).Events;
        var stopAt = fault switch
        {
            CutStreamBehavior cut => cut.Events,
            StreamErrorBehavior error => error.Events,
            PauseStreamBehavior pause => pause.Events,
            _ => int.MaxValue,
        };
        var sse = new SseWriter(context.Response);
        await sse.StartAsync(token);
        for (var i = 0; i < events.Count; i++)
        {
            if (i == stopAt && !await InterruptAsync(context, sse, fault, token))
            {
                return;
            }

            await sse.WriteAsync(events[i], token);
        }

        if (stopAt >= events.Count && stopAt != int.MaxValue)
        {
            await InterruptAsync(context, sse, fault, token);
        }
    }

    /// <summary>Applies the stream fault; true when the stream should go on (after a pause).</summary>
    private async Task<bool> InterruptAsync(HttpContext context, SseWriter sse, FakeBehavior fault, CancellationToken token)
    {
        switch (fault)
        {
            case CutStreamBehavior:
                // No terminator and no final chunk: the client sees the connection drop mid-stream.
                context.Abort();
                return false;
            case StreamErrorBehavior:
                await sse.WriteAsync(StreamErrorEvent(), token);
                return false;
            case PauseStreamBehavior pause:
                _parked.Increment();
                await pause.Release.WaitAsync(token);
                return true;
            default:
                return true;
        }
    }

    /// <summary>Stream faults on a non-stream reply: cut half-way through the body, pause before it, or fail with 500.</summary>
    private async Task WriteJsonReplyAsync(HttpContext context, JsonReply json, FakeBehavior fault, CancellationToken token)
    {
        var ok = json.StatusCode == StatusCodes.Status200OK;
        switch (fault)
        {
            case CutStreamBehavior when ok:
                var bytes = Encoding.UTF8.GetBytes(json.Body.ToJsonString());
                context.Response.StatusCode = json.StatusCode;
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), token);
                await context.Response.Body.FlushAsync(token);
                context.Abort();
                return;
            case StreamErrorBehavior when ok:
                await WriteJsonAsync(context.Response, StatusCodes.Status500InternalServerError, ErrorBody(500).ToJsonString(), token);
                return;
            case PauseStreamBehavior pause:
                _parked.Increment();
                await pause.Release.WaitAsync(token);
                break;
        }

        await WriteJsonAsync(context.Response, json.StatusCode, json.Body.ToJsonString(), token);
    }
}
