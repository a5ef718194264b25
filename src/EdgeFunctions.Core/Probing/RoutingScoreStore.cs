using System.Text.Json;
using Azure.Data.Tables;
using EdgeFunctions.Hosting;
using EdgeFunctions.Routing;
using EdgeFunctions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Probing;

/// <summary>
/// The region's shared routing table in Table Storage: one row per provider under
/// PartitionKey = region, so every instance of a stamp reads what the others measured and a new
/// instance routes well from its first request. Store failures are logged and ignored: the
/// router falls back to what this instance observed itself.
/// </summary>
public sealed partial class RoutingScoreStore(TableClientFactory tables, IOptions<RoutingOptions> options, IOptions<EdgeFunctionsOptions> edge, ILogger<RoutingScoreStore> logger)
{
    private readonly TableClient? _table = tables.GetTable(options.Value.TableName);
    private volatile bool _tableExists;

    public bool IsConfigured => _table is not null;

    public async Task<IReadOnlyList<SharedProviderScore>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_table is null)
        {
            return [];
        }

        try
        {
            var rows = new List<SharedProviderScore>();
            await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {edge.Value.Region}"), cancellationToken: cancellationToken))
            {
                rows.Add(FromRow(row));
            }

            return rows;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.Unavailable(logger, "read", ex.Message);
            return [];
        }
    }

    public async Task SaveAsync(IEnumerable<SharedProviderScore> scores, CancellationToken cancellationToken)
    {
        if (_table is null)
        {
            return;
        }

        try
        {
            if (!_tableExists)
            {
                await _table.CreateIfNotExistsAsync(cancellationToken);
                _tableExists = true;
            }

            foreach (var score in scores)
            {
                await _table.UpsertEntityAsync(ToRow(edge.Value.Region, score), TableUpdateMode.Replace, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _tableExists = false;
            Log.Unavailable(logger, "write", ex.Message);
        }
    }

    private static TableEntity ToRow(string region, SharedProviderScore score) => new(region, score.Provider)
    {
        ["ProbeP50Ms"] = score.ProbeP50Ms,
        ["ProbeP95Ms"] = score.ProbeP95Ms,
        ["ErrorRate"] = score.ErrorRate,
        ["CooldownUntil"] = score.CooldownUntil,
        ["Headroom"] = score.Headroom,
        ["LastProbeAt"] = score.LastProbeAt,
        ["LastProbeSucceeded"] = score.LastProbeSucceeded,
        ["TrafficP95Ms"] = JsonSerializer.Serialize(score.TrafficP95Ms, ProbingJsonContext.Default.IReadOnlyDictionaryStringDouble),
        ["UpdatedAt"] = score.UpdatedAt,
    };

    private static SharedProviderScore FromRow(TableEntity row) => new(
        row.RowKey,
        row.GetDouble("ProbeP50Ms"),
        row.GetDouble("ProbeP95Ms"),
        row.GetDouble("ErrorRate") ?? 0,
        row.GetDateTimeOffset("CooldownUntil"),
        row.GetDouble("Headroom"),
        row.GetDateTimeOffset("LastProbeAt"),
        row.GetBoolean("LastProbeSucceeded"),
        row.GetString("TrafficP95Ms") is { } traffic ? JsonSerializer.Deserialize(traffic, ProbingJsonContext.Default.IReadOnlyDictionaryStringDouble) ?? new Dictionary<string, double>() : new Dictionary<string, double>(),
        row.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Routing score store {Operation} failed ({Message}); routing uses this instance's own observations")]
        public static partial void Unavailable(ILogger logger, string operation, string message);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
internal sealed partial class ProbingJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
