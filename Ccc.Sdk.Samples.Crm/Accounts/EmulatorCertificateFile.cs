using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Samples.Crm.Accounts;

/// <summary>
/// The embedded emulator's HTTPS certificate, kept across runs in <c>{Crm:DataDirectory}/emulator-https.pfx</c>: the
/// "Sign in with Alibaba Cloud" button sends the browser to the emulator's OAuth2 sign-in page over HTTPS, and a
/// certificate that stays the same can be trusted once (docs/sample-crm.md, "Sign-in"). The file holds a private key
/// without a password: it is development data of a server that listens on 127.0.0.1 only, in the CRM's own data
/// directory (readable by its user only on Unix) — never a certificate of a real host.
/// </summary>
public static class EmulatorCertificateFile
{
    /// <summary>The file name in the data directory.</summary>
    public const string FileName = "emulator-https.pfx";

    /// <summary>How long a new certificate is valid.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    /// <summary>A kept certificate closer than this to its end is replaced (a browser that trusted it warns again then).</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    /// <summary>Loads the kept certificate, or makes one (<see cref="CccEmulator.CreateHttpsCertificate"/>) and keeps it
    /// when there is none, it is unreadable, or it ends within <see cref="RenewBefore"/>.</summary>
    /// <param name="dataDirectory">The CRM's data directory.</param>
    /// <param name="created">Whether a new certificate was made (the browser will warn until it is trusted).</param>
    /// <returns>The certificate with its private key.</returns>
    public static X509Certificate2 LoadOrCreate(string dataDirectory, out bool created)
    {
        string path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            try
            {
                var kept = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
                if (kept.HasPrivateKey && kept.NotAfter.ToUniversalTime() - DateTime.UtcNow > RenewBefore && kept.NotBefore.ToUniversalTime() <= DateTime.UtcNow)
                {
                    created = false;
                    return kept;
                }

                kept.Dispose();
            }
            catch (CryptographicException)
            {
                // Unreadable (a torn write, another format): made again below.
            }
        }

        Directory.CreateDirectory(dataDirectory);
        var certificate = CccEmulator.CreateHttpsCertificate(Validity);
        byte[] pfx = certificate.Export(X509ContentType.Pkcs12);
        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(pfx);
        }

        File.Move(temporary, path, overwrite: true);
        created = true;
        return certificate;
    }

    /// <summary>
    /// The base64 SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's
    /// <c>--ignore-certificate-errors-spki-list</c> takes to trust exactly this certificate.
    /// </summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The SPKI hash, base64.</returns>
    public static string SpkiSha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }
}
