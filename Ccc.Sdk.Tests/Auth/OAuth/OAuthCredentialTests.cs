using System.Buffers.Text;
using System.Text;
using System.Web;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Tests.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ccc.Sdk.Tests.Auth.OAuth;

/// <summary>The MSAL-based OAuth2 credential against a fake HTTPS issuer answering <c>token_type: AliyunSTS</c>.</summary>
public sealed class OAuthCredentialTests : IAsyncLifetime
{
    private static readonly Uri RedirectUri = new("http://127.0.0.1:5999/ccc/oauth/callback");
    private FakeOidcServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOidcServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sign_in_with_pkce_accepts_the_AliyunSTS_token_type_and_yields_the_sts_keys()
    {
        var store = new InMemoryCccTokenCacheStore();
        var app = NewApp(o => o.TokenCacheStore = store);

        var signIn = await SignInAsync(app, "agent2@ccc-local");

        Assert.Equal("agent2@ccc-local", signIn.UserName);
        Assert.Equal("sub-agent2@ccc-local", signIn.Subject);
        var keys = await signIn.Credential.GetCredentialsAsync();
        Assert.Equal("STS.Fake0001", keys.AccessKeyId);
        Assert.Equal("secret1", keys.AccessKeySecret);
        Assert.Equal("token1", keys.SecurityToken);
        Assert.Null(keys.BearerToken);
        Assert.NotNull(keys.ExpiresOn);
        Assert.Equal(1, _server.AuthorizationCodeGrants);
        Assert.DoesNotContain("secret1", signIn.Credential.ToString(), StringComparison.Ordinal);

        // The hook persisted the user's cache under their account id.
        Assert.Contains(signIn.AccountId, store.Keys);
        Assert.NotEmpty((await store.ReadAsync(signIn.AccountId, default))!);
    }

    [Fact]
    public async Task Credential_refreshes_through_AcquireTokenSilent_before_expiry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var app = NewApp(o => o.TimeProvider = clock);
        var signIn = await SignInAsync(app, "agent1@ccc-local");

