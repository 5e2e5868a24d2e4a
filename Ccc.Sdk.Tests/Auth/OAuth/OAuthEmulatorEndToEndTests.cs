using System.Net;
using System.Web;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ccc.Sdk.Tests.Auth.OAuth;

/// <summary>OAuthCredential against the emulator's own OAuth2 issuer: sign in with login_hint, call the OpenAPI as that user.</summary>
public sealed class OAuthEmulatorEndToEndTests
{
    [Fact]
    public async Task Sign_in_with_login_hint_then_ListUsers_with_the_users_sts_keys()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        using var pinned = new PinnedCertificateHttpClientFactory(emulator.HttpsCertificate);
        var oauth = new CccOAuthApplication(new CccOAuthOptions
        {
            ClientId = CccEmulator.DevOAuthClientId,
            ClientSecret = CccEmulator.DevOAuthClientSecret,
            Issuer = emulator.OAuthIssuer,
            HttpClientFactory = pinned,
        });

        var request = await oauth.CreateAuthorizationRequestAsync(new Uri("https://127.0.0.1:5999/ccc/oauth/callback"), "agent1@ccc-local");
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == emulator.HttpsCertificate.GetCertHashString();
        using var browser = new HttpClient(handler);
        using var authorize = await browser.GetAsync(request.AuthorizationUri);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var callback = HttpUtility.ParseQueryString(authorize.Headers.Location!.Query);
        Assert.Equal(request.State, callback["state"]);

        var signIn = await oauth.RedeemCodeAsync(callback["code"]!, request.CodeVerifier, request.RedirectUri);
        Assert.Equal("agent1@ccc-local", signIn.UserName);
        var keys = await signIn.Credential.GetCredentialsAsync();
        Assert.StartsWith("STS.", keys.AccessKeyId, StringComparison.Ordinal);

        using var http = new HttpClient(pinned.Handler, disposeHandler: false);
        using var client = new CccClient(signIn.Credential, new CccClientOptions { Endpoint = emulator.HttpsEndpoint, InstanceId = emulator.InstanceId }, http);
        var users = new List<CccUser>();
        await foreach (var user in client.ListUsersAsync(new ListUsersRequest()))
        {
            users.Add(user);
        }

        Assert.Contains(users, u => u.UserId == "agent1@ccc-local");

