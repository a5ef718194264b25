using EdgeFunctions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace EdgeFunctions.Functions;

/// <summary>The Azure Functions entry point: the same services as the self-host, under the Functions runtime.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddEdgeFunctionsDefaults(builder.Environment.EnvironmentName);
        builder.Services.AddEdgeFunctions(builder.Configuration);
        builder.Build().Run();
    }
}
