using EdgeFunctions.Auth;
using EdgeFunctions.Caching;
using EdgeFunctions.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFunctions.Tests.Caching;

/// <summary>A ResponseCache on fake time over a given store, with a compute function that counts its calls.</summary>
internal sealed class CacheHarness : IAsyncDisposable
{
    public static readonly Tenant Alpha = new("alpha", "alpha");
    public static readonly Tenant Beta = new("beta", "beta");

    private readonly CacheWriteQueue _writes;

    public CacheHarness(IResponseStore? store = null, Action<CacheOptions>? configure = null)
    {
        var options = new CacheOptions();
        configure?.Invoke(options);
        Options = options;
        Store = store ?? new InMemoryResponseStore();
        _writes = new CacheWriteQueue(Store, Stats, 1000);
        Memory = new MemoryCacheTier(Microsoft.Extensions.Options.Options.Create(options));
        Cache = new ResponseCache(Memory, Store, _writes, Stats, Microsoft.Extensions.Options.Options.Create(options), Time, NullLogger<ResponseCache>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

    public CacheOptions Options { get; }

    public CacheStats Stats { get; } = new();

    public IResponseStore Store { get; }

    public MemoryCacheTier Memory { get; }

    public ResponseCache Cache { get; }

    public List<string[]> ComputeCalls { get; } = [];

    /// <summary>When set, computations wait for it, so concurrent callers can pile up.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completes when the first computation starts.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<CachedResults<string>> GetAsync(IReadOnlyList<string> inputs, Tenant? tenant = null, CacheDirectives? directives = null, string operation = CacheOperation.Classification, IReadOnlyDictionary<string, string>? parameters = null, string revision = "r1")
    {
        var request = new CacheRequest(operation, tenant ?? Alpha, "model", revision, parameters ?? CacheRequest.NoParameters, directives ?? CacheDirectives.Default);
        return await Cache.GetOrComputeAsync(request, inputs, StringCodec.Instance, ComputeAsync, CancellationToken.None);
    }

    /// <summary>A lookup as streamed chat makes it; with <paramref name="refreshStale"/>, a stale entry is refreshed through <see cref="ComputeAsync"/>.</summary>
    public Task<CachedResults<string>?> LookupAsync(string input, bool refreshStale, CacheDirectives? directives = null)
    {
        var request = new CacheRequest(CacheOperation.Classification, Alpha, "model", "r1", CacheRequest.NoParameters, directives ?? CacheDirectives.Default);
        Func<CancellationToken, Task<string>>? refresh = refreshStale ? async ct => (await ComputeAsync([input], ct))[0] : null;
        return Cache.LookupAsync(request, input, StringCodec.Instance, CancellationToken.None, refresh);
    }

    public async Task<string[]> ComputeAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        lock (ComputeCalls)
        {
            ComputeCalls.Add([.. inputs]);
        }

        Entered.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        return inputs.Select(i => $"{i}@{Time.GetUtcNow():HH:mm:ss}").ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        Memory.Dispose();
    }

    private sealed class StringCodec : ICacheCodec<string>
    {
        public static readonly StringCodec Instance = new();

        public byte[] Encode(string value) => System.Text.Encoding.UTF8.GetBytes(value);

        public string Decode(byte[] payload) => System.Text.Encoding.UTF8.GetString(payload);
    }
}
