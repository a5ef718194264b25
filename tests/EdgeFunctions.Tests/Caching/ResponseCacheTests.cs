using EdgeFunctions.Caching;
using EdgeFunctions.Tests.Fakes;

namespace EdgeFunctions.Tests.Caching;

public sealed class ResponseCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromDays(7);

    [Fact]
    public async Task Get_SecondTime_IsAHitWithoutComputing()
    {
        await using var harness = new CacheHarness();

        var first = await harness.GetAsync(["a"]);
        harness.Time.Advance(TimeSpan.FromSeconds(42));
        var second = await harness.GetAsync(["a"]);

        Assert.Equal("miss", first.Summary);
        Assert.Equal("hit", second.Summary);
        Assert.Equal(first.Values, second.Values);
        Assert.Equal(TimeSpan.FromSeconds(42), second.Age);
        Assert.Single(harness.ComputeCalls);
    }

    [Fact]
    public async Task Get_BatchWithKnownItems_ComputesOnlyTheNewOnesInOneCall()
    {
        await using var harness = new CacheHarness();
        var known = Enumerable.Range(0, 90).Select(i => $"known {i}").ToArray();
        await harness.GetAsync(known);
        harness.ComputeCalls.Clear();

        var batch = known.Concat(Enumerable.Range(0, 10).Select(i => $"new {i}")).ToArray();
        var result = await harness.GetAsync(batch);

        Assert.Equal(10, Assert.Single(harness.ComputeCalls).Length);
        Assert.Equal(90, result.Hits);
        Assert.Equal("miss", result.Summary);
        Assert.All(result.Values.Zip(batch), pair => Assert.StartsWith(pair.Second + "@", pair.First));
    }

    [Fact]
    public async Task Get_RepeatedInputInOneBatch_IsComputedOnce()
    {
        await using var harness = new CacheHarness();

        var result = await harness.GetAsync(["x", "y", "x"]);

        Assert.Equal(["x", "y"], Assert.Single(harness.ComputeCalls));
        Assert.Equal(result.Values[0], result.Values[2]);
    }

    [Fact]
    public async Task Get_L2HitOnAnotherInstance_FillsL1()
    {
        var store = new InMemoryResponseStore();
        await using var first = new CacheHarness(store);
        await first.GetAsync(["shared"]);
        await first.Cache.WhenIdleAsync();
        await using var second = new CacheHarness(store);

        var fromStore = await second.GetAsync(["shared"]);
        var gets = store.Gets;
        var fromMemory = await second.GetAsync(["shared"]);

        Assert.Equal("hit", fromStore.Summary);
        Assert.Equal("hit", fromMemory.Summary);
        Assert.Equal(gets, store.Gets);
        Assert.Empty(second.ComputeCalls);
    }

    [Fact]
    public async Task Get_PastTtlInsideStaleWindow_ServesStaleAndRefreshesOnce()
    {
        await using var harness = new CacheHarness();
        var original = (await harness.GetAsync(["doc"])).Values[0];
        harness.Time.Advance(Ttl + TimeSpan.FromMinutes(1));
        // The refresh holds until every stale read is done, so none of them can see its result.
        harness.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var stale = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => harness.GetAsync(["doc"])));
        harness.Gate.SetResult();
        await harness.Cache.WhenIdleAsync();
        var refreshed = await harness.GetAsync(["doc"]);

        Assert.All(stale, s => Assert.Equal("stale", s.Summary));
        Assert.All(stale, s => Assert.Equal(original, s.Values[0]));
        Assert.Equal(2, harness.ComputeCalls.Count);
        Assert.Equal("hit", refreshed.Summary);
        Assert.NotEqual(original, refreshed.Values[0]);
    }

    [Fact]
    public async Task Lookup_PastTtlInsideStaleWindowWithARefresh_ServesStaleAndRefreshesOnce()
    {
        await using var harness = new CacheHarness();
        var original = (await harness.GetAsync(["doc"])).Values[0];
        harness.Time.Advance(Ttl + TimeSpan.FromMinutes(1));
        harness.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var stale = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => harness.LookupAsync("doc", refreshStale: true)));
        harness.Gate.SetResult();
        await harness.Cache.WhenIdleAsync();
        var refreshed = await harness.LookupAsync("doc", refreshStale: true);

        Assert.All(stale, s => Assert.Equal("stale", s!.Summary));
        Assert.All(stale, s => Assert.Equal(original, s!.Values[0]));
        Assert.Equal(2, harness.ComputeCalls.Count);
        Assert.Equal("hit", refreshed!.Summary);
        Assert.NotEqual(original, refreshed.Values[0]);
    }

    [Fact]
    public async Task Lookup_StaleWithoutARefreshOrUnderMaxAge_IsAMiss()
    {
        await using var harness = new CacheHarness();
        await harness.GetAsync(["doc"]);
        harness.Time.Advance(Ttl + TimeSpan.FromMinutes(1));

        var withoutRefresh = await harness.LookupAsync("doc", refreshStale: false);
        var underMaxAge = await harness.LookupAsync("doc", refreshStale: true, new CacheDirectives(false, false, TimeSpan.FromDays(365)));
        await harness.Cache.WhenIdleAsync();

        Assert.Null(withoutRefresh);
        Assert.Null(underMaxAge);
        Assert.Single(harness.ComputeCalls);
    }

    [Fact]
    public async Task Get_PastStaleWindow_IsAMiss()
    {
        await using var harness = new CacheHarness();
        await harness.GetAsync(["doc"]);
        harness.Time.Advance(Ttl + TimeSpan.FromHours(13));

        var result = await harness.GetAsync(["doc"]);

        Assert.Equal("miss", result.Summary);
        Assert.Equal(2, harness.ComputeCalls.Count);
    }

    [Fact]
    public async Task Get_NoCache_SkipsTheReadAndRefreshesTheEntry()
    {
        await using var harness = new CacheHarness();
        await harness.GetAsync(["a"]);
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        var refreshed = await harness.GetAsync(["a"], directives: new CacheDirectives(NoStore: false, NoCache: true, MaxAge: null));
        var after = await harness.GetAsync(["a"]);

        Assert.Equal("miss", refreshed.Summary);
        Assert.Equal(refreshed.Values, after.Values);
        Assert.Equal(2, harness.ComputeCalls.Count);
    }

    [Fact]
    public async Task Get_NoStore_BypassesAndStoresNothing()
    {
        await using var harness = new CacheHarness();

        var bypass = await harness.GetAsync(["secret"], directives: new CacheDirectives(NoStore: true, NoCache: false, MaxAge: null));
        var next = await harness.GetAsync(["secret"]);

        Assert.Equal("bypass", bypass.Summary);
        Assert.Equal("miss", next.Summary);
        Assert.Equal(1, harness.Stats.For(CacheOperation.Classification).Bypass);
    }

    [Fact]
    public async Task Get_MaxAge_RejectsOlderEntriesAndIsCappedByTtl()
    {
        await using var harness = new CacheHarness();
        await harness.GetAsync(["a"]);
        harness.Time.Advance(TimeSpan.FromSeconds(90));

        var young = await harness.GetAsync(["a"], directives: new CacheDirectives(false, false, TimeSpan.FromSeconds(120)));
        var old = await harness.GetAsync(["a"], directives: new CacheDirectives(false, false, TimeSpan.FromSeconds(60)));
        harness.Time.Advance(Ttl);
        var beyondTtl = await harness.GetAsync(["a"], directives: new CacheDirectives(false, false, TimeSpan.FromDays(365)));

        Assert.Equal("hit", young.Summary);
        Assert.Equal("miss", old.Summary);
        Assert.Equal("miss", beyondTtl.Summary);
    }

    [Fact]
    public async Task Get_FiftyIdenticalConcurrentRequests_ComputeOnce()
    {
        await using var harness = new CacheHarness { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };

        // Callers that arrive while the first computes join it; any that arrive after it finished hit L1.
        var requests = Enumerable.Range(0, 50).Select(_ => Task.Run(() => harness.GetAsync(["same"]))).ToArray();
        await harness.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Gate.SetResult();
        var results = await Task.WhenAll(requests);

        Assert.Single(harness.ComputeCalls);
        Assert.Single(results.Select(r => r.Values[0]).Distinct());
        Assert.Equal(49, results.Count(r => r.Statuses[0] is CacheItemStatus.Coalesced or CacheItemStatus.Hit));
    }

    [Fact]
    public async Task Get_OtherTenant_NeverSeesTheEntry()
    {
        await using var harness = new CacheHarness();
        await harness.GetAsync(["private prompt"], CacheHarness.Alpha);

        var beta = await harness.GetAsync(["private prompt"], CacheHarness.Beta);

        Assert.Equal("miss", beta.Summary);
        Assert.Equal(2, harness.ComputeCalls.Count);
    }

    [Fact]
    public async Task Get_SharedOperation_IsSharedAcrossTenants()
    {
        await using var harness = new CacheHarness(configure: o => o.Operations[CacheOperation.Embeddings].SharedAcrossTenants = true);
        await harness.GetAsync(["public text"], CacheHarness.Alpha, operation: CacheOperation.Embeddings);

        var beta = await harness.GetAsync(["public text"], CacheHarness.Beta, operation: CacheOperation.Embeddings);
        var classification = await harness.GetAsync(["public text"], CacheHarness.Beta);

        Assert.Equal("hit", beta.Summary);
        Assert.Equal("miss", classification.Summary);
    }

    [Fact]
    public async Task Get_ComputeFails_NothingIsCachedAndTheErrorSurfaces()
    {
        await using var harness = new CacheHarness();
        var request = new CacheRequest(CacheOperation.Classification, CacheHarness.Alpha, "model", "r1", CacheRequest.NoParameters, CacheDirectives.Default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Cache.GetOrComputeAsync<string>(
            request, ["boom"], null!, (_, _) => throw new InvalidOperationException("model failed"), CancellationToken.None));
        var retry = await harness.GetAsync(["boom"]);

        Assert.Equal("miss", retry.Summary);
    }

    [Fact]
    public async Task Get_DifferentRevision_Misses()
    {
        await using var harness = new CacheHarness();
        await harness.GetAsync(["a"], revision: "r1");

        var result = await harness.GetAsync(["a"], revision: "r2");

        Assert.Equal("miss", result.Summary);
    }

    [Fact]
    public async Task Get_StoreThrows_RequestStillSucceeds()
    {
        await using var harness = new CacheHarness(new ThrowingStore());

        var result = await harness.GetAsync(["a"]);
        await harness.Cache.WhenIdleAsync();

        Assert.Equal("miss", result.Summary);
    }

    [Fact]
    public void MemoryTier_IsBoundedByBytes()
    {
        using var memory = new MemoryCacheTier(Microsoft.Extensions.Options.Options.Create(new CacheOptions { MemoryLimitBytes = 64 * 1024 }));
        var now = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 200; i++)
        {
            memory.Set(new CacheEntry($"k{i}", "op", new byte[4096], now, now.AddDays(1), now.AddDays(2)));
        }

        Assert.InRange(memory.Bytes, 1, 64 * 1024);
        Assert.InRange(memory.Count, 1, 16);
    }

    /// <summary>Stands in for a store whose every call fails; the resilient decorator is tested against Azurite.</summary>
    private sealed class ThrowingStore : IResponseStore
    {
        public bool IsConfigured => true;

        public Task<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<CacheEntry?>(null);

        public Task<int> SetAsync(CacheEntry entry, CancellationToken cancellationToken) => throw new IOException("store down");

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new IOException("store down");
    }
}
