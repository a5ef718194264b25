using System.Net;
using System.Net.Sockets;

namespace EdgeFunctions.Tests.Fakes.Providers;

/// <summary>
/// A loopback address where every connection is refused. The port stays bound (never listening) by a
/// socket held for the life of the test process, so no other server can take it and start answering.
/// </summary>
public static class RefusedEndpoint
{
    private static readonly Lazy<(Socket Socket, Uri Address)> Holder = new(() =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return (socket, new Uri($"http://127.0.0.1:{port}/"));
    });

    /// <summary>http://127.0.0.1:PORT/ on which nothing listens.</summary>
    public static Uri Address => Holder.Value.Address;
}
