using System.Reflection;
using System.Text.Json;
using EdgeFunctions.Functions;
using EdgeFunctions.Host.Discovery;
using EdgeFunctions.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFunctions.Tests.Hosting;

/// <summary>
/// The self-host must serve exactly what the Functions runtime would: the same functions, routes,
/// methods and auth levels as the <c>functions.metadata</c> the Functions SDK generated at build.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RouteTableTests(GatewayFixture fixture)
{
    [Fact]
    public void SelfHostRouteTable_EqualsGeneratedFunctionsMetadata()
    {
        var fromMetadata = ReadFunctionsMetadata();
        var endpoints = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        var catalog = fixture.Server.Services.GetRequiredService<FunctionCatalog>();
        var fromSelfHost = endpoints
            .Select(e => (
                Name: e.DisplayName!,
                Route: e.RoutePattern.RawText!.TrimStart('/'),
                Methods: string.Join(',', e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => m.ToLowerInvariant()).Order()),
                Auth: catalog.Http.Single(f => f.Name == e.DisplayName).AuthLevel.ToString()))
            .OrderBy(r => r.Name)
            .ToArray();

        Assert.NotEmpty(fromMetadata);
        Assert.Equal(fromMetadata, fromSelfHost);
        Assert.Contains(fromSelfHost, r => r.Route == "healthz" && r.Auth == "Anonymous");
    }

    [Fact]
    public void SelfHostTimers_EqualGeneratedFunctionsMetadata()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FunctionsMetadataPath()));
        var fromMetadata = document.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "timerTrigger")
                .Select(b => (
                    Name: f.GetProperty("name").GetString()!,
                    Schedule: b.GetProperty("schedule").GetString()!,
                    RunOnStartup: b.TryGetProperty("runOnStartup", out var startup) && startup.GetBoolean())))
            .OrderBy(t => t.Name)
            .ToArray();
        var catalog = fixture.Server.Services.GetRequiredService<FunctionCatalog>();

        var fromSelfHost = catalog.Timers.Select(t => (t.Name, t.Schedule, t.RunOnStartup)).OrderBy(t => t.Name).ToArray();

        Assert.NotEmpty(fromMetadata);
        Assert.Equal(fromMetadata, fromSelfHost);
    }

    [Fact]
    public void Discovery_FindsEveryFunctionClassInTheFunctionsAssembly()
    {
        var catalog = FunctionCatalog.Discover(typeof(HealthFunction).Assembly);
        var declared = typeof(HealthFunction).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods())
            .Count(m => m.GetCustomAttribute<Microsoft.Azure.Functions.Worker.FunctionAttribute>() is not null);

        Assert.Equal(declared, catalog.Http.Count + catalog.Timers.Count);
    }

    private static (string Name, string Route, string Methods, string Auth)[] ReadFunctionsMetadata()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FunctionsMetadataPath()));
        return document.RootElement.EnumerateArray()
            .Select(f => (Function: f, Trigger: f.GetProperty("bindings").EnumerateArray().FirstOrDefault(b => b.GetProperty("type").GetString() == "httpTrigger")))
            .Where(x => x.Trigger.ValueKind == JsonValueKind.Object)
            .Select(x => (
                Name: x.Function.GetProperty("name").GetString()!,
                Route: x.Trigger.GetProperty("route").GetString()!,
                Methods: string.Join(',', x.Trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order()),
                Auth: x.Trigger.GetProperty("authLevel").GetString()!))
            .OrderBy(r => r.Name)
            .ToArray();
    }

    private static string FunctionsMetadataPath()
    {
        var path = typeof(RouteTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsMetadataPath").Value!;
        Assert.True(File.Exists(path), $"functions.metadata was not generated at {path}; build the Functions project first.");
        return path;
    }
}
