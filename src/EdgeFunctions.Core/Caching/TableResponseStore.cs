using Azure;
using Azure.Data.Tables;
using EdgeFunctions.Storage;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Caching;

/// <summary>
/// L2 in Azure Table Storage. PartitionKey is the first two hex digits of the key, which spreads
/// rows over 256 partitions; RowKey is the whole key. The payload is compressed and split into
/// binary properties <c>D00</c>, <c>D01</c>, ... of at most 64 KiB each.
/// </summary>
public sealed class TableResponseStore(TableClientFactory tables, IOptions<CacheOptions> options) : IResponseStore
{
    private const string ChunkPrefix = "D";
    private readonly TableClient? _table = tables.GetTable(options.Value.TableName);
    private volatile bool _tableExists;

    public bool IsConfigured => _table is not null;

    public static string PartitionOf(string key) => key[..2];

    public async Task<CacheEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var table = _table ?? throw new InvalidOperationException("No table storage is configured.");
        NullableResponse<TableEntity> response;
        try
        {
            response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(key), key, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "TableNotFound")
        {
            // A fresh account (or an emulator that restarted) has no table yet: nothing is cached.
            _tableExists = false;
            return null;
        }

        return response.HasValue ? ToEntry(key, response.Value!) : null;
    }

    public async Task<int> SetAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        var table = _table ?? throw new InvalidOperationException("No table storage is configured.");
        var chunks = PayloadChunks.Split(PayloadChunks.Compress(entry.Payload));
        if (chunks is null)
        {
            return 0;
        }

        var row = new TableEntity(PartitionOf(entry.Key), entry.Key)
        {
            ["Op"] = entry.Operation,
            ["CreatedAt"] = entry.CreatedAt,
            ["ExpiresAt"] = entry.ExpiresAt,
            ["StaleUntil"] = entry.StaleUntil,
            ["Chunks"] = chunks.Count,
        };
        for (var i = 0; i < chunks.Count; i++)
        {
            row[ChunkName(i)] = chunks[i];
        }

        await EnsureTableAsync(table, cancellationToken);
        try
        {
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "TableNotFound")
        {
            _tableExists = false;
            await EnsureTableAsync(table, cancellationToken);
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }

        return chunks.Sum(c => c.Length);
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = _table ?? throw new InvalidOperationException("No table storage is configured.");
        await EnsureTableAsync(table, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"StaleUntil le {now}");
        var expired = table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        var batches = new Dictionary<string, List<TableTransactionAction>>();
        var deleted = 0;
        await foreach (var row in expired)
        {
            if (!batches.TryGetValue(row.PartitionKey, out var batch))
            {
                batches[row.PartitionKey] = batch = [];
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            if (batch.Count == 100)
            {
                // A transaction holds at most 100 operations, all in one partition.
                deleted += await SubmitAsync(table, batch, cancellationToken);
                batch.Clear();
            }
        }

        foreach (var batch in batches.Values.Where(b => b.Count > 0))
        {
            deleted += await SubmitAsync(table, batch, cancellationToken);
        }

        return deleted;
    }

    private static async Task<int> SubmitAsync(TableClient table, List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        await table.SubmitTransactionAsync(batch, cancellationToken);
        return batch.Count;
    }

    private async Task EnsureTableAsync(TableClient table, CancellationToken cancellationToken)
    {
        if (!_tableExists)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            _tableExists = true;
        }
    }

    private static CacheEntry? ToEntry(string key, TableEntity row)
    {
        var count = row.GetInt32("Chunks") ?? 0;
        var chunks = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var chunk = row.GetBinary(ChunkName(i));
            if (chunk is null)
            {
                return null;
            }

            chunks[i] = chunk;
        }

        return new CacheEntry(
            key,
            row.GetString("Op") ?? "",
            PayloadChunks.Decompress(PayloadChunks.Join(chunks)),
            row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
            row.GetDateTimeOffset("StaleUntil") ?? DateTimeOffset.MinValue);
    }

    private static string ChunkName(int index) => ChunkPrefix + index.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}
