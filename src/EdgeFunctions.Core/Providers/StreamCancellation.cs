namespace EdgeFunctions.Providers;

/// <summary>
/// Cancellation for reading an upstream stream. A stream outlives the attempt that opened it, and
/// Polly returns the attempt's token source to a shared pool once the attempt is over, where another
/// request's timeout may cancel it. Reads therefore use a source the stream owns, cancelled by
/// whoever is reading at the time: the attempt until the first chunk, the caller after that.
/// </summary>
internal sealed class StreamCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public CancellationToken Token => _source.Token;

    /// <summary>Cancels the reads when <paramref name="reader"/> is cancelled, until the registration is disposed.</summary>
    public CancellationTokenRegistration Link(CancellationToken reader) =>
        reader.Register(static source => ((CancellationTokenSource)source!).Cancel(), _source);

    public void Dispose() => _source.Dispose();
}
