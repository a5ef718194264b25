using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Storage;

/// <summary>
/// Creates table clients for the regional account. The SDK's own retries are off: callers put
/// their own timeout and circuit breaker around the store, and a retrying client would make a
/// dead store cost every request seconds.
/// </summary>
public sealed class TableClientFactory(IOptions<StorageOptions> options)
{
    private readonly Lazy<TableServiceClient?> _service = new(() => CreateService(options.Value));

    public bool IsConfigured => options.Value.IsConfigured;

    public TableClient? GetTable(string name) => _service.Value?.GetTableClient(name);

    private static TableServiceClient? CreateService(StorageOptions settings)
    {
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = settings.OperationTimeout;
        clientOptions.Retry.Mode = RetryMode.Fixed;

        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return new TableServiceClient(settings.ConnectionString, clientOptions);
        }

        return settings.TableEndpoint is { } endpoint
            ? new TableServiceClient(endpoint, new DefaultAzureCredential(), clientOptions)
            : null;
    }
}
