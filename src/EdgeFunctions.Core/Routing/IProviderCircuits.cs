namespace EdgeFunctions.Routing;

/// <summary>The circuit state of each provider, as its breaker sees it.</summary>
public interface IProviderCircuits
{
    /// <summary><c>closed</c>, <c>open</c>, <c>halfopen</c> or <c>isolated</c>.</summary>
    string StateOf(string provider);

    bool IsOpen(string provider) => StateOf(provider) is "open" or "isolated";

    /// <summary>When an open circuit's break ends, if known: the earliest time the provider may be tried again.</summary>
    DateTimeOffset? OpenUntil(string provider) => null;
}
