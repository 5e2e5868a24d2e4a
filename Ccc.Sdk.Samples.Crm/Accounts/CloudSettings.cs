using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ccc.Sdk.Auth;

namespace Ccc.Sdk.Samples.Crm.Accounts;

/// <summary>
/// The settings the sample needs against the cloud (<c>Crm:UseEmbeddedEmulator=false</c>), checked all at once at start:
/// <see cref="Read"/> names every missing or invalid one — names only, never a value — so the sample can print one list
/// and exit 1 (docs/sample-crm.md, "Against the cloud").
/// </summary>
public sealed class CloudSettings
{
    /// <summary>The development-only setting: a certificate file (PEM or DER) the CRM trusts, alone, for the OpenAPI
    /// endpoint and the OAuth2 issuer — to run the sample against an emulator standing in for the cloud.</summary>
    public const string PinnedCertificateKey = "Crm:Dev:PinnedCertificate";

    private CloudSettings(Uri publicUrl, IReadOnlyList<string> eventSecrets, IReadOnlyList<string> eventTokens, string scriptUrl, X509Certificate2? pinned)
    {
        PublicUrl = publicUrl;
        EventSecrets = eventSecrets;
        EventTokens = eventTokens;
        SoftphoneScriptUrl = scriptUrl;
        PinnedCertificate = pinned;
    }

    /// <summary><c>Crm:PublicUrl</c>: the CRM's public address (the OAuth2 redirect is <c>{PublicUrl}/ccc/oauth/callback</c>, the events URL <c>{PublicUrl}/ccc/events</c>).</summary>
    public Uri PublicUrl { get; }

    /// <summary><c>Crm:Events:Secrets</c>: Standard Webhooks secrets of the relay that forwards the cloud's events.</summary>
    public IReadOnlyList<string> EventSecrets { get; }

    /// <summary><c>Crm:Events:Tokens</c>: the shared token(s) in the events URL given to the cloud.</summary>
    public IReadOnlyList<string> EventTokens { get; }

    /// <summary><c>Crm:Softphone:ScriptUrl</c>: the Workbench SDK script.</summary>
    public string SoftphoneScriptUrl { get; }

