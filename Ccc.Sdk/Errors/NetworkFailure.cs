using System.Net.Sockets;
using System.Security.Authentication;

namespace Ccc.Sdk;

/// <summary>Puts a transport failure (no HTTP response at all) into plain words for a <c>NetworkError</c>.</summary>
internal static class NetworkFailure
{
    /// <summary>
    /// Says why no response arrived: the host name did not resolve, the connection was refused, TLS failed, the attempt
    /// timed out, .... Looks through the whole <see cref="Exception.InnerException"/> chain; never quotes an exception's
    /// own message, which may carry a URL with its signed query string.
    /// </summary>
    /// <param name="failure">What the transport threw.</param>
    /// <returns>A lower-case phrase, e.g. <c>the host name could not be resolved</c>.</returns>
    public static string Describe(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);

        // The socket's own code is the most precise; look for it first, then the HTTP layer's classification.
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket && DescribeSocket(socket.SocketErrorCode) is { } bySocket)
            {
                return bySocket;
            }

            if (e is AuthenticationException)
            {
                return "the TLS handshake failed (the server's certificate was not accepted, or no common protocol)";
            }
        }

        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return "the host name could not be resolved";
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                    return "the TLS handshake failed";
                case HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError }:
                    return "the proxy refused to open a tunnel to it";
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }:
                    return "the connection could not be made";
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return "the connection closed before a whole response arrived";
                case HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse }:
                    return "the server's reply was not valid HTTP";
                case TimeoutException or OperationCanceledException:
                    return "no response arrived in time";
            }
        }

        return $"the request failed ({failure.GetType().Name})";
    }

    private static string? DescribeSocket(SocketError code) => code switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "the host name could not be resolved",
        SocketError.ConnectionRefused => "the connection was refused (nothing is listening on that port)",
        SocketError.TimedOut => "the connection attempt timed out",
        SocketError.HostUnreachable or SocketError.HostDown => "the host is unreachable",
        SocketError.NetworkUnreachable or SocketError.NetworkDown => "the network is unreachable",
        SocketError.ConnectionReset or SocketError.ConnectionAborted => "the connection was reset",
        SocketError.AccessDenied => "the connection was not permitted (firewall or sandbox)",
        _ => null,
    };
}
