using System.Globalization;
using EdgeFunctions.Bench;

// Usage: dotnet run -c Release --project bench/EdgeFunctions.Bench -- [embeddings|cache|generation|all] [seconds-per-phase]
// Prints Markdown tables for docs/benchmarks.md; every comparison's baseline runs in the same invocation.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 3 && args[0] == BareServer.Flag)
{
    await BareServer.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
    return;
}

if (args.Length == 3 && args[0] == UpstreamServer.Flag)
{
    await UpstreamServer.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
    return;
}

var mode = args.Length > 0 ? args[0] : "all";
var phase = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 8);
if (mode is "embeddings" or "all")
{
    Console.WriteLine("## Local embeddings\n");
    Console.WriteLine(await EmbeddingsBenchmark.RunAsync(phase));
}

if (mode is "cache" or "all")
{
    Console.WriteLine("## Response cache\n");
    Console.WriteLine(await CacheBenchmark.RunAsync(phase));
}

if (mode is "generation" or "all")
{
    Console.WriteLine("## Generation routing\n");
    Console.WriteLine(await GenerationBenchmark.RunAsync(phase));
}
