using System.Reflection;
using System.Text.Json.Nodes;
using EdgeFunctions.Auth;
using EdgeFunctions.Caching;
using EdgeFunctions.Hosting;
using EdgeFunctions.Providers;
using EdgeFunctions.Routing;
using EdgeFunctions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>
/// The deployed app settings judged by the app itself: every name binds to a real options
/// property, every timer's %setting% is deployed, and the app's own validators accept each
/// region's values.
/// </summary>
public sealed class AppOptionsBindingTests
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.Ordinal)
    {
        [EdgeFunctionsOptions.SectionName] = typeof(EdgeFunctionsOptions),
        [StorageOptions.SectionName] = typeof(StorageOptions),
        [CacheOptions.SectionName] = typeof(CacheOptions),
        [RoutingOptions.SectionName] = typeof(RoutingOptions),
    };

    [Fact]
    public void RequiredNames_EachAppSection_BindToARealOptionsProperty()
    {
        foreach (var name in AppSettingsContract.Required.Where(n => n.Contains("__", StringComparison.Ordinal) && !n.StartsWith("AzureWebJobsStorage", StringComparison.Ordinal)))
        {
            var parts = name.Split("__");
            var (type, property) = parts[0] == "Providers"
                ? (typeof(ProviderOptions), parts[2])
                : (Sections.TryGetValue(parts[0], out var section) ? section : throw new Xunit.Sdk.XunitException($"{name}: no app options section '{parts[0]}'"), parts[1]);
            Assert.True(type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance)?.CanWrite == true, $"{name} does not bind: {type.Name} has no settable '{property}'.");
        }
    }

    [Fact]
    public void TimerSchedules_InFunctionsMetadata_AreDeployedAsAppSettings()
    {
        var schedules = JsonNode.Parse(File.ReadAllText(FunctionsMetadata.Locate()))!.AsArray()
            .SelectMany(f => f!["bindings"]!.AsArray())
            .Where(b => (string?)b!["type"] == "timerTrigger")
            .Select(b => (string)b!["schedule"]!)
            .ToArray();

        Assert.NotEmpty(schedules);
        foreach (var (site, settings) in AppSettingsTests.Settings(CompiledDeployment.Production))
        {
            foreach (var schedule in schedules.Where(s => s.StartsWith('%')))
            {
                var setting = schedule.Trim('%').Replace(":", "__", StringComparison.Ordinal);
                Assert.True(settings.ContainsKey(setting), $"{site.Str("name")} lacks {setting}, which a timer trigger reads as {schedule}.");
            }
        }
    }

    [Fact]
    public void AppValidators_EachRegionsSettings_AreAccepted()
    {
        foreach (var (site, settings) in AppSettingsTests.Settings(CompiledDeployment.Production))
        {
            // ARM expressions resolve only in Azure; stand in realistic values of the same kind.
            var values = settings.ToDictionary(
                s => s.Key.Replace("__", ":", StringComparison.Ordinal),
                s => (string?)(s.Value.StartsWith('[') ? Resolved(s.Key) : s.Value));
            values["Auth:Tenants:probe:KeyHashes:0"] = ApiKeyHasher.Hash("deployment-check");
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
            using var services = new ServiceCollection().AddLogging().AddEdgeFunctions(configuration).BuildServiceProvider();

            var error = Record.Exception(() =>
            {
                _ = services.GetRequiredService<IOptions<EdgeFunctionsOptions>>().Value;
                _ = services.GetRequiredService<IOptions<StorageOptions>>().Value;
                _ = services.GetRequiredService<IOptions<CacheOptions>>().Value;
                _ = services.GetRequiredService<IOptions<RoutingOptions>>().Value;
                _ = services.GetRequiredService<IOptions<GenerationOptions>>().Value;
            });
            Assert.True(error is null, $"{site.Str("name")}: the app rejects its settings: {error?.Message}");
        }
    }

    private static string Resolved(string key) => key switch
    {
        "Storage__TableEndpoint" => "https://stamp.table.core.windows.net/",
        _ when key.EndsWith("__ApiKey", StringComparison.Ordinal) => "@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/key)",
        _ => "resolved-in-azure",
    };
}
