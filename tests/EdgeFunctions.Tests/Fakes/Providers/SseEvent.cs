namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>One server-sent event: OpenAI sends data only; Anthropic names every event.</summary>
public sealed record SseEvent(string? Event, string Data)
{
    public static SseEvent DataOnly(string data) => new(null, data);
}
