using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ccc.Sdk.Emulator.OAuth;

/// <summary>The emulator's HTTPS certificate: self-signed, made in code (at every start, valid one day, unless
/// <see cref="CccEmulatorOptions.HttpsCertificate"/> gives one).</summary>
internal static class HttpsCertificate
{
    /// <summary>
    /// A certificate with its private key for Kestrel (ECDSA P-256 — its key is made in about a millisecond, so every
    /// emulator start gets its own; SAN IP 127.0.0.1 + DNS localhost).
    /// </summary>
    /// <param name="validity">How long it is valid from now (it starts 5 minutes in the past, for clock skew).</param>
    public static X509Certificate2 Create(TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Ccc.Sdk.Emulator", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        // Real time, not the emulator's (possibly fake) clock: TLS clients check validity against the machine's clock.
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now + validity);
        // Re-imported from PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The SHA-256 fingerprint as colon-separated hex (the form browsers show).</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)));
}
