using Polly.CircuitBreaker;

namespace EdgeFunctions.Routing;

/// <summary>
/// Polly's view of one provider's circuit, plus when its current break ends. Polly moves an open
/// circuit to half-open only when a call arrives after the break, but the router never sends a call
/// to an open circuit; without knowing when the break ends, a provider would stay excluded for ever.
/// </summary>
internal sealed class ProviderBreaker
{
    // UTC ticks of the end of the current break; 0 until the circuit first opens.
    private long _openUntilTicks;

    public CircuitBreakerStateProvider State { get; } = new();

    /// <summary>When the break of an open circuit ends; null while the circuit is not open.</summary>
    public DateTimeOffset? OpenUntil =>
        State.CircuitState == CircuitState.Open && Interlocked.Read(ref _openUntilTicks) is var ticks and > 0
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;

    public void Opened(DateTimeOffset until) => Interlocked.Exchange(ref _openUntilTicks, until.UtcTicks);
}
