using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Ccc.Sdk.Auth;

namespace Ccc.Sdk.Tests.Client;

/// <summary>A call that gets no HTTP response fails with a <c>NetworkError</c> naming the host and the cause in plain words.</summary>
public sealed class NetworkErrorTests
{
    public static TheoryData<string, Exception, string> Causes => new()
    {
        { "dns", new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (ccc.test.local:443)", new SocketException((int)SocketError.HostNotFound)), "the host name could not be resolved" },
        { "dns-try-again", new HttpRequestException(HttpRequestError.NameResolutionError, "Resource temporarily unavailable", new SocketException((int)SocketError.TryAgain)), "the host name could not be resolved" },
        { "refused", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (ccc.test.local:443)", new SocketException((int)SocketError.ConnectionRefused)), "the connection was refused" },
        { "tls", new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established", new AuthenticationException("The remote certificate is invalid")), "the TLS handshake failed" },
        { "tls-no-inner", new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established"), "the TLS handshake failed" },
        { "http-client-timeout", new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()), "no response arrived in time" },
        { "unreachable", new HttpRequestException(HttpRequestError.ConnectionError, "Network is unreachable", new SocketException((int)SocketError.NetworkUnreachable)), "the network is unreachable" },
        { "reset", new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))), "the connection was reset" },
    };

    [Theory]
    [MemberData(nameof(Causes))]
    public async Task A_NetworkError_names_the_host_and_the_cause_in_plain_words(string name, Exception failure, string cause)
    {
        _ = name;
        var fake = new FakeCcc { Fallback = _ => throw failure };
        using var client = fake.CreateClient(o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<CccServiceException>(() => client.GetNumberLocationAsync(new GetNumberLocationRequest { Number = "1" }));

        Assert.Equal("NetworkError", ex.Code);
        Assert.Contains("ccc.test.local could not be reached: " + cause, ex.Message, StringComparison.Ordinal);
        Assert.Same(failure, ex.InnerException);
        AssertNoSecrets(ex.Message);
    }

    [Fact]
    public async Task A_timeout_names_the_host_and_the_time_allowed()
    {
        var fake = new FakeCcc { Fallback = _ => throw new TaskCanceledException() };
        var handler = new DelayingHandler(fake);
        using var client = new CccClient(
            new AccessKeyCredential(FakeCcc.AccessKeyId, FakeCcc.AccessKeySecret),
            new CccClientOptions { Endpoint = new Uri("https://ccc.test.local"), InstanceId = "ccc-test", Timeout = TimeSpan.FromMilliseconds(200), Retry = { MaxRetries = 0 } },
            new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<CccServiceException>(() => client.GetNumberLocationAsync(new GetNumberLocationRequest { Number = "1" }));

        Assert.Equal("Timeout", ex.Code);
        Assert.Contains("no response from ccc.test.local within 0.2 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_loopback_port_is_a_refused_connection_naming_host_and_port()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }

        using var client = new CccClient(
            new AccessKeyCredential(FakeCcc.AccessKeyId, FakeCcc.AccessKeySecret),
            new CccClientOptions { Endpoint = new Uri($"http://127.0.0.1:{port}"), InstanceId = "ccc-local", Retry = { MaxRetries = 0 } });

        var ex = await Assert.ThrowsAsync<CccServiceException>(() => client.GetUserAsync(new GetUserRequest { UserId = "agent1@ccc-local" }));

        Assert.Equal("NetworkError", ex.Code);
        Assert.Contains($"127.0.0.1:{port} could not be reached: the connection was refused", ex.Message, StringComparison.Ordinal);
        AssertNoSecrets(ex.Message);
    }

    private static void AssertNoSecrets(string message)
    {
        Assert.DoesNotContain(FakeCcc.AccessKeySecret, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature", message, StringComparison.Ordinal);
        Assert.DoesNotContain("?", message, StringComparison.Ordinal);
    }

    /// <summary>Never answers until cancelled, so the client's own per-attempt timeout fires.</summary>
    private sealed class DelayingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