        Assert.Equal("STS.Fake0001", (await signIn.Credential.GetCredentialsAsync()).AccessKeyId);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal("STS.Fake0001", (await signIn.Credential.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(0, _server.RefreshGrants);

        // 56 minutes in: within the 5-minute margin of the 1-hour token, so a refresh-token grant gets new keys.
        clock.Advance(TimeSpan.FromMinutes(26));
        var refreshed = await signIn.Credential.GetCredentialsAsync();
        Assert.Equal("STS.Fake0002", refreshed.AccessKeyId);
        Assert.Equal("token2", refreshed.SecurityToken);
        Assert.Equal(1, _server.RefreshGrants);
    }

    [Fact]
    public async Task Msal_refreshes_a_short_lived_token_itself_and_keeps_the_old_refresh_token()
    {
        _server.ExpiresInSeconds = 120; // inside MSAL's own 5-minute window: every silent call refreshes
        var app = NewApp(o => o.RefreshMargin = TimeSpan.Zero);
        var signIn = await SignInAsync(app, "agent1@ccc-local");

        var credential = app.GetCredential(signIn.AccountId);
        Assert.Equal("STS.Fake0002", (await credential.GetCredentialsAsync()).AccessKeyId);
        var again = app.GetCredential(signIn.AccountId);
        Assert.Equal("STS.Fake0003", (await again.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(2, _server.RefreshGrants); // the second refresh used the refresh token kept from the code grant
    }

    [Fact]
    public async Task A_new_application_with_the_same_store_uses_the_persisted_cache()
    {
        var store = new InMemoryCccTokenCacheStore();
        var signIn = await SignInAsync(NewApp(o => o.TokenCacheStore = store), "agent3@ccc-local");

        var restarted = NewApp(o => o.TokenCacheStore = store);
        var keys = await restarted.GetCredential(signIn.AccountId).GetCredentialsAsync();
        Assert.Equal("STS.Fake0001", keys.AccessKeyId); // from the cache: no new grant
        Assert.Equal(0, _server.RefreshGrants);

        var empty = NewApp(o => o.TokenCacheStore = new InMemoryCccTokenCacheStore());
        var ex = await Assert.ThrowsAsync<CccCredentialException>(() => empty.GetCredential(signIn.AccountId).GetCredentialsAsync().AsTask());
        Assert.Contains("sign in again", ex.Message, StringComparison.Ordinal);

        await restarted.SignOutAsync(signIn.AccountId);
        Assert.DoesNotContain(signIn.AccountId, store.Keys);
    }

    [Fact]
    public async Task A_revoked_refresh_token_asks_for_a_new_sign_in()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var app = NewApp(o => o.TimeProvider = clock);
        var signIn = await SignInAsync(app, "agent1@ccc-local");
        _server.RevokeAll();
        clock.Advance(TimeSpan.FromMinutes(58));

        var ex = await Assert.ThrowsAsync<CccCredentialException>(() => signIn.Credential.GetCredentialsAsync().AsTask());
        Assert.Contains("sign in again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_option_sends_the_access_token_as_x_acs_bearer_token()
    {
        var app = NewApp(o => o.UseBearerToken = true);
        var signIn = await SignInAsync(app, "agent1@ccc-local");
        var keys = await signIn.Credential.GetCredentialsAsync();
        Assert.NotNull(keys.BearerToken);
        Assert.Null(keys.AccessKeyId);
        Assert.StartsWith("{\"AccessKeyId\":\"STS.Fake0001\"", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(keys.BearerToken)), StringComparison.Ordinal);

        await using var api = await LoopbackServer.StartAsync(c =>
        {
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync("""{"RequestId":"R1","Code":"OK","HttpStatusCode":200,"Data":{"List":[]}}""");
        });
        using var client = new CccClient(signIn.Credential, new CccClientOptions { Endpoint = api.BaseAddress, InstanceId = "ccc-test" });
        await client.SendAsync(new ApiRequest("ListUsers"));

        var seen = Assert.Single(api.Requests);
        Assert.Equal(keys.BearerToken, seen.Headers["x-acs-bearer-token"]);
        Assert.Equal("BEARERTOKEN", seen.Headers["x-acs-signature-type"]);
    }

    [Fact]
    public async Task Sts_mode_signs_with_the_security_token()
    {
        var signIn = await SignInAsync(NewApp(), "agent1@ccc-local");
        await using var api = await LoopbackServer.StartAsync(c =>
        {
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync("""{"RequestId":"R1","Code":"OK","HttpStatusCode":200,"Data":{"List":[]}}""");
        });
        using var client = new CccClient(signIn.Credential, new CccClientOptions { Endpoint = api.BaseAddress, InstanceId = "ccc-test" });
        await client.SendAsync(new ApiRequest("ListUsers"));

        var seen = Assert.Single(api.Requests);
        Assert.Equal("token1", seen.Headers["x-acs-security-token"]);
        Assert.Contains("Credential=STS.Fake0001,", seen.Headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pinned_factory_refuses_any_other_certificate()
    {
        using var other = new PinnedCertificateHttpClientFactory(
            System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Encoding.ASCII.GetBytes(OtherCertificatePem())));
        var app = NewApp(o => o.HttpClientFactory = other);
        await Assert.ThrowsAsync<CccCredentialException>(() => app.CreateAuthorizationRequestAsync(RedirectUri));
        Assert.Equal(0, _server.AuthorizationCodeGrants);
    }

    [Fact]
    public async Task A_wrong_verifier_is_refused_with_the_oauth_error_code()
    {
        var app = NewApp();
        var request = await app.CreateAuthorizationRequestAsync(RedirectUri, "agent1@ccc-local");
        string code = HttpUtility.ParseQueryString((await FollowAsync(request.AuthorizationUri)).Query)["code"]!;
        var ex = await Assert.ThrowsAsync<CccCredentialException>(() => app.RedeemCodeAsync(code, new string('x', 50), RedirectUri));
        Assert.Contains("invalid_grant", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 !")]
    [InlineData("bm90IGpzb24")] // "not json"
    [InlineData("eyJBY2Nlc3NLZXlJZCI6IlNUUy54In0")] // {"AccessKeyId":"STS.x"}
    public void A_malformed_access_token_gives_a_typed_error(string token) =>
        Assert.Throws<CccCredentialException>(() => StsAccessToken.Decode(token, null));

    [Fact]
    public void Options_are_validated() =>
        Assert.Throws<ArgumentException>(() => new CccOAuthApplication(new CccOAuthOptions { ClientId = "x", ClientSecret = "y", Issuer = new Uri("http://example.com") }));

    private CccOAuthApplication NewApp(Action<CccOAuthOptions>? configure = null)
    {
        var options = new CccOAuthOptions
        {
            ClientId = FakeOidcServer.ClientId,
            ClientSecret = FakeOidcServer.ClientSecret,
            Issuer = _server.Issuer,
            HttpClientFactory = new PinnedCertificateHttpClientFactory(_server.Certificate),
        };
        configure?.Invoke(options);
        return new CccOAuthApplication(options);
    }

    private async Task<CccOAuthSignInResult> SignInAsync(CccOAuthApplication app, string user)
    {
        var request = await app.CreateAuthorizationRequestAsync(RedirectUri, user);
        var query = HttpUtility.ParseQueryString(request.AuthorizationUri.Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(request.State, Assert.Single(query.GetValues("state")!));
        Assert.Equal(32, request.State.Length);
        Assert.Equal("offline", query["access_type"]);
        Assert.Contains("/acs/ccc", query["scope"], StringComparison.Ordinal);
        var callback = HttpUtility.ParseQueryString((await FollowAsync(request.AuthorizationUri)).Query);
        Assert.Equal(request.State, callback["state"]);
        return await app.RedeemCodeAsync(callback["code"]!, request.CodeVerifier, request.RedirectUri);
    }

    /// <summary>Does what the browser does: GET the authorize URL, return where it redirects.</summary>
    private async Task<Uri> FollowAsync(Uri authorize)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == _server.Certificate.GetCertHashString();
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(authorize);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    private static string OtherCertificatePem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return cert.ExportCertificatePem();
    }
}

/// <summary>Why the extension exists: plain MSAL refuses the AliyunSTS token type.</summary>
public sealed class MsalTokenTypeTests : IAsyncLifetime
{
    private FakeOidcServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOidcServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Without_the_authentication_extension_msal_rejects_token_type_AliyunSTS()
    {
        var redirect = "http://127.0.0.1:5999/cb";
        using var factory = new PinnedCertificateHttpClientFactory(_server.Certificate);
        var msal = Microsoft.Identity.Client.ConfidentialClientApplicationBuilder.Create(FakeOidcServer.ClientId)
            .WithClientSecret(FakeOidcServer.ClientSecret)
            .WithOidcAuthority(_server.Issuer.AbsoluteUri)
            .WithRedirectUri(redirect)
            .WithHttpClientFactory(factory)
            .Build();
        var url = await msal.GetAuthorizationRequestUrl(["/acs/ccc"]).WithPkce(out string verifier).WithLoginHint("agent1@ccc-local").ExecuteAsync();

        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(url);
        string code = HttpUtility.ParseQueryString(response.Headers.Location!.Query)["code"]!;

        var ex = await Assert.ThrowsAnyAsync<Microsoft.Identity.Client.MsalException>(() =>
            msal.AcquireTokenByAuthorizationCode(["/acs/ccc"], code).WithPkceCodeVerifier(verifier).ExecuteAsync());
        Assert.Contains("AliyunSTS", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.AuthorizationCodeGrants); // the server answered; MSAL refused the answer
    }
}
