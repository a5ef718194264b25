using EdgeFunctions.Auth;
using EdgeFunctions.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFunctions.Tests.Fixtures;

/// <summary>The real self-host on Kestrel at 127.0.0.1 with an OS-chosen port, and a client for it.</summary>
public sealed class GatewayServer : IAsyncDisposable
{
    public const string ApiKey = "test-key-alpha";

    private GatewayServer(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<GatewayServer> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Auth:Tenants:alpha:KeyHashes:0"] = ApiKeyHasher.Hash(ApiKey),
            ["Auth:Tenants:beta:KeyHashes:0"] = ApiKeyHasher.Hash("test-key-beta"),
            ["EdgeFunctions:Region"] = "testregion",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = GatewayHost.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return new GatewayServer(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
