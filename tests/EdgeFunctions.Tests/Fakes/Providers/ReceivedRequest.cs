using System.Text.Json.Nodes;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// One request as the fake received it, so tests can assert what the gateway sent upstream.
/// <see cref="Body"/> is the fake's own parse, never shared with the handler, so reading it is safe.
/// </summary>
public sealed record ReceivedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    JsonObject? Body,
    string RawBody,
    DateTimeOffset ReceivedAt)
{
    /// <summary>A header's value (multiple values joined by ", "), or null; names are case-insensitive.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
