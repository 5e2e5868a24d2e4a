using Ccc.Sdk.Emulator.Hosting;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Signing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ccc.Sdk.Emulator;

/// <summary>
/// An in-process Alibaba Cloud Contact Center (OpenAPI 2020-07-01) emulator on loopback, for tests and samples —
/// the way Azurite stands in for Azure Storage. Start with <see cref="StartAsync"/>, point an SDK at
/// <see cref="Endpoint"/> with <see cref="DevAccessKeyId"/>/<see cref="DevAccessKeySecret"/>, dispose to stop.
/// </summary>
public sealed class CccEmulator : IAsyncDisposable
{
    /// <summary>The well-known dev AccessKeyId every emulator accepts (public, like Azurite's account key).</summary>
    public const string DevAccessKeyId = "LTAI5tCccEmulatorDevKey";

    /// <summary>The well-known dev AccessKeySecret (public; never use it anywhere else).</summary>
    public const string DevAccessKeySecret = "CccEmulatorDevSecretDoNotUseInProduction";

    /// <summary>The seeded instance id.</summary>
    public const string DefaultInstanceId = "ccc-local";

    /// <summary>The region the emulator claims to be.</summary>
    public const string DefaultRegionId = "cn-shanghai";

    /// <summary>The client_id of the seeded OAuth2 client (public; accepts any loopback redirect URI).</summary>
    public const string DevOAuthClientId = OAuth.OAuthServer.DevClientId;

    /// <summary>The client_secret of the seeded OAuth2 client (public; never use it anywhere else).</summary>
    public const string DevOAuthClientSecret = OAuth.OAuthServer.DevClientSecret;

    private readonly WebApplication _app;
    private int _disposed;

    private CccEmulator(WebApplication app, Uri endpoint, Uri httpsEndpoint)
    {
        _app = app;
        Endpoint = endpoint;
        HttpsEndpoint = httpsEndpoint;
        var certificate = app.Services.GetRequiredService<EmulatorCertificate>().Certificate;
        HttpsCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.RawData);
        HttpsCertificateSha256 = OAuth.HttpsCertificate.Fingerprint(certificate);
    }

    /// <summary>
    /// Makes a self-signed HTTPS certificate like the one the emulator makes at start (ECDSA P-256; subject
    /// <c>CN=Ccc.Sdk.Emulator</c>; names <c>127.0.0.1</c> and <c>localhost</c>; server authentication), with its
    /// private key, valid for <paramref name="validity"/>. Export it (<c>Export(X509ContentType.Pkcs12)</c>), keep it,
    /// and pass it back in <see cref="CccEmulatorOptions.HttpsCertificate"/> at every start, so the browser sees one
    /// certificate a developer can trust once. For local development only.
    /// </summary>
    /// <param name="validity">How long it is valid from now: more than a minute, at most 825 days.</param>
    /// <returns>The certificate with its private key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validity"/> is out of range.</exception>
    public static System.Security.Cryptography.X509Certificates.X509Certificate2 CreateHttpsCertificate(TimeSpan validity)
    {
        if (validity <= TimeSpan.FromMinutes(1) || validity > TimeSpan.FromDays(825))
        {
            throw new ArgumentOutOfRangeException(nameof(validity), "The validity must be more than a minute and at most 825 days.");
        }

        return OAuth.HttpsCertificate.Create(validity);
    }

    /// <summary>Base address of the OpenAPI over HTTP, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Base address of the HTTPS listener (OpenAPI and OAuth2 server), e.g. <c>https://127.0.0.1:54322/</c>.</summary>
    public Uri HttpsEndpoint { get; }

    /// <summary>The OAuth2 issuer, <c>{HttpsEndpoint}oauth2</c> (discovery at <c>/.well-known/openid-configuration</c> below it).</summary>
    public Uri OAuthIssuer => new(HttpsEndpoint, "oauth2");

    /// <summary>The HTTPS listener's self-signed certificate (public part only): trust exactly this one in clients.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 HttpsCertificate { get; }

    /// <summary>SHA-256 fingerprint of <see cref="HttpsCertificate"/>, colon-separated uppercase hex.</summary>
    public string HttpsCertificateSha256 { get; }

    /// <summary>The address of the emulator's stand-in for the cloud's 2.x Workbench SDK script,
    /// <c>{Endpoint}workbench/workbenchSdk.js</c> (defines <c>window.WorkbenchSdk</c>): the softphone's <c>ScriptUrl</c>.</summary>
    public string WorkbenchScriptUrl => new Uri(Endpoint, "workbench/workbenchSdk.js").ToString();

    /// <summary>The address of the emulator's 3.x Workbench SDK surface, <c>{Endpoint}workbench/v3/core.min.js</c>
    /// (defines <c>window.CCCWorkbenchSDK</c>): the softphone's <c>ScriptUrl</c> to try the 3.x adapter.</summary>
    public string WorkbenchV3ScriptUrl => new Uri(Endpoint, "workbench/v3/core.min.js").ToString();

    /// <summary>The seeded instance id, <c>ccc-local</c>.</summary>
    public string InstanceId => DefaultInstanceId;

    /// <summary>The region id, <c>cn-shanghai</c>.</summary>
    public string RegionId => DefaultRegionId;

    /// <summary>The dev AccessKeyId (<see cref="DevAccessKeyId"/>).</summary>
    public string AccessKeyId => DevAccessKeyId;

    /// <summary>The dev AccessKeySecret (<see cref="DevAccessKeySecret"/>).</summary>
    public string AccessKeySecret => DevAccessKeySecret;

    /// <summary>The emulated cloud's state (tests inspect and arrange it; lock an instance's Gate to touch it).</summary>
    internal EmulatorState State => _app.Services.GetRequiredService<EmulatorState>();

    /// <summary>The OAuth2 server (tests inspect its remembered codes).</summary>
    internal OAuth.OAuthServer OAuthServer => _app.Services.GetRequiredService<OAuth.OAuthServer>();

    /// <summary>The replay-protection store (tests reset it between replays of a signed vector).</summary>
    internal NonceStore Nonces => _app.Services.GetRequiredService<NonceStore>();

    /// <summary>Starts an emulator and returns once it accepts requests.</summary>
    /// <param name="options">Options; <see langword="null"/> for defaults (free loopback port, system clock, built-in seed).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="InvalidOperationException">The seed file is unreadable or inconsistent.</exception>
    /// <exception cref="IOException">The address is in use.</exception>
    public static async Task<CccEmulator> StartAsync(CccEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new CccEmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CccEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(EmulatorServices.AllUrls(options));
        EmulatorServices.Configure(builder, options);
        var app = builder.Build();
        EmulatorServices.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        var address = addresses.First(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        var https = EmulatorServices.BindIssuer(app, addresses)!;
        return new CccEmulator(app, new Uri(address.EndsWith('/') ? address : address + "/"), https);
    }

    /// <summary>Stops the emulator and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
