using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Ccc.Sdk.Tests.Samples;

/// <summary>
/// The embedded emulator's HTTPS certificate (the OAuth2 sign-in page's) is made once into the sample's data directory
/// and served again at the next start, so a developer trusts it once.
/// </summary>
public sealed partial class SampleCertificateTests
{
    [Fact]
    public async Task The_emulators_certificate_is_made_once_kept_in_the_data_directory_and_served_again_at_the_next_start()
    {
        string data = Directory.CreateTempSubdirectory("ccc-sample-crm-").FullName;
        try
        {
            string pfx = Path.Combine(data, "emulator-https.pfx");
            var (firstLine, firstServed) = await StartAndReadAsync(data);
            using var kept = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
            Assert.True(kept.HasPrivateKey);
            Assert.True(kept.NotAfter > DateTime.Now.AddDays(300), $"The kept certificate ends {kept.NotAfter:u}.");
            Assert.Equal(kept.RawData, firstServed);
            Assert.Contains("(new: the browser warns until you trust it", firstLine, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pfx));
            }

            var (secondLine, secondServed) = await StartAndReadAsync(data);

            Assert.Equal(firstServed, secondServed);
            Assert.DoesNotContain("(new:", secondLine, StringComparison.Ordinal);
            Assert.Equal(Fingerprint().Match(firstLine).Value, Fingerprint().Match(secondLine).Value);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Starts the sample on <paramref name="data"/>, returns its start-up line about the certificate and the certificate its emulator's HTTPS listener presents.</summary>
    private static async Task<(string Line, byte[] Served)> StartAndReadAsync(string data)
    {
        await using var sample = await SampleProcess.StartAsync(data);
        string line = sample.Output.First(l => l.Contains("Its OAuth2 sign-in page is on ", StringComparison.Ordinal));
        var issuer = new Uri(Issuer().Match(line).Groups[1].Value);
        byte[]? served = null;
        using var client = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                served = certificate?.RawData;
                return certificate is not null;
            },
        });
        using var discovery = await client.GetAsync(issuer + "/.well-known/openid-configuration");
        discovery.EnsureSuccessStatusCode();
        return (line, served ?? throw new InvalidOperationException("No certificate was presented."));
    }

    [GeneratedRegex(@"sign-in page is on (https://\S+?),")]
    private static partial Regex Issuer();

    [GeneratedRegex("SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}")]
    private static partial Regex Fingerprint();
}