        // Bearer mode against the same server: a second credential sending the raw token.
        var bearerApp = new CccOAuthApplication(new CccOAuthOptions
        {
            ClientId = CccEmulator.DevOAuthClientId,
            ClientSecret = CccEmulator.DevOAuthClientSecret,
            Issuer = emulator.OAuthIssuer,
            HttpClientFactory = pinned,
            UseBearerToken = true,
            TokenCacheStore = oauth.TokenCacheStore,
        });
        using var bearerClient = new CccClient(bearerApp.GetCredential(signIn.AccountId), new CccClientOptions { Endpoint = emulator.HttpsEndpoint, InstanceId = emulator.InstanceId }, http);
        var response = await bearerClient.SendAsync(new Ccc.Sdk.ApiRequest("ListUsers").With("InstanceId", emulator.InstanceId).With("PageNumber", "1").With("PageSize", "10"));
        Assert.Equal(200, response.HttpStatusCode);
        Assert.Contains("agent1@ccc-local", response.RawContent, StringComparison.Ordinal);
    }

    private static readonly Uri Callback = new("https://127.0.0.1:5999/ccc/oauth/callback");

    [Fact]
    public async Task After_the_access_token_expires_on_a_fast_forwarded_clock_the_credential_refreshes_to_new_sts_keys()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { TimeProvider = clock, OAuthAccessTokenLifetime = TimeSpan.FromMinutes(15) });
        using var pinned = new PinnedCertificateHttpClientFactory(emulator.HttpsCertificate);
        var oauth = NewApplication(emulator, pinned, clock);
        var signIn = await SignInAsync(emulator, oauth, "agent1@ccc-local");
        var before = await signIn.Credential.GetCredentialsAsync();
        Assert.StartsWith("STS.", before.AccessKeyId, StringComparison.Ordinal);

        using var http = new HttpClient(pinned.Handler, disposeHandler: false);
        var options = new CccClientOptions { Endpoint = emulator.HttpsEndpoint, InstanceId = emulator.InstanceId };
        using var client = new CccClient(signIn.Credential, options, http, clock);
        Assert.Contains("agent1@ccc-local", (await client.SendAsync(ListUsers(emulator))).RawContent, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(16));

        // The old keys, sent as they are, are now refused by the emulator.
        using var stale = new CccClient(new StsCredential(before.AccessKeyId!, before.AccessKeySecret!, before.SecurityToken!, null, null, clock), options, http, clock);
        var refused = await Assert.ThrowsAsync<CccAuthenticationException>(() => stale.SendAsync(ListUsers(emulator)));
        Assert.Equal("InvalidSecurityToken.Expired", refused.Code);

        // The OAuth credential notices the expiry on the same clock and refreshes through MSAL (MSAL's own real-clock cache is bypassed).
        var response = await client.SendAsync(ListUsers(emulator));
        Assert.Equal(200, response.HttpStatusCode);
        var after = await signIn.Credential.GetCredentialsAsync();
        Assert.StartsWith("STS.", after.AccessKeyId, StringComparison.Ordinal);
        Assert.NotEqual(before.AccessKeyId, after.AccessKeyId);
        Assert.True(after.ExpiresOn > clock.GetUtcNow());
    }

    [Fact]
    public async Task Revoke_stops_the_sts_keys_at_the_emulator_and_a_refresh_asks_to_sign_in_again()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        using var pinned = new PinnedCertificateHttpClientFactory(emulator.HttpsCertificate);
        var store = new InMemoryCccTokenCacheStore();
        var oauth = NewApplication(emulator, pinned, store: store);
        var signIn = await SignInAsync(emulator, oauth, "agent1@ccc-local");
        var keys = await signIn.Credential.GetCredentialsAsync();
        using var http = new HttpClient(pinned.Handler, disposeHandler: false);
        var options = new CccClientOptions { Endpoint = emulator.HttpsEndpoint, InstanceId = emulator.InstanceId };
        using var stsClient = new CccClient(new StsCredential(keys.AccessKeyId!, keys.AccessKeySecret!, keys.SecurityToken!), options, http);
        Assert.Equal(200, (await stsClient.SendAsync(ListUsers(emulator))).HttpStatusCode);

        // A copy of the user's cache, as another instance of the CRM would still hold it.
        var copy = new InMemoryCccTokenCacheStore();
        await copy.WriteAsync(signIn.AccountId, (await store.ReadAsync(signIn.AccountId, default))!, default);

        await oauth.RevokeAsync(signIn.AccountId);

        Assert.Empty(store.Keys);
        var refused = await Assert.ThrowsAsync<CccAuthenticationException>(() => stsClient.SendAsync(ListUsers(emulator)));
        Assert.StartsWith("InvalidSecurityToken", refused.Code, StringComparison.Ordinal);

        // This application forgot the user.
        var forgotten = await Assert.ThrowsAsync<CccCredentialException>(() => oauth.GetCredential(signIn.AccountId).GetCredentialsAsync().AsTask());
        Assert.Contains("sign in again", forgotten.Message, StringComparison.Ordinal);

        // The copied cache's refresh token is refused by the issuer: a clear "sign in again", no token in the message.
        // (Its clock is two hours on, so the cached access token counts as expired and a refresh is forced.)
        var other = NewApplication(emulator, pinned, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2)), store: copy);
        var revoked = await Assert.ThrowsAsync<CccCredentialException>(() => other.GetCredential(signIn.AccountId).GetCredentialsAsync().AsTask());
        Assert.Contains("invalid_grant", revoked.Message, StringComparison.Ordinal);
        Assert.Contains("sign in again", revoked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(keys.SecurityToken!, revoked.Message, StringComparison.Ordinal);

        // Revoking again (nothing left) is not an error.
        await oauth.RevokeAsync(signIn.AccountId);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_a_typed_invalid_client_error_without_the_secret()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        using var pinned = new PinnedCertificateHttpClientFactory(emulator.HttpsCertificate);
        var (request, code) = await AuthorizeAsync(emulator, NewApplication(emulator, pinned), "agent1@ccc-local");
        const string wrong = "NotTheEmulatorsSecret-4711";
        var ex = await Assert.ThrowsAsync<CccCredentialException>(() => NewApplication(emulator, pinned, secret: wrong).RedeemCodeAsync(code, request.CodeVerifier, request.RedirectUri));
        Assert.Equal("invalid_client", Assert.IsAssignableFrom<Microsoft.Identity.Client.MsalServiceException>(ex.InnerException).ErrorCode);
        AssertClean(ex, wrong, code, request.CodeVerifier);
    }

    [Fact]
    public async Task A_bad_pkce_verifier_is_invalid_grant()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        using var pinned = new PinnedCertificateHttpClientFactory(emulator.HttpsCertificate);
        var oauth = NewApplication(emulator, pinned);
        var (request, code) = await AuthorizeAsync(emulator, oauth, "agent1@ccc-local");
        string otherVerifier = (await oauth.CreateAuthorizationRequestAsync(Callback)).CodeVerifier;
        var ex = await Assert.ThrowsAsync<CccCredentialException>(() => oauth.RedeemCodeAsync(code, otherVerifier, request.RedirectUri));
        Assert.Equal("invalid_grant", Assert.IsAssignableFrom<Microsoft.Identity.Client.MsalServiceException>(ex.InnerException).ErrorCode);
        AssertClean(ex, code, otherVerifier, request.CodeVerifier);
    }

    [Fact]
    public async Task A_reused_code_is_invalid_grant()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        using var pinned = new PinnedCertificateHttpClientFactory(emulator.HttpsCertificate);
        var oauth = NewApplication(emulator, pinned);
        var (request, code) = await AuthorizeAsync(emulator, oauth, "agent1@ccc-local");
        await oauth.RedeemCodeAsync(code, request.CodeVerifier, request.RedirectUri);
        var ex = await Assert.ThrowsAsync<CccCredentialException>(() => oauth.RedeemCodeAsync(code, request.CodeVerifier, request.RedirectUri));
        Assert.Equal("invalid_grant", Assert.IsAssignableFrom<Microsoft.Identity.Client.MsalServiceException>(ex.InnerException).ErrorCode);
        AssertClean(ex, code, request.CodeVerifier);
    }

    [Fact]
    public async Task An_expired_code_is_invalid_grant()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { TimeProvider = clock });
        using var pinned = new PinnedCertificateHttpClientFactory(emulator.HttpsCertificate);
        var oauth = NewApplication(emulator, pinned, clock);
        var (request, code) = await AuthorizeAsync(emulator, oauth, "agent1@ccc-local");

        clock.Advance(TimeSpan.FromMinutes(6)); // codes live 5 minutes

        var ex = await Assert.ThrowsAsync<CccCredentialException>(() => oauth.RedeemCodeAsync(code, request.CodeVerifier, request.RedirectUri));
        Assert.Equal("invalid_grant", Assert.IsAssignableFrom<Microsoft.Identity.Client.MsalServiceException>(ex.InnerException).ErrorCode);
        AssertClean(ex, code, request.CodeVerifier);
    }

    [Fact]
    public async Task A_different_redirect_uri_at_the_token_endpoint_is_invalid_grant()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        using var pinned = new PinnedCertificateHttpClientFactory(emulator.HttpsCertificate);
        var oauth = NewApplication(emulator, pinned);
        var (request, code) = await AuthorizeAsync(emulator, oauth, "agent1@ccc-local");
        var ex = await Assert.ThrowsAsync<CccCredentialException>(() => oauth.RedeemCodeAsync(code, request.CodeVerifier, new Uri("https://127.0.0.1:5999/elsewhere/callback")));
        Assert.Equal("invalid_grant", Assert.IsAssignableFrom<Microsoft.Identity.Client.MsalServiceException>(ex.InnerException).ErrorCode);
        AssertClean(ex, code, request.CodeVerifier);
    }

    private static void AssertClean(CccCredentialException ex, params string[] secrets)
    {
        Assert.Contains(((Microsoft.Identity.Client.MsalServiceException)ex.InnerException!).ErrorCode, ex.Message, StringComparison.Ordinal);
        foreach (string secret in secrets.Append(CccEmulator.DevOAuthClientSecret))
        {
            Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ex.InnerException!.Message, StringComparison.Ordinal);
        }
    }

    private static CccOAuthApplication NewApplication(CccEmulator emulator, PinnedCertificateHttpClientFactory pinned, TimeProvider? clock = null, string? secret = null, ICccTokenCacheStore? store = null) =>
        new(new CccOAuthOptions
        {
            ClientId = CccEmulator.DevOAuthClientId,
            ClientSecret = secret ?? CccEmulator.DevOAuthClientSecret,
            Issuer = emulator.OAuthIssuer,
            HttpClientFactory = pinned,
            TimeProvider = clock ?? TimeProvider.System,
            TokenCacheStore = store,
        });

    private static Ccc.Sdk.ApiRequest ListUsers(CccEmulator emulator) =>
        new Ccc.Sdk.ApiRequest("ListUsers").With("InstanceId", emulator.InstanceId).With("PageNumber", "1").With("PageSize", "10");

    /// <summary>Authorizes <paramref name="user"/> with login_hint (no page) and returns the code with its request.</summary>
    private static async Task<(CccOAuthAuthorizationRequest Request, string Code)> AuthorizeAsync(CccEmulator emulator, CccOAuthApplication oauth, string user)
    {
        var request = await oauth.CreateAuthorizationRequestAsync(Callback, user);
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == emulator.HttpsCertificate.GetCertHashString();
        using var browser = new HttpClient(handler);
        using var authorize = await browser.GetAsync(request.AuthorizationUri);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var callback = HttpUtility.ParseQueryString(authorize.Headers.Location!.Query);
        Assert.Equal(request.State, callback["state"]);
        return (request, callback["code"]!);
    }

    private static async Task<CccOAuthSignInResult> SignInAsync(CccEmulator emulator, CccOAuthApplication oauth, string user)
    {
        var (request, code) = await AuthorizeAsync(emulator, oauth, user);
        return await oauth.RedeemCodeAsync(code, request.CodeVerifier, request.RedirectUri);
    }
}
