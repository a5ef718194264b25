using System.Text.Json.Nodes;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// What a provider fake computed for a request, before faults are applied. Keeping it as data (not
/// written straight to the response) lets one pipeline cut, pause or break any provider's stream.
/// </summary>
public abstract record FakeReply;

/// <summary>A JSON body with a status code: a completion, a model list, or the provider's error shape.</summary>
public sealed record JsonReply(int StatusCode, JsonNode Body) : FakeReply;

/// <summary>A 200 SSE stream, terminator included ([DONE] or message_stop).</summary>
public sealed record StreamReply(IReadOnlyList<SseEvent> Events) : FakeReply;
