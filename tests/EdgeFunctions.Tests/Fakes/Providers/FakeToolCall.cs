namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// A tool call the fake answers with when the request offers tools. <see cref="Arguments"/> is the JSON
/// object text (OpenAI sends it as a string; Anthropic as the parsed <c>input</c> object).
/// A null <see cref="Id"/> gets a provider-style one (call_fake_N / toolu_fake_N).
/// </summary>
public sealed record FakeToolCall(string Name, string Arguments, string? Id = null);
