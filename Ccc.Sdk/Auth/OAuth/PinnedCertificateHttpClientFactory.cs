using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Identity.Client;

namespace Ccc.Sdk.Auth;

/// <summary>
/// An <see cref="IMsalHttpClientFactory"/> whose TLS check accepts exactly one server certificate (compared by its
/// SHA-256 fingerprint) — the emulator's self-signed <c>CccEmulator.HttpsCertificate</c>. For tests and local
/// development only: against the cloud use MSAL's default HTTP client (normal certificate validation).
/// </summary>
public sealed class PinnedCertificateHttpClientFactory : IMsalHttpClientFactory, IDisposable
{
    private readonly HttpClient _client;

    /// <summary>Creates the factory trusting <paramref name="certificate"/> (its public part is enough).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is <see langword="null"/>.</exception>
    public PinnedCertificateHttpClientFactory(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Fingerprint = certificate.GetCertHash(HashAlgorithmName.SHA256);
        Handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, _) => Matches(cert) },
        };
        _client = new HttpClient(Handler, disposeHandler: false);
    }

    /// <summary>The handler with the pinned check, to share with a <see cref="CccClient"/> calling the same HTTPS endpoint.</summary>
    public HttpMessageHandler Handler { get; }

    /// <summary>The SHA-256 fingerprint of the trusted certificate.</summary>
    public ReadOnlyMemory<byte> Fingerprint { get; }

    /// <inheritdoc />
    public HttpClient GetHttpClient() => _client;

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        Handler.Dispose();
    }

    private bool Matches(X509Certificate? presented) =>
        presented is not null &&
        CryptographicOperations.FixedTimeEquals(presented.GetCertHash(HashAlgorithmName.SHA256), Fingerprint.Span);
}
