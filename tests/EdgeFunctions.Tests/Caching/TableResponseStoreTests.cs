using Azure.Data.Tables;
using EdgeFunctions.Caching;
using EdgeFunctions.Storage;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFunctions.Tests.Caching;

/// <summary>The L2 store against a real Azurite through Azure.Data.Tables.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableResponseStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly string _table = AzuriteFixture.UniqueTable();

    [Fact]
    public async Task Set_LargePayload_IsChunkedUnder64KiBAndReadsBack()
    {
        var store = CreateStore();
        var entry = Entry("ab" + new string('1', 62), RandomBytes(300 * 1024), Now.AddDays(1));

        var stored = await store.SetAsync(entry, default);
        var read = await store.GetAsync(entry.Key, default);

        Assert.InRange(stored, 300 * 1024, 301 * 1024);
        Assert.Equal(entry.Payload, read!.Payload);
        Assert.Equal(entry.ExpiresAt, read.ExpiresAt);
        var row = (await Table().GetEntityAsync<TableEntity>("ab", entry.Key)).Value;
        var chunks = row.Keys.Where(k => k.StartsWith('D')).Select(k => row.GetBinary(k)!).ToArray();
        Assert.Equal(5, chunks.Length);
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 64 * 1024));
        Assert.Equal("ab", row.PartitionKey);
    }

    [Fact]
    public async Task Set_ResultOverOneMiB_IsNotStored()
    {
        var store = CreateStore();
        var entry = Entry("cd" + new string('2', 62), RandomBytes(1100 * 1024), Now.AddDays(1));

        Assert.Equal(0, await store.SetAsync(entry, default));
        Assert.Null(await store.GetAsync(entry.Key, default));
    }

    [Fact]
    public async Task Get_MissingTableOrRow_IsAMiss()
    {
        var store = CreateStore();
        Assert.Null(await store.GetAsync("ef" + new string('3', 62), default));
    }

    [Fact]
    public async Task Purge_RemovesOnlyRowsPastTheirStaleWindow()
    {
        var store = CreateStore();
        var expired = Entry("01" + new string('4', 62), [1], Now.AddMinutes(-1));
        var live = Entry("02" + new string('5', 62), [2], Now.AddMinutes(1));
        await store.SetAsync(expired, default);
        await store.SetAsync(live, default);
        var time = new FakeTimeProvider(Now);

        var deleted = await new CachePurger(store, time, NullLogger<CachePurger>.Instance).PurgeAsync(default);

        Assert.Equal(1, deleted);
        Assert.Null(await store.GetAsync(expired.Key, default));
        Assert.NotNull(await store.GetAsync(live.Key, default));
    }

    [Fact]
    public async Task Purge_ManyRowsAcrossPartitions_DeletesThemInTransactions()
    {
        var store = CreateStore();
        for (var i = 0; i < 150; i++)
        {
            await store.SetAsync(Entry($"{i % 3:x2}{i:D62}", [1], Now.AddMinutes(-5)), default);
        }

        var deleted = await store.PurgeExpiredAsync(Now, default);

        Assert.Equal(150, deleted);
    }

    private TableResponseStore CreateStore() =>
        new(new TableClientFactory(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString, OperationTimeout = TimeSpan.FromSeconds(10) })),
            Options.Create(new CacheOptions { TableName = _table }));

    private TableClient Table() => new TableServiceClient(azurite.ConnectionString).GetTableClient(_table);

    private static CacheEntry Entry(string key, byte[] payload, DateTimeOffset staleUntil) =>
        new(key, CacheOperation.Embeddings, payload, staleUntil.AddDays(-2), staleUntil.AddHours(-1), staleUntil);

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new System.Random(7).NextBytes(bytes);
        return bytes;
    }
}
