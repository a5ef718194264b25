using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// What the fake saw, and signals tests can await instead of sleeping. The waits carry a wall-clock
/// safety cap so a broken test fails with a timeout rather than hanging the run.
/// </summary>
public abstract partial class FakeProviderServer
{
    private static readonly TimeSpan WaitCap = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly CountSignal _calls = new();
    private readonly CountSignal _parked = new();
    private readonly CountSignal _clientAborts = new();

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Requests received, whatever the behavior answered.</summary>
    public int CallCount => _calls.Count;

    /// <summary>Requests that reached a wait: a Hang, a Slow delay (its timer already armed) or a stream pause.</summary>
    public int ParkedCount => _parked.Count;

    /// <summary>Requests whose client went away before the fake finished answering (cancelled or hedged away).</summary>
    public int ClientAbortCount => _clientAborts.Count;

    public int CountOf(string pathSuffix) => _requests.Count(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    public Task WaitForCallsAsync(int count, CancellationToken cancellationToken = default) =>
        _calls.WaitForAsync(count, cancellationToken).WaitAsync(WaitCap, cancellationToken);

    /// <summary>Completes once <paramref name="count"/> requests are parked, e.g. before advancing a FakeTimeProvider.</summary>
    public Task WaitForParkedAsync(int count = 1, CancellationToken cancellationToken = default) =>
        _parked.WaitForAsync(count, cancellationToken).WaitAsync(WaitCap, cancellationToken);

    public Task WaitForClientAbortsAsync(int count = 1, CancellationToken cancellationToken = default) =>
        _clientAborts.WaitForAsync(count, cancellationToken).WaitAsync(WaitCap, cancellationToken);

    /// <summary>Forgets the log and zeroes the counters; settings and behavior are kept.</summary>
    public void ClearRequests()
    {
        _requests.Clear();
        _calls.Reset();
        _parked.Reset();
        _clientAborts.Reset();
    }

    private ReceivedRequest Record(HttpRequest request, string rawBody)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value.ToArray()), StringComparer.OrdinalIgnoreCase);
        var received = new ReceivedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, headers, ParseObject(rawBody), rawBody, TimeProvider.GetUtcNow());
        _requests.Enqueue(received);
        _calls.Increment();
        return received;
    }
}
