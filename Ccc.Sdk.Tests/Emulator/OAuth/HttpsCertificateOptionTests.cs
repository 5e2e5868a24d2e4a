using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Emulator.OAuth;

/// <summary><see cref="CccEmulatorOptions.HttpsCertificate"/>: a certificate kept across runs is the one the HTTPS listener serves.</summary>
public sealed class HttpsCertificateOptionTests
{
    [Fact]
    public async Task A_given_certificate_is_served_by_the_https_listener_and_reported_by_the_emulator()
    {
        using var certificate = CccEmulator.CreateHttpsCertificate(TimeSpan.FromDays(30));
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { HttpsCertificate = certificate });

        byte[]? served = null;
        using var client = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                served = presented?.RawData;
                return presented is not null && presented.RawData.AsSpan().SequenceEqual(certificate.RawData);
            },
        });
        using var discovery = await client.GetAsync(new Uri(emulator.OAuthIssuer + "/.well-known/openid-configuration"));

        discovery.EnsureSuccessStatusCode();
        Assert.Equal(certificate.RawData, served);
        Assert.Equal(certificate.RawData, emulator.HttpsCertificate.RawData);
        Assert.False(emulator.HttpsCertificate.HasPrivateKey);
        Assert.Equal(
            string.Join(':', Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c))),
            emulator.HttpsCertificateSha256);
    }

    [Fact]
    public async Task Without_the_option_every_start_makes_its_own_one_day_certificate()
    {
        await using var first = await CccEmulator.StartAsync();
        await using var second = await CccEmulator.StartAsync();

        Assert.NotEqual(first.HttpsCertificate.RawData, second.HttpsCertificate.RawData);
        Assert.InRange(first.HttpsCertificate.NotAfter.ToUniversalTime() - DateTime.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task A_certificate_without_its_private_key_or_out_of_its_validity_is_refused_by_name()
    {
        using var made = CccEmulator.CreateHttpsCertificate(TimeSpan.FromDays(2));
        using var publicOnly = X509CertificateLoader.LoadCertificate(made.RawData);
        var noKey = await Assert.ThrowsAsync<ArgumentException>(() => CccEmulator.StartAsync(new CccEmulatorOptions { HttpsCertificate = publicOnly }));
        Assert.Equal(nameof(CccEmulatorOptions.HttpsCertificate), noKey.ParamName);
        Assert.Contains("private key", noKey.Message, StringComparison.Ordinal);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var expired = new CertificateRequest("CN=Ccc.Sdk.Emulator", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        var old = await Assert.ThrowsAsync<ArgumentException>(() => CccEmulator.StartAsync(new CccEmulatorOptions { HttpsCertificate = expired }));
        Assert.Equal(nameof(CccEmulatorOptions.HttpsCertificate), old.ParamName);
    }

    [Fact]
    public void CreateHttpsCertificate_makes_a_server_certificate_for_loopback_with_its_key_and_refuses_odd_validities()
    {
        using var certificate = CccEmulator.CreateHttpsCertificate(TimeSpan.FromDays(365));

        Assert.True(certificate.HasPrivateKey);
        Assert.InRange(certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow, TimeSpan.FromDays(364), TimeSpan.FromDays(365));
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
        Assert.Throws<ArgumentOutOfRangeException>(() => CccEmulator.CreateHttpsCertificate(TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => CccEmulator.CreateHttpsCertificate(TimeSpan.FromDays(826)));
    }
}
