using EdgeFunctions.Functions;
using EdgeFunctions.Hosting;
using EdgeFunctions.Host.Discovery;
using EdgeFunctions.Host.Timers;
using Microsoft.AspNetCore.Builder;

namespace EdgeFunctions.Host;

/// <summary>
/// The Kestrel self-host: the Functions app's own function classes, discovered from their
/// attributes and served with the same services, for machines without Core Tools and for containers.
/// </summary>
public static class GatewayHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddEdgeFunctionsDefaults(builder.Environment.EnvironmentName);
        configure?.Invoke(builder);

        var catalog = FunctionCatalog.Discover(typeof(HealthFunction).Assembly);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddEdgeFunctions(builder.Configuration);
        builder.Services.AddMvcCore();
        builder.Services.AddHostedService<TimerFunctionScheduler>();

        var app = builder.Build();
        app.UseStatusCodePages(context => FunctionEndpoints.WriteStatusCodeErrorAsync(context.HttpContext));
        app.MapFunctions(catalog);
        return app;
    }
}
