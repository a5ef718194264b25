using System.Runtime.CompilerServices;
using System.Text;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// Reads server-sent events from a response stream, for tests of the fakes and of the gateway.
/// An event is dispatched only at its blank line, so a cut stream never yields a half event.
/// </summary>
public static class SseReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new SseEvent(name, string.Join('\n', data));
                }

                (name, data) = (null, []);
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].TrimStart();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].StartsWith(' ') ? line[6..] : line[5..]);
            }
        }
    }

    /// <summary>Reads every event until the server ends the response; throws if the connection is cut.</summary>
    public static async Task<List<SseEvent>> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var events = new List<SseEvent>();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var sse in ReadAsync(stream, cancellationToken))
        {
            events.Add(sse);
        }

        return events;
    }
}
