using System.Net;
using System.Security.Claims;
using System.Web;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Tests.Client;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Ccc.Sdk.Tests.Auth.OAuth;

/// <summary><c>MapCccOAuthSignIn</c> and the proxy's <c>UseUserIdentity</c> on Kestrel, against the fake HTTPS issuer.</summary>
public sealed class OAuthSignInTests : IAsyncLifetime
{
    private FakeOidcServer _issuer = null!;
    private LoopbackServer _api = null!;
    private WebApplication _crm = null!;
    private Uri _crmAddress = null!;
    private readonly CookieContainer _cookies = new();
    private HttpClient _browser = null!;
    private InMemoryCccTokenCacheStore _store = new();

    public async Task InitializeAsync()
    {
        _issuer = await FakeOidcServer.StartAsync();
        _api = await LoopbackServer.StartAsync(c =>
        {
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync("""{"RequestId":"R1","Code":"OK","HttpStatusCode":200,"Data":{"List":[]}}""");
        });

        // Development: the redirect URI defaults to the server's own address (elsewhere RedirectUri is required).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddCcc(o =>
        {
            o.Endpoint = _api.BaseAddress;
            o.InstanceId = "ccc-test";
            o.AccessKeyId = "LTAIshared";
            o.AccessKeySecret = "shared-secret";
        });
        builder.Services.AddCccOAuth(o =>
        {
            o.ClientId = FakeOidcServer.ClientId;
            o.ClientSecret = FakeOidcServer.ClientSecret;
            o.Issuer = _issuer.Issuer;
            o.HttpClientFactory = new PinnedCertificateHttpClientFactory(_issuer.Certificate);
            o.TokenCacheStore = _store;
        });
        builder.Services.AddCccOAuthSignIn(o => o.OnSignedIn = (context, result) => context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, result.UserName!), new Claim("ccc_user_id", result.UserName!)], CookieAuthenticationDefaults.AuthenticationScheme))));
        // Development: an empty AllowedOrigins means the CRM's own addresses (its port is chosen at start).
        builder.Services.AddCccWorkbenchProxy(o =>
        {
            o.ValidateAntiforgeryToken = false;
            o.UseUserIdentity = true;
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        builder.Services.AddAuthorization();
        _crm = builder.Build();
        _crm.UseAuthentication();
        _crm.UseAuthorization();
        _crm.MapCccOAuthSignIn("/ccc/oauth");
        _crm.MapGet("/crm-login", (HttpContext context) => context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "dave"), new Claim("ccc_user_id", "agent1@ccc-local")], CookieAuthenticationDefaults.AuthenticationScheme))));
        _crm.MapGet("/whoami", async (HttpContext context, CccOAuthApplication oauth) =>
        {
            var account = context.GetCccOAuthAccount();
            if (account is null)
            {
                return Results.Unauthorized();
            }

            var keys = await oauth.GetCredential(account.AccountId).GetCredentialsAsync();
            return Results.Text($"{account.UserName} {keys.AccessKeyId}");
        });
        await _crm.StartAsync();
        _crmAddress = new Uri(_crm.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _crm.MapCccWorkbenchProxy("/ccc/workbench-api");
        _browser = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = _crmAddress };
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _crm.StopAsync();
        await _crm.DisposeAsync();
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Login_and_callback_sign_the_user_in_and_attach_their_sts_identity()
    {
        using var login = await _browser.GetAsync("/ccc/oauth/login?login_hint=agent2@ccc-local&returnUrl=/desk");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authorize = login.Headers.Location!;
        Assert.StartsWith(_issuer.Issuer + "/v1/auth", authorize.AbsoluteUri, StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(_crmAddress + "ccc/oauth/callback", query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        string setCookie = string.Join(";", login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(query["state"]!, setCookie, StringComparison.Ordinal); // protected, not plain

        using var callback = await _browser.GetAsync(await IssuerRedirectAsync(authorize));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/desk", callback.Headers.Location!.OriginalString);

        Assert.Equal("agent2@ccc-local STS.Fake0001", await _browser.GetStringAsync("/whoami"));
        Assert.Single(_store.Keys);
    }

    [Fact]
    public async Task Logout_revokes_the_users_tokens_and_forgets_them()
    {
        using var login = await _browser.GetAsync("/ccc/oauth/login?login_hint=agent2@ccc-local");
        using var callback = await _browser.GetAsync(await IssuerRedirectAsync(login.Headers.Location!));
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/whoami")).StatusCode);
        Assert.Single(_store.Keys);

        using var logout = await PostSameOriginAsync("/ccc/oauth/logout?returnUrl=/bye");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/bye", logout.Headers.Location!.OriginalString);
        Assert.Equal(["refresh_token", "access_token"], _issuer.RevokedHints.ToArray());
        Assert.Empty(_store.Keys);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.GetAsync("/whoami")).StatusCode);

        // Logging out again without an account is harmless.
        using var again = await PostSameOriginAsync("/ccc/oauth/logout");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(2, _issuer.RevokedHints.Count);
    }

    [Fact]
    public async Task A_callback_with_a_wrong_state_or_without_the_cookie_is_refused()
    {
        using var login = await _browser.GetAsync("/ccc/oauth/login?login_hint=agent1@ccc-local");
        var back = await IssuerRedirectAsync(login.Headers.Location!);
        string tampered = back.AbsoluteUri.Replace("state=", "state=x", StringComparison.Ordinal);
        using var wrong = await _browser.GetAsync(tampered);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("state", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The correlation cookie is single-use: the genuine callback afterwards finds none.
        using var replay = await _browser.GetAsync(back);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal(0, _issuer.AuthorizationCodeGrants);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.GetAsync("/whoami")).StatusCode);
    }

    [Fact]
    public async Task Login_ignores_a_foreign_return_url()
    {
        using var login = await _browser.GetAsync("/ccc/oauth/login?login_hint=agent1@ccc-local&returnUrl=//evil.example/x");
        using var callback = await _browser.GetAsync(await IssuerRedirectAsync(login.Headers.Location!));
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_proxy_forwards_with_the_users_own_sts_keys()
    {
        using var login = await _browser.GetAsync("/ccc/oauth/login?login_hint=agent2@ccc-local");
        using var callback = await _browser.GetAsync(await IssuerRedirectAsync(login.Headers.Location!));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/workbench-api?action=ListOutboundNumbersOfUser")
        {
            Content = new FormUrlEncodedContent([new("request", "{}")]),
        };
        request.Headers.Add("Origin", _crmAddress.GetLeftPart(UriPartial.Authority));
        using var response = await _browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var seen = Assert.Single(_api.Requests);
        Assert.Equal("token1", seen.Headers["x-acs-security-token"]);
        Assert.Contains("Credential=STS.Fake0001,", seen.Headers["authorization"], StringComparison.Ordinal);
        Assert.Contains("UserId=agent2%40ccc-local", seen.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_proxy_answers_401_when_the_users_tokens_are_gone()
    {
        using var login = await _browser.GetAsync("/ccc/oauth/login?login_hint=agent2@ccc-local");
        using var callback = await _browser.GetAsync(await IssuerRedirectAsync(login.Headers.Location!));
        await _store.RemoveAsync(Assert.Single(_store.Keys), default);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/workbench-api?action=ListOutboundNumbersOfUser")
        {
            Content = new FormUrlEncodedContent([new("request", "{}")]),
        };
        request.Headers.Add("Origin", _crmAddress.GetLeftPart(UriPartial.Authority));
        using var response = await _browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Unauthorized.CccSignIn", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task The_proxy_refuses_a_crm_user_without_a_ccc_sign_in()
    {
        (await _browser.GetAsync("/crm-login")).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/workbench-api?action=ListOutboundNumbersOfUser")
        {
            Content = new FormUrlEncodedContent([new("request", "{}")]),
        };
        request.Headers.Add("Origin", _crmAddress.GetLeftPart(UriPartial.Authority));
        using var response = await _browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode); // signed in to the CRM, not to CCC
        Assert.Contains("Unauthorized.CccSignIn", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    private async Task<HttpResponseMessage> PostSameOriginAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Origin", _crmAddress.GetLeftPart(UriPartial.Authority));
        return await _browser.SendAsync(request);
    }

    private async Task<Uri> IssuerRedirectAsync(Uri authorize)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == _issuer.Certificate.GetCertHashString();
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }
}
