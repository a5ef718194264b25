using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeFunctions.Tests.Fixtures;

/// <summary>
/// A real Azurite table service on loopback, in memory. The test command starts one for the
/// whole run and exports its port; tests that must stop and restart the store start their own.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string Account = "devstoreaccount1";

    // Azurite's published development key; it only ever opens the local emulator.
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    private AzuriteProcess(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => ConnectionStringFor(Port);

    public static string ConnectionStringFor(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};TableEndpoint=http://127.0.0.1:{port}/{Account};";

    /// <summary>The port of the Azurite the test command started, if any.</summary>
    public static int? SharedPort =>
        int.TryParse(Environment.GetEnvironmentVariable("EDGE_TEST_AZURITE_TABLE_PORT"), out var port) ? port : null;

    public static async Task<AzuriteProcess> StartAsync(int? port = null)
    {
        var azurite = new AzuriteProcess(port ?? FreePort());
        await azurite.StartAgainAsync();
        return azurite;
    }

    /// <summary>Starts (or restarts) the emulator on the same port; returns once it reports it is listening.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(FindExecutable()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl" })
        {
            info.ArgumentList.Add(argument);
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("successfully started", StringComparison.OrdinalIgnoreCase) == true)
            {
                started.TrySetResult();
            }
        };
        _process.Exited += (_, _) => started.TrySetException(new InvalidOperationException("Azurite exited during start-up."));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static string FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("EDGE_TEST_AZURITE_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "node_modules", ".bin", "azurite-table");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Azurite is not installed: run ./scripts/test.sh, which installs it from package-lock.json.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One Azurite for every test that only needs a store: the test command's, or one started here.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _owned;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (AzuriteProcess.SharedPort is { } port)
        {
            ConnectionString = AzuriteProcess.ConnectionStringFor(port);
            return;
        }

        _owned = await AzuriteProcess.StartAsync();
        ConnectionString = _owned.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }

    /// <summary>A table name no other test uses, so tests never see each other's rows.</summary>
    public static string UniqueTable() => "t" + Guid.NewGuid().ToString("N")[..20];
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
