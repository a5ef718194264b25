using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, port chosen by the OS) that plays an upstream LLM provider,
/// so the gateway's HTTP clients, timeouts and stream handling are exercised for real. Subclasses
/// supply the wire format; this class hosts, logs requests and applies <see cref="Behavior"/>.
/// </summary>
public abstract partial class FakeProviderServer : IAsyncDisposable
{
    /// <summary>How long a stop waits for requests still in flight before Kestrel aborts them.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();
    private int _port;
    private bool _disposed;

    protected FakeProviderServer(string name, string apiKey, TimeProvider? timeProvider)
    {
        Name = name;
        ApiKey = apiKey;
        TimeProvider = timeProvider ?? TimeProvider.System;
        ReplyText = $"Hello from {name}";
    }

    public string Name { get; }

    /// <summary>The only key the fake accepts.</summary>
    public string ApiKey { get; }

    /// <summary>Drives <see cref="FakeBehavior.Slow"/> delays and the <c>created</c> timestamps.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>http://127.0.0.1:PORT/ ; stays the same across <see cref="StopListeningAsync"/> and <see cref="ResumeListeningAsync"/>.</summary>
    public Uri BaseAddress => _port == 0
        ? throw new InvalidOperationException("Call StartAsync first.")
        : new Uri($"http://127.0.0.1:{_port}/");

    public int Port => _port;

    public bool IsListening => Volatile.Read(ref _app) is not null;

    /// <summary>Binds an OS-chosen loopback port and starts answering.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => ListenAsync(0, cancellationToken);

    /// <summary>
    /// Stops Kestrel, so new connections to <see cref="BaseAddress"/> are refused. Requests in flight
    /// (hung, slow, paused) have their connections aborted.
    /// </summary>
    public async Task StopListeningAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopAppAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Listens again on the same port (the runtime binds with SO_REUSEADDR, so TIME_WAIT does not block it).</summary>
    public Task ResumeListeningAsync(CancellationToken cancellationToken = default) =>
        _port == 0 ? throw new InvalidOperationException("Call StartAsync first.") : ListenAsync(_port, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopAppAsync();
            _disposed = true;
        }
        finally
        {
            _lifecycle.Release();
        }

        GC.SuppressFinalize(this);
    }

    private async Task ListenAsync(int port, CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_app is not null)
            {
                return;
            }

            // The empty builder has no logging providers or config files: a fake should be silent and quick to start.
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
                k.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1));
            // A 2-byte write buffer makes every flush wait until the socket took the bytes. Without it, an
            // abort (CutStreamAfter) drops events still queued in Kestrel's pipe, and "flushed" would not mean "sent".
            builder.WebHost.UseSockets(o => o.MaxWriteBufferSize = 2);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownGrace);
            var app = builder.Build();
            app.Run(HandleAsync);

            _stopping.Dispose();
            _stopping = new CancellationTokenSource();
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            _port = new Uri(address).Port;
            Volatile.Write(ref _app, app);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StopAppAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            return;
        }

        // Release parked requests first, so the stop does not wait out the grace period for them.
        await _stopping.CancelAsync();
        using var grace = new CancellationTokenSource(ShutdownGrace);
        await app.StopAsync(grace.Token);
        await app.DisposeAsync();
    }
}
