namespace EdgeFunctions.Infra.Tests;

/// <summary>Paths inside the repository, found from the test binaries' location.</summary>
internal static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string MainParams => Path.Combine(Infra, "main.bicepparam");

    public static string FunctionsProject => Path.Combine(Root, "src", "EdgeFunctions.Functions");

    /// <summary>Every .bicep file under infra/, relative to infra/, with '/' separators.</summary>
    public static IReadOnlyList<string> BicepFiles() =>
        Directory.EnumerateFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Infra, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string FindRoot()
    {
        // The baked-in root is right for a normal build; walking up covers a moved output.
        if (BuildInfo.RepoRoot is { } baked && IsRoot(baked))
        {
            return Path.GetFullPath(baked);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (IsRoot(dir.FullName))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Cannot find the repository root (a folder with infra/main.bicep) above {AppContext.BaseDirectory}.");
    }

    private static bool IsRoot(string dir) => File.Exists(Path.Combine(dir, "infra", "main.bicep"));
}
