using EdgeFunctions.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeFunctions.Tests.Hosting;

/// <summary>Bad configuration stops the host at start with a message that names the setting.</summary>
public sealed class ConfigurationValidationTests
{
    [Theory]
    [InlineData("Inference:IntraOpThreads", "-1", "IntraOpThreads")]
    [InlineData("Inference:Batching:MaxBatchSize", "0", "MaxBatchSize")]
    [InlineData("Api:MaxRequestBytes", "10", "MaxRequestBytes")]
    [InlineData("Inference:ZeroShotTemplate", "no placeholder", "must contain {0}, where the label goes")]
    [InlineData("EdgeFunctions:Region", "Japan East", "EdgeFunctions:Region must be a lowercase region name")]
    [InlineData("Auth:Tenants:alpha:KeyHashes:0", "plain-text-key", "is not a 64-character lowercase hex SHA-256")]
    public async Task Start_InvalidSetting_FailsNamingIt(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { [key] = value }));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Start_NoTenantOutsideDevelopment_FailsSecureByDefault()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new(), includeTenant: false));
        Assert.Contains("Auth:Tenants is empty", error.Message);
    }

    [Fact]
    public async Task Start_MissingModelsFolder_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<EdgeFunctions.Inference.Models.ModelLoadException>(
            () => StartAsync(new() { ["Inference:ModelsDirectory"] = "/nonexistent/models" }));
        Assert.Contains("/nonexistent/models", error.Message);
    }

    private static async Task StartAsync(Dictionary<string, string?> settings, bool includeTenant = true)
    {
        if (includeTenant)
        {
            settings.TryAdd("Auth:Tenants:alpha:KeyHashes:0", new string('a', 64));
        }

        var app = GatewayHost.Build(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
            builder.Configuration.AddInMemoryCollection(settings));
        try
        {
            await app.StartAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
