using System.Net;
using System.Net.Sockets;

namespace Ccc.Sdk.TestSupport;

/// <summary>Free TCP ports on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>A port nothing listens on right now (the OS picks it; it is released before it is returned).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><c>http://127.0.0.1:{port}</c> on a free port.</summary>
    public static Uri NextHttpAddress() => new($"http://127.0.0.1:{Next()}");
}
