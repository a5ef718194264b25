using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace EdgeFunctions.Hosting;

/// <summary>
/// The embedded defaults both hosts start from, placed beneath every other source so that
/// app settings, environment variables and the command line override them.
/// </summary>
public static class EdgeConfiguration
{
    public const string DevelopmentKey = "edge-dev-key";

    public static void AddEdgeFunctionsDefaults(this IConfigurationManager configuration, string environmentName)
    {
        var sources = new List<IConfigurationSource> { EmbeddedJson("defaults.json") };
        if (string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase))
        {
            sources.Add(EmbeddedJson("defaults.Development.json"));
        }

        for (var i = sources.Count - 1; i >= 0; i--)
        {
            configuration.Sources.Insert(0, sources[i]);
        }
    }

    // Parsed once into memory: inserting a source reloads every source, and a stream reads only once.
    private static MemoryConfigurationSource EmbeddedJson(string name)
    {
        using var stream = typeof(EdgeConfiguration).Assembly.GetManifestResourceStream($"EdgeFunctions.Hosting.{name}")
            ?? throw new InvalidOperationException($"Embedded configuration {name} is missing.");
        var values = new ConfigurationBuilder().AddJsonStream(stream).Build().AsEnumerable();
        return new MemoryConfigurationSource { InitialData = values.Where(kv => kv.Value is not null).ToArray() };
    }
}
