using System.Net;
using System.Web;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
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
        var response = await bearerClient.SendAsync(new Ccc.Sdk.Signing.ApiRequest("ListUsers").With("InstanceId", emulator.InstanceId).With("PageNumber", "1").With("PageSize", "10"));
        Assert.Equal(200, response.HttpStatusCode);
        Assert.Contains("agent1@ccc-local", response.RawContent, StringComparison.Ordinal);
    }
}
