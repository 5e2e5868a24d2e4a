using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Emulator.OAuth;

/// <summary>Tokens from the emulator's token endpoint, with the STS triple decoded from the access token.</summary>
internal sealed record TokenSet(JsonElement Body, string AccessToken, string AccessKeyId, string AccessKeySecret, string SecurityToken)
{
    public string? RefreshToken => Body.TryGetProperty("refresh_token", out var r) ? r.GetString() : null;

    public string? IdToken => Body.TryGetProperty("id_token", out var t) ? t.GetString() : null;
}

/// <summary>
/// An emulator on a fake clock plus an HttpClient over HTTPS that trusts exactly the emulator's certificate
/// (thumbprint compared) and does not follow redirects, and helpers for the PKCE code flow.
/// </summary>
internal sealed class OAuthHarness : IAsyncDisposable
{
    public const string RedirectUri = "https://127.0.0.1:5001/signin-ccc";

    private OAuthHarness(EmulatorHarness inner)
    {
        Inner = inner;
        var thumbprint = inner.Emulator.HttpsCertificate.GetCertHashString(HashAlgorithmName.SHA256);
        Https = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint,
        })
        { BaseAddress = inner.Emulator.HttpsEndpoint };
    }

    public EmulatorHarness Inner { get; }

    public CccEmulator Emulator => Inner.Emulator;

    public HttpClient Https { get; }

    public static async Task<OAuthHarness> StartAsync(Action<CccEmulatorOptions>? configure = null) =>
        new(await EmulatorHarness.StartAsync(configure));

    public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
    }

    /// <summary>GET /oauth2/v1/auth with the given parameters (defaults: dev client, PKCE, login_hint agent1).</summary>
    public Task<HttpResponseMessage> AuthorizeAsync(string challenge, Action<Dictionary<string, string>>? tweak = null)
    {
        var p = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = CccEmulator.DevOAuthClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = "openid /acs/ccc offline_access",
            ["state"] = "st-123",
            ["nonce"] = "n-456",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["login_hint"] = "agent1@ccc-local",
        };
        tweak?.Invoke(p);
        return Https.GetAsync("oauth2/v1/auth?" + TestSigner.QueryString(p));
    }

    /// <summary>Authorize with login_hint and return the code from the redirect (asserting state comes back).</summary>
    public async Task<string> GetCodeAsync(string verifier, Action<Dictionary<string, string>>? tweak = null)
    {
        using var response = await AuthorizeAsync(Challenge(verifier), tweak);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = Query(response.Headers.Location!);
        Assert.Equal("st-123", query["state"]);
        return query["code"];
    }

    public Task<HttpResponseMessage> TokenAsync(params (string Name, string Value)[] form) =>
        Https.PostAsync("oauth2/v1/token", new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    public Task<HttpResponseMessage> RedeemAsync(string code, string verifier, string redirectUri = RedirectUri, string secret = CccEmulator.DevOAuthClientSecret) =>
        TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri), ("code_verifier", verifier),
            ("client_id", CccEmulator.DevOAuthClientId), ("client_secret", secret));

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", CccEmulator.DevOAuthClientId), ("client_secret", CccEmulator.DevOAuthClientSecret));

    public Task<HttpResponseMessage> RevokeAsync(string token) =>
        Https.PostAsync("oauth2/v1/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = CccEmulator.DevOAuthClientId,
            ["client_secret"] = CccEmulator.DevOAuthClientSecret,
        }));

    /// <summary>The whole code flow for agent1; returns the token response.</summary>
    public async Task<TokenSet> SignInAsync(Action<Dictionary<string, string>>? tweak = null)
    {
        var verifier = NewVerifier();
        var code = await GetCodeAsync(verifier, tweak);
        using var response = await RedeemAsync(code, verifier);
        return await ReadTokensAsync(response);
    }

    public static async Task<TokenSet> ReadTokensAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, raw);
        var body = JsonDocument.Parse(raw).RootElement.Clone();
        var accessToken = body.GetProperty("access_token").GetString()!;
        var sts = JsonDocument.Parse(FromBase64Url(accessToken)).RootElement;
        return new TokenSet(body, accessToken, sts.GetProperty("AccessKeyId").GetString()!, sts.GetProperty("AccessKeySecret").GetString()!,
            sts.GetProperty("SecurityToken").GetString()!);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> ReadJsonAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(raw).RootElement.Clone());
    }

    public static Dictionary<string, string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));

    /// <summary>GetLoginDetails without UserId, V3-signed with the STS keys, over HTTP or HTTPS.</summary>
    public Task<ApiResponse> CallWithStsAsync(TokenSet tokens, bool overHttps = false)
    {
        var endpoint = overHttps ? Emulator.HttpsEndpoint : Emulator.Endpoint;
        var request = V3Request.Create(Inner, "GetLoginDetails", [new("InstanceId", "ccc-local")]);
        request.AccessKeyId = tokens.AccessKeyId;
        request.AccessKeySecret = tokens.AccessKeySecret;
        request.Headers["host"] = endpoint.Authority;
        request.Headers["x-acs-security-token"] = tokens.SecurityToken;
        request.Sign();
        return SendAsync(request.ToHttpRequest(endpoint), overHttps);
    }

    /// <summary>GetLoginDetails in bearer mode (V3 headers, no signature).</summary>
    public Task<ApiResponse> CallWithBearerAsync(string accessToken, bool overHttps = true)
    {
        var endpoint = overHttps ? Emulator.HttpsEndpoint : Emulator.Endpoint;
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/?InstanceId=ccc-local"));
        message.Headers.Add("x-acs-action", "GetLoginDetails");
        message.Headers.Add("x-acs-version", "2020-07-01");
        message.Headers.Add("x-acs-bearer-token", accessToken);
        message.Headers.Add("x-acs-signature-type", "BEARERTOKEN");
        return SendAsync(message, overHttps);
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request, bool overHttps)
    {
        if (!overHttps)
        {
            return await Inner.SendAsync(request);
        }

        using (request)
        using (var response = await Https.SendAsync(request))
        {
            var raw = await response.Content.ReadAsStringAsync();
            using var document = JsonDocument.Parse(raw);
            return new ApiResponse(response.StatusCode, document.RootElement.Clone(), raw);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Https.Dispose();
        await Inner.DisposeAsync();
    }
}
