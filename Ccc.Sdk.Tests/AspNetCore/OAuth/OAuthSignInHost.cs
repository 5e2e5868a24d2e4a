using System.Net;
using System.Security.Claims;
using Ccc.Sdk.AspNetCore.OAuth;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Tests.Auth.OAuth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Ccc.Sdk.Tests.AspNetCore.OAuth;

/// <summary>
/// A CRM on Kestrel (Production environment) with cookie authentication and <c>MapCccOAuthSignIn</c> (redirect URI
/// configured), against the fake HTTPS issuer. <c>/crm-login?user=…</c> signs a CRM user in (NameIdentifier),
/// <c>/crm-logout</c> signs them out with <c>SignOutCccOAuthAsync</c>, <c>/whoami</c> shows the CCC account.
/// </summary>
internal sealed class OAuthSignInHost : IAsyncDisposable
{
    private readonly WebApplication _crm;

    private OAuthSignInHost(WebApplication crm, FakeOidcServer issuer, Uri address, FakeLogCollector logs)
    {
        _crm = crm;
        Issuer = issuer;
        Address = address;
        Logs = logs;
    }

    public FakeOidcServer Issuer { get; }

    public Uri Address { get; }

    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    public Uri RedirectUri => new(Address, "/ccc/oauth/callback");

    public FakeLogCollector Logs { get; }

    public CccOAuthApplication OAuth => _crm.Services.GetRequiredService<CccOAuthApplication>();

    public static async Task<OAuthSignInHost> StartAsync(Action<CccOAuthSignInOptions>? configure = null, TimeProvider? time = null, bool antiforgery = false, string environment = "Production")
    {
        var issuer = await FakeOidcServer.StartAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        var logs = FakeLogCollector.Create(new FakeLogCollectorOptions());
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs));
        // The redirect URI is configured before start, so the port is chosen first.
        int port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}/");
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddCccOAuth(o =>
        {
            o.ClientId = FakeOidcServer.ClientId;
            o.ClientSecret = FakeOidcServer.ClientSecret;
            o.Issuer = issuer.Issuer;
            o.HttpClientFactory = new PinnedCertificateHttpClientFactory(issuer.Certificate);
            o.TokenCacheStore = new InMemoryCccTokenCacheStore();
            o.TimeProvider = time ?? TimeProvider.System;
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        builder.Services.AddAuthorization();
        if (antiforgery)
        {
            builder.Services.AddAntiforgery();
        }

        var redirect = new Uri(address, "/ccc/oauth/callback");
        builder.Services.AddCccOAuthSignIn(o =>
        {
            o.RedirectUri = redirect;
            configure?.Invoke(o);
        });
        var crm = builder.Build();
        if (antiforgery)
        {
            // The page's token, as a form or script would get it.
            crm.MapGet("/antiforgery-token", (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery tokens) =>
                Results.Text(tokens.GetAndStoreTokens(context).RequestToken));
        }

        crm.UseAuthentication();
        crm.UseAuthorization();
        crm.MapGet("/crm-login", (HttpContext context, string user) => context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, "CRM user " + user)], CookieAuthenticationDefaults.AuthenticationScheme))));
        crm.MapPost("/crm-logout", async (HttpContext context) =>
        {
            await context.SignOutCccOAuthAsync();
            await context.SignOutAsync();
        });
        crm.MapGet("/whoami", (HttpContext context) => context.GetCccOAuthAccount() is { } account ? Results.Text(account.UserName) : Results.Unauthorized());
        try
        {
            crm.MapCccOAuthSignIn("/ccc/oauth");
        }
        catch
        {
            await crm.DisposeAsync();
            await issuer.DisposeAsync();
            throw;
        }

        await crm.StartAsync();
        return new OAuthSignInHost(crm, issuer, address, logs);
    }

    /// <summary>A browser: its own cookies, no automatic redirects.</summary>
    public Browser NewBrowser() => new(this);

    /// <summary>Follows the issuer's authorize redirect (the fake signs <c>login_hint</c> in) and returns where it sends the browser back.</summary>
    public async Task<Uri> IssuerRedirectAsync(Uri authorize)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == Issuer.Certificate.GetCertHashString();
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    public async ValueTask DisposeAsync()
    {
        await _crm.StopAsync();
        await _crm.DisposeAsync();
        await Issuer.DisposeAsync();
    }

    internal sealed class Browser : IDisposable
    {
        private readonly OAuthSignInHost _host;

        public Browser(OAuthSignInHost host)
        {
            _host = host;
            Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = host.Address };
        }

        public CookieContainer Cookies { get; } = new();

        public HttpClient Http { get; }

        public async Task SignInToCrmAsync(string user)
        {
            using var response = await Http.GetAsync("/crm-login?user=" + Uri.EscapeDataString(user));
            Assert.True(response.IsSuccessStatusCode);
        }

        /// <summary>Login, the issuer, the callback: returns the callback's response.</summary>
        public async Task<HttpResponseMessage> SignInToCccAsync(string agent = "agent1@ccc-local", string? returnUrl = null)
        {
            using var login = await Http.GetAsync("/ccc/oauth/login?login_hint=" + Uri.EscapeDataString(agent) + (returnUrl is null ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl)));
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            return await Http.GetAsync(await _host.IssuerRedirectAsync(login.Headers.Location!));
        }

        public async Task<HttpStatusCode> WhoAmIAsync()
        {
            using var response = await Http.GetAsync("/whoami");
            return response.StatusCode;
        }

        public Cookie? AccountCookie => Cookies.GetAllCookies().FirstOrDefault(c => c.Name == CccOAuthHttpContextExtensions.DefaultAccountCookieName);

        public void Dispose() => Http.Dispose();
    }
}