    /// <summary><see cref="PinnedCertificateKey"/> (Development only), or <see langword="null"/>: normal TLS validation.</summary>
    public X509Certificate2? PinnedCertificate { get; }

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="environment">The host's environment (the pinned certificate is refused outside Development).</param>
    /// <param name="problems">Every missing or invalid setting, by name with the reason (never its value); empty when all are fine.</param>
    /// <returns>The settings, or <see langword="null"/> when <paramref name="problems"/> is not empty.</returns>
    public static CloudSettings? Read(IConfiguration configuration, IHostEnvironment environment, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var found = new List<string>();
        string? Value(string key) => configuration[key] is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        // Where the cloud is: an endpoint, or a region the SDK makes it from.
        var endpoint = Value("Ccc:Endpoint");
        if (endpoint is null && Value("Ccc:RegionId") is null)
        {
            found.Add("Ccc:Endpoint or Ccc:RegionId: missing (e.g. Ccc:RegionId=cn-shanghai)");
        }
        else if (endpoint is not null && !IsPublicUrl(endpoint))
        {
            found.Add("Ccc:Endpoint: not an absolute https URL");
        }

        if (Value("Ccc:InstanceId") is null)
        {
            found.Add("Ccc:InstanceId: missing");
        }

        // The CRM's own keys, for webhooks, reconciliation, reports and listings: the SDK's usual chain.
        try
        {
            _ = new DefaultCredentialChain(new CccClientOptions
            {
                AccessKeyId = Value("Ccc:AccessKeyId"),
                AccessKeySecret = Value("Ccc:AccessKeySecret"),
                SecurityToken = Value("Ccc:SecurityToken"),
            });
        }
        catch (CccCredentialException)
        {
            found.Add($"Ccc:AccessKeyId and Ccc:AccessKeySecret: missing (or the {DefaultCredentialChain.AccessKeyIdVariable} and {DefaultCredentialChain.AccessKeySecretVariable} environment variables, or ~/.alibabacloud/credentials)");
        }

        // The OAuth2 application agents sign in through.
        foreach (var key in new[] { "Ccc:OAuth:ClientId", "Ccc:OAuth:ClientSecret" })
        {
            if (Value(key) is null)
            {
                found.Add(key + ": missing");
            }
        }

        switch (Value("Ccc:OAuth:Issuer"))
        {
            case null:
                found.Add("Ccc:OAuth:Issuer: missing (https://oauth.aliyun.com)");
                break;
            case var issuer when !Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps:
                found.Add("Ccc:OAuth:Issuer: not an absolute https URL");
                break;
        }

        var publicUrl = Value("Crm:PublicUrl");
        if (publicUrl is null)
        {
            found.Add("Crm:PublicUrl: missing (the CRM's public https address: the OAuth2 redirect and the events URL)");
        }
        else if (!IsPublicUrl(publicUrl) || new Uri(publicUrl).Query.Length > 0)
        {
            found.Add("Crm:PublicUrl: not an absolute https URL without query (http only on 127.0.0.1)");
        }

        var secrets = List(configuration.GetSection("Crm:Events:Secrets"));
        var tokens = List(configuration.GetSection("Crm:Events:Tokens"));
        if (secrets.Count == 0 && tokens.Count == 0)
        {
            found.Add("Crm:Events:Secrets or Crm:Events:Tokens: missing (your relay's Standard Webhooks secret, or the token in the events URL given to the cloud)");
        }
        else if (secrets.Count > 0 && tokens.Count > 0)
        {
            found.Add("Crm:Events:Secrets and Crm:Events:Tokens: both set (one receiver authenticates one way)");
        }

        var script = Value("Crm:Softphone:ScriptUrl");
        if (script is null)
        {
            found.Add("Crm:Softphone:ScriptUrl: missing (the Workbench SDK script, docs/softphone.md)");
        }
        else if (!IsPublicUrl(script))
        {
            found.Add("Crm:Softphone:ScriptUrl: not an absolute https URL");
        }

        X509Certificate2? pinned = null;
        if (Value(PinnedCertificateKey) is { } pinnedPath)
        {
            if (!environment.IsDevelopment())
            {
                found.Add(PinnedCertificateKey + ": for Development only (it replaces TLS validation with one trusted certificate)");
            }
            else
            {
                try
                {
                    pinned = X509CertificateLoader.LoadCertificateFromFile(pinnedPath);
                }
                catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
                {
                    found.Add(PinnedCertificateKey + ": not a readable certificate file (PEM or DER)");
                }
            }
        }

        problems = found;
        return found.Count == 0 ? new CloudSettings(new Uri(publicUrl!), secrets, tokens, script!, pinned) : null;
    }

    /// <summary>The one message printed when settings are missing: a line per setting, names only.</summary>
    /// <param name="problems">What <see cref="Read"/> found.</param>
    /// <returns>The message.</returns>
    public static string Describe(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return "The sample CRM cannot start against the cloud (Crm:UseEmbeddedEmulator=false): these settings are missing or invalid (docs/sample-crm.md, \"Against the cloud\"):"
            + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p));
    }

    /// <summary>
    /// A new handler that trusts <see cref="PinnedCertificate"/> only (the back-office client's, when pinned), or
    /// <see langword="null"/> for normal TLS validation.
    /// </summary>
    /// <returns>The handler, or <see langword="null"/>.</returns>
    public HttpMessageHandler? CreatePinnedHandler()
    {
        if (PinnedCertificate is not { } certificate)
        {
            return null;
        }

        byte[] pinned = certificate.GetCertHash(HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && CryptographicOperations.FixedTimeEquals(presented.GetCertHash(HashAlgorithmName.SHA256), pinned),
            },
        };
    }

    /// <summary>A configured list: an array, or one ';'- or ','-separated string (an environment variable).</summary>
    /// <param name="section">The section.</param>
    /// <returns>The values.</returns>
    public static IReadOnlyList<string> List(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return [.. section.GetChildren().Select(s => s.Value).OfType<string>().Where(v => v.Length > 0)
            .Concat((section.Value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }

    // https, or http on a loopback address (a CRM or an emulator on this machine).
    private static bool IsPublicUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)))
        && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Fragment);
}
