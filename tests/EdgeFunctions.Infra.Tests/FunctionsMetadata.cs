using System.Text.Json.Nodes;
using Xunit;

namespace EdgeFunctions.Infra.Tests;

/// <summary>
/// Reads the routes the Functions app really serves from the `functions.metadata` its
/// build writes (src/EdgeFunctions.Functions/bin/&lt;Configuration&gt;/net10.0/linux-x64/).
/// A missing file fails the test: the README's test command builds the solution first.
/// </summary>
internal static class FunctionsMetadata
{
    public static string Locate()
    {
        var bin = Path.Combine(RepoLayout.FunctionsProject, "bin");
        var expected = Path.Combine(bin, BuildInfo.Configuration, "net10.0", "linux-x64", "functions.metadata");
        if (File.Exists(expected))
        {
            return expected;
        }

        // Built in another configuration than these tests: take the newest build.
        var others = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "functions.metadata", SearchOption.AllDirectories)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .ToArray()
            : [];
        if (others.Length > 0)
        {
            return others[0];
        }

        Assert.Fail(
            $"functions.metadata not found at {expected} (nor anywhere under {bin}). Build " +
            "src/EdgeFunctions.Functions/EdgeFunctions.Functions.csproj first (the README's test command " +
            "builds the whole solution before the tests run); the Front Door probe path is checked against it.");
        return "";
    }

    /// <summary>The route of the one HTTP function whose name contains "health".</summary>
    public static HttpFunction HealthFunction()
    {
        var path = Locate();
        var functions = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        var health = functions
            .Select(f => f!.AsObject())
            .Where(f => f.Str("name")?.Contains("health", StringComparison.OrdinalIgnoreCase) == true)
            .Select(f => (Name: f.Str("name")!, Trigger: HttpTrigger(f)))
            .Where(f => f.Trigger is not null)
            .ToArray();

        Assert.True(
            health.Length == 1,
            $"{path} should declare exactly one HTTP-triggered function whose name contains 'health'; " +
            $"found {health.Length}: {string.Join(", ", health.Select(h => h.Name))}.");

        var trigger = health[0].Trigger!;
        var methods = trigger["methods"]?.AsArray().Select(m => m!.GetValue<string>()).ToArray() ?? [];
        return new HttpFunction(health[0].Name, trigger.Str("route") ?? health[0].Name, trigger.Str("authLevel") ?? "", methods, path);
    }

    private static JsonObject? HttpTrigger(JsonObject function) =>
        function["bindings"]?.AsArray()
            .Select(b => b!.AsObject())
            .FirstOrDefault(b => string.Equals(b.Str("type"), "httpTrigger", StringComparison.OrdinalIgnoreCase));
}

/// <param name="Route">The route template; with an empty route prefix the path is "/" + Route.</param>
internal sealed record HttpFunction(string Name, string Route, string AuthLevel, string[] Methods, string MetadataPath);
