using System.Net;
using System.Web;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Tests.Auth.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ccc.Sdk.Tests.AspNetCore.OAuth;

/// <summary>The redirect URI comes from the options, never from the request's <c>Host</c>; MSAL applications stay bounded.</summary>
public sealed class OAuthRedirectUriTests
{
    [Fact]
    public async Task Sign_ins_with_random_host_headers_all_redirect_to_the_configured_uri_and_share_one_msal_application()
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();

        for (int i = 0; i < 200; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/ccc/oauth/login?login_hint=agent1@ccc-local");
            request.Headers.Host = $"attacker-{Guid.NewGuid():N}.example:{1000 + i}";
            using var login = await browser.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal(host.RedirectUri.AbsoluteUri, HttpUtility.ParseQueryString(login.Headers.Location!.Query)["redirect_uri"]);
        }

        Assert.Equal(1, host.OAuth.CachedApplicationCount);
    }

    [Fact]
    public async Task In_development_without_a_redirect_uri_the_servers_own_address_is_used_whatever_the_host_header()
    {
        await using var host = await OAuthSignInHost.StartAsync(o => o.RedirectUri = null, environment: "Development");
        using var browser = host.NewBrowser();

        for (int i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/ccc/oauth/login");
            request.Headers.Host = $"attacker-{i}.example";
            using var login = await browser.Http.SendAsync(request);
            Assert.Equal(host.RedirectUri.AbsoluteUri, HttpUtility.ParseQueryString(login.Headers.Location!.Query)["redirect_uri"]);
        }

        Assert.Equal(1, host.OAuth.CachedApplicationCount);
    }

    [Fact]
    public async Task A_public_base_uri_gives_the_redirect_uri_under_the_prefix()
    {
        await using var host = await OAuthSignInHost.StartAsync(o =>
        {
            o.RedirectUri = null;
            o.PublicBaseUri = new Uri("https://crm.example.com/app/");
        });
        using var browser = host.NewBrowser();

        using var login = await browser.Http.GetAsync("/ccc/oauth/login");

        Assert.Equal("https://crm.example.com/app/ccc/oauth/callback", HttpUtility.ParseQueryString(login.Headers.Location!.Query)["redirect_uri"]);
    }

    [Fact]
    public async Task Mapping_the_sign_in_without_a_redirect_uri_outside_development_fails_at_start()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => OAuthSignInHost.StartAsync(o => o.RedirectUri = null));
        Assert.Contains(error.Failures, f => f.StartsWith("CccOAuthSignInOptions.RedirectUri", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://crm.example.com/ccc/oauth/callback")] // http off loopback
    [InlineData("/ccc/oauth/callback")]
    [InlineData("https://crm.example.com/ccc/oauth/callback#x")]
    [InlineData("https://user:pw@crm.example.com/ccc/oauth/callback")]
    public async Task An_invalid_redirect_uri_fails_at_start(string uri)
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => OAuthSignInHost.StartAsync(o => o.RedirectUri = new Uri(uri, UriKind.RelativeOrAbsolute)));
        Assert.Contains(error.Failures, f => f.StartsWith("CccOAuthSignInOptions.RedirectUri", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_application_keeps_a_bounded_number_of_msal_applications_whatever_redirect_uris_it_is_given()
    {
        await using var issuer = await FakeOidcServer.StartAsync();
        var oauth = new CccOAuthApplication(new CccOAuthOptions
        {
            ClientId = FakeOidcServer.ClientId,
            ClientSecret = FakeOidcServer.ClientSecret,
            Issuer = issuer.Issuer,
            HttpClientFactory = new PinnedCertificateHttpClientFactory(issuer.Certificate),
        });

        for (int i = 0; i < 50; i++)
        {
            var request = await oauth.CreateAuthorizationRequestAsync(new Uri($"https://host{i}.example/callback"));
            Assert.Equal($"https://host{i}.example/callback", HttpUtility.ParseQueryString(request.AuthorizationUri.Query)["redirect_uri"]);
        }

        Assert.InRange(oauth.CachedApplicationCount, 1, 8);
    }
}
