using EdgeFunctions.Inference;
using EdgeFunctions.Inference.Batching;
using EdgeFunctions.Inference.Tokenization;
using Microsoft.Extensions.Logging.Abstractions;
using EdgeFunctions.Tests.Fakes;

namespace EdgeFunctions.Tests.Inference;

public sealed class MicroBatcherTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly SignallingTimeProvider _time = new();
    private readonly List<int[]> _batches = [];
    private readonly SemaphoreSlim _firstRunEntered = new(0);
    private readonly ManualResetEventSlim _release = new(initialState: true);
    private MicroBatcher<int>? _batcher;
    private int _activeCallers = 1;

    [Fact]
    public async Task RunAsync_LoneRequest_RunsWithoutWaitingForTime()
    {
        var batcher = Create(new BatchingOptions { MaxWait = TimeSpan.FromSeconds(30) });

        // The fake clock never moves: a lone request that waited for company would never finish.
        var result = await batcher.RunAsync([Tokens(3)], CancellationToken.None).WaitAsync(Patience);

        Assert.Equal([3], result);
    }

    [Fact]
    public async Task RunAsync_RequestsArrivingDuringARun_ShareTheNextRun()
    {
        var batcher = Create(new BatchingOptions { MaxWait = TimeSpan.Zero });
        _release.Reset();
        var first = batcher.RunAsync([Tokens(2)], CancellationToken.None);
        Assert.True(await _firstRunEntered.WaitAsync(Patience));

        var queued = Enumerable.Range(1, 10).Select(i => batcher.RunAsync([Tokens(i), Tokens(i + 20)], CancellationToken.None)).ToArray();
        _release.Set();
        var results = await Task.WhenAll(queued).WaitAsync(Patience);

        Assert.Equal(new[] { 2 }, await first);
        Assert.Equal(2, batcher.Runs);
        Assert.Equal(20, _batches[1].Length);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal([i + 1, i + 21], results[i]);
        }
    }

    [Fact]
    public async Task RunAsync_Batch_IsSortedByLengthAndSplitByTokenBudget()
    {
        var batcher = Create(new BatchingOptions { MaxWait = TimeSpan.Zero, MaxBatchTokens = 100 });

        var result = await batcher.RunAsync([Tokens(10), Tokens(50), Tokens(30), Tokens(40), Tokens(20)], CancellationToken.None).WaitAsync(Patience);

        Assert.Equal([10, 50, 30, 40, 20], result);
        // Longest first; each run's rows × longest row stays within 100 tokens.
        Assert.Equal([[50, 40], [30, 20, 10]], _batches.Select(b => b.ToArray()));
    }

    [Fact]
    public async Task RunAsync_ManyInputs_RespectsMaxBatchSize()
    {
        var batcher = Create(new BatchingOptions { MaxWait = TimeSpan.Zero, MaxBatchSize = 4 });

        var result = await batcher.RunAsync(Enumerable.Range(1, 10).Select(Tokens).ToArray(), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(1, 10), result);
        Assert.All(_batches, b => Assert.True(b.Length <= 4));
        Assert.Equal(10, _batches.Sum(b => b.Length));
    }

    [Fact]
    public async Task RunAsync_ModelThrows_FailsThatBatchAndKeepsServing()
    {
        var batcher = Create(new BatchingOptions { MaxWait = TimeSpan.Zero });

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.RunAsync([Tokens(13)], CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(new[] { 5 }, await batcher.RunAsync([Tokens(5)], CancellationToken.None).WaitAsync(Patience));
    }

    [Fact]
    public async Task RunAsync_MoreCallersActiveThanQueued_WaitsForThemUntilMaxWait()
    {
        var maxWait = TimeSpan.FromMilliseconds(5);
        var batcher = Create(new BatchingOptions { MaxWait = maxWait, MaxBatchSize = 64 });
        _activeCallers = 3;

        // Two more callers are active but never submit: the batch arms its MaxWait timer and holds.
        var armed = _time.TimerArmed(maxWait);
        var lone = batcher.RunAsync([Tokens(4)], CancellationToken.None);
        Assert.True(await armed.WaitAsync(Patience));
        Assert.False(lone.IsCompleted);
        Assert.Empty(_batches);

        _time.Advance(maxWait);

        Assert.Equal(new[] { 4 }, await lone.WaitAsync(Patience));
    }

    [Fact]
    public async Task RunAsync_CompanyArrivesWithinMaxWait_RunsTogetherWithoutTimePassing()
    {
        var batcher = Create(new BatchingOptions { MaxWait = TimeSpan.FromHours(1), MaxBatchSize = 64 });
        _activeCallers = 2;

        var first = batcher.RunAsync([Tokens(1)], CancellationToken.None);
        var second = batcher.RunAsync([Tokens(2)], CancellationToken.None);
        await Task.WhenAll(first, second).WaitAsync(Patience);

        // Both callers are in, so the batch stops waiting at once: one run, no time advanced.
        Assert.Equal(1, batcher.Runs);
        Assert.Equal([2, 1], _batches.Single());
    }

    [Fact]
    public async Task RunAsync_QueueAtItsLimit_TurnsTheNextCallerAwayAtOnceAndRecovers()
    {
        var batcher = Create(new BatchingOptions { MaxWait = TimeSpan.Zero, MaxQueuedInputs = 3 });
        _release.Reset();
        var running = batcher.RunAsync([Tokens(1)], CancellationToken.None);
        Assert.True(await _firstRunEntered.WaitAsync(Patience));

        // The run holds; three inputs may wait behind it, a fourth may not.
        var queued = batcher.RunAsync([Tokens(2), Tokens(3)], CancellationToken.None);
        var fits = batcher.RunAsync([Tokens(4)], CancellationToken.None);
        var turnedAway = batcher.RunAsync([Tokens(5)], CancellationToken.None);

        // Turned away synchronously, not after a wait.
        Assert.True(turnedAway.IsFaulted);
        await Assert.ThrowsAsync<BatchQueueFullException>(() => turnedAway.WaitAsync(Patience));
        _release.Set();
        await Task.WhenAll(running, queued, fits).WaitAsync(Patience);
        // Drained, the queue takes callers again, even one with more inputs than the limit.
        var large = await batcher.RunAsync([.. Enumerable.Range(1, 5).Select(Tokens)], CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, large);
    }

    public void Dispose()
    {
        _batcher?.Dispose();
        _release.Dispose();
        _firstRunEntered.Dispose();
    }

    private MicroBatcher<int> Create(BatchingOptions options) =>
        _batcher = new MicroBatcher<int>("test", Run, options, () => _activeCallers, _time, NullLogger.Instance);

    // Echoes each input's length, records the batch, and can be held to let requests pile up.
    private int[] Run(IReadOnlyList<TokenizedText> batch)
    {
        var lengths = batch.Select(t => t.Length).ToArray();
        lock (_batches)
        {
            _batches.Add(lengths);
        }

        _firstRunEntered.Release();
        _release.Wait(Patience);
        return lengths.Contains(13) ? throw new InvalidOperationException("model failure") : lengths;
    }

    private static TokenizedText Tokens(int length) => new(new long[length], Truncated: false);
}
