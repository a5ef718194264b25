using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Storage;

/// <summary>
/// The regional Table Storage account. Either a connection string (Azurite:
/// <c>UseDevelopmentStorage=true</c>) or an account endpoint reached with
/// <c>DefaultAzureCredential</c> (a managed identity in Azure). Neither set means no L2 store.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public string? ConnectionString { get; set; }

    /// <summary>e.g. <c>https://account.table.core.windows.net/</c>.</summary>
    public Uri? TableEndpoint { get; set; }

    /// <summary>Longest a single store call may take before the request goes on without it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || TableEndpoint is not null;
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private readonly StorageOptionsDataAnnotations _annotations = new();

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var result = _annotations.Validate(name, options);
        if (result.Failed)
        {
            return result;
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString) && options.TableEndpoint is not null)
        {
            return ValidateOptionsResult.Fail("Set either Storage:ConnectionString or Storage:TableEndpoint, not both.");
        }

        return options.TableEndpoint is { IsAbsoluteUri: false }
            ? ValidateOptionsResult.Fail("Storage:TableEndpoint must be an absolute https URI.")
            : ValidateOptionsResult.Success;
    }
}

[OptionsValidator]
internal sealed partial class StorageOptionsDataAnnotations : IValidateOptions<StorageOptions>;
