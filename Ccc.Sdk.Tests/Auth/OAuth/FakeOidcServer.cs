using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Tests.Auth.OAuth;

/// <summary>
/// A minimal OpenID Connect issuer over HTTPS on 127.0.0.1 with a self-signed certificate made in code, answering
/// like Alibaba Cloud's: <c>token_type: AliyunSTS</c>, the access token base64url JSON of STS keys, <c>expires_in</c>
/// as a string, refresh responses without refresh_token and id_token. Checks client secret and PKCE S256.
/// </summary>
internal sealed class FakeOidcServer : IAsyncDisposable
{
    public const string ClientId = "fake-crm";
    public const string ClientSecret = "fake-secret-value";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Challenge, string User, string RedirectUri)> _codes = new();
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new();
    private int _stsSerial;

    private FakeOidcServer(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public Uri Issuer { get; private set; } = null!;

    /// <summary>The <c>expires_in</c> of the next tokens, in seconds.</summary>
    public int ExpiresInSeconds { get; set; } = 3599;

    public int AuthorizationCodeGrants;
    public int RefreshGrants;

    /// <summary>The token_type_hint of each revocation, in order.</summary>
    public ConcurrentQueue<string> RevokedHints { get; } = new();

    /// <summary>The STS access key ids issued so far, in order.</summary>
    public ConcurrentQueue<string> IssuedKeyIds { get; } = new();

    public static async Task<FakeOidcServer> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var server = new FakeOidcServer(app, certificate);
        app.MapGet("/oauth2/.well-known/openid-configuration", (HttpContext c) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = server.Issuer.AbsoluteUri.TrimEnd('/'),
            ["authorization_endpoint"] = server.Issuer + "/v1/auth",
            ["token_endpoint"] = server.Issuer + "/v1/token",
            ["jwks_uri"] = server.Issuer + "/v1/keys",
            ["revocation_endpoint"] = server.Issuer + "/v1/revoke",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/oauth2/v1/keys", () => Results.Json(new { keys = Array.Empty<object>() }));
        app.MapGet("/oauth2/v1/auth", (Delegate)server.Authorize);
        app.MapPost("/oauth2/v1/token", (Delegate)server.TokenAsync);
        app.MapPost("/oauth2/v1/revoke", async (HttpContext c) =>
        {
            var form = await c.Request.ReadFormAsync();
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            server.RevokedHints.Enqueue(form["token_type_hint"].ToString());
            server._refreshTokens.TryRemove(form["token"].ToString(), out _);
            return Results.Ok();
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Issuer = new Uri(new Uri(address), "/oauth2");
        return server;
    }

    private IResult Authorize(HttpContext context)
    {
        var q = context.Request.Query;
        if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
        {
            return Results.BadRequest("bad authorize request");
        }

        string user = q["login_hint"].ToString() is { Length: > 0 } hint ? hint : "agent1@ccc-local";
        string code = Guid.NewGuid().ToString("N");
        _codes[code] = (q["code_challenge"]!, user, q["redirect_uri"]!);
        return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}");
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client", error_description = "bad client" }, statusCode: 401);
        }

        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!_codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"] ||
                    Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge)
                {
                    return Results.Json(new { error = "invalid_grant", error_description = "bad code or verifier" }, statusCode: 400);
                }

                Interlocked.Increment(ref AuthorizationCodeGrants);
                string refresh = Guid.NewGuid().ToString("N");
                _refreshTokens[refresh] = grant.User;
                return Results.Json(new Dictionary<string, object>
                {
                    ["access_token"] = NewAccessToken(),
                    ["token_type"] = "AliyunSTS",
                    ["expires_in"] = ExpiresInSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["refresh_token"] = refresh,
                    ["id_token"] = IdToken(grant.User),
                    ["scope"] = form["scope"].ToString(),
                    ["request_id"] = Guid.NewGuid().ToString(),
                });
            case "refresh_token":
                if (!_refreshTokens.ContainsKey(form["refresh_token"].ToString()))
                {
                    return Results.Json(new { error = "invalid_grant", error_description = "unknown refresh token" }, statusCode: 400);
                }

                Interlocked.Increment(ref RefreshGrants);
                return Results.Json(new Dictionary<string, object>
                {
                    ["access_token"] = NewAccessToken(),
                    ["token_type"] = "AliyunSTS",
                    ["expires_in"] = ExpiresInSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["scope"] = form["scope"].ToString(),
                    ["request_id"] = Guid.NewGuid().ToString(),
                });
            default:
                return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        }
    }

    /// <summary>Revokes every refresh token (the next refresh gets invalid_grant).</summary>
    public void RevokeAll() => _refreshTokens.Clear();

    private string NewAccessToken()
    {
        int n = Interlocked.Increment(ref _stsSerial);
        string id = $"STS.Fake{n:D4}";
        IssuedKeyIds.Enqueue(id);
        string json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["AccessKeyId"] = id,
            ["AccessKeySecret"] = $"secret{n}",
            ["SecurityToken"] = $"token{n}",
            ["Expiration"] = DateTimeOffset.UtcNow.AddSeconds(ExpiresInSeconds).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        });
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    private string IdToken(string user)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string header = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT","kid":"fake"}"""u8);
        string payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer.AbsoluteUri.TrimEnd('/'),
            ["aud"] = ClientId,
            ["sub"] = "sub-" + user,
            ["iat"] = now,
            ["exp"] = now + 3600,
            ["login_name"] = user,
            ["preferred_username"] = user,
        }));
        return $"{header}.{payload}.{Base64Url.EncodeToString("not-checked-by-msal"u8)}";
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}
