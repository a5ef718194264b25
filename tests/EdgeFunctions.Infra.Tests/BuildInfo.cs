using System.Reflection;

namespace EdgeFunctions.Infra.Tests;

/// <summary>Values the test project's build baked into the assembly (see the csproj).</summary>
internal static class BuildInfo
{
    public static string? BicepPath => Get("BicepPath");

    public static string? RepoRoot => Get("RepoRoot");

    public static string Configuration => Get("Configuration") ?? "Debug";

    private static string? Get(string key) =>
        typeof(BuildInfo).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value ? value : null;
}
