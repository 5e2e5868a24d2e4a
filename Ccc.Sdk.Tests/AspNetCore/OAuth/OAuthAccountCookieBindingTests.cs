using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.AspNetCore.OAuth;

/// <summary>The account cookie belongs to one CRM user and expires: another user's session carrying it has no CCC account.</summary>
public sealed class OAuthAccountCookieBindingTests
{
    [Fact]
    public async Task A_session_of_another_crm_user_carrying_the_account_cookie_has_no_ccc_account_and_the_cookie_is_deleted()
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var user1 = host.NewBrowser();
        await user1.SignInToCrmAsync("user1");
        using (var callback = await user1.SignInToCccAsync("agent1@ccc-local"))
        {
            Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await user1.WhoAmIAsync());
        var stolen = user1.AccountCookie!;

        using var user2 = host.NewBrowser();
        await user2.SignInToCrmAsync("user2");
        user2.Cookies.Add(host.Address, new Cookie(stolen.Name, stolen.Value, "/"));

        using var response = await user2.Http.GetAsync("/whoami");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string deleted = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(stolen.Name + "=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", deleted, StringComparison.OrdinalIgnoreCase);
        Assert.Null(user2.AccountCookie);

        // user1 still has theirs.
        Assert.Equal(HttpStatusCode.OK, await user1.WhoAmIAsync());
    }

    [Fact]
    public async Task A_ccc_sign_in_without_a_crm_user_does_not_count_once_a_crm_user_signs_in()
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();
        (await browser.SignInToCccAsync()).Dispose();
        Assert.Equal(HttpStatusCode.OK, await browser.WhoAmIAsync());

        await browser.SignInToCrmAsync("user2");

        Assert.Equal(HttpStatusCode.Unauthorized, await browser.WhoAmIAsync());
    }

    [Fact]
    public async Task The_account_cookie_expires_with_its_sealed_lifetime_even_when_the_browser_keeps_sending_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await OAuthSignInHost.StartAsync(o => o.AccountLifetime = TimeSpan.FromHours(8), time);
        using var browser = host.NewBrowser();
        await browser.SignInToCrmAsync("user1");
        (await browser.SignInToCccAsync()).Dispose();
        Assert.Equal(HttpStatusCode.OK, await browser.WhoAmIAsync());

        time.Advance(TimeSpan.FromHours(8));

        Assert.Equal(HttpStatusCode.Unauthorized, await browser.WhoAmIAsync());
    }

    [Fact]
    public async Task SignOutCccOAuthAsync_on_crm_sign_out_drops_the_cookie_and_revokes_the_tokens()
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInToCrmAsync("user1");
        (await browser.SignInToCccAsync()).Dispose();
        Assert.NotNull(browser.AccountCookie);

        using (var logout = await browser.Http.PostAsync("/crm-logout", null))
        {
            Assert.True(logout.IsSuccessStatusCode);
        }

        Assert.Null(browser.AccountCookie);
        Assert.Equal(["refresh_token", "access_token"], host.Issuer.RevokedHints.ToArray());
        Assert.Empty(Assert.IsType<Ccc.Sdk.Auth.InMemoryCccTokenCacheStore>(host.OAuth.TokenCacheStore).Keys);
        await browser.SignInToCrmAsync("user1");
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.WhoAmIAsync());
    }

    [Fact]
    public async Task The_cookie_is_bound_to_the_crm_user_OnSignedIn_signs_in()
    {
        await using var host = await OAuthSignInHost.StartAsync(o => o.OnSignedIn = (context, result) => context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "crm-" + result.UserName)], CookieAuthenticationDefaults.AuthenticationScheme))));
        using var agent = host.NewBrowser();
        (await agent.SignInToCccAsync("agent2@ccc-local")).Dispose(); // no CRM user before: OnSignedIn makes one
        Assert.Equal(HttpStatusCode.OK, await agent.WhoAmIAsync());

        using var other = host.NewBrowser();
        await other.SignInToCrmAsync("someone-else");
        other.Cookies.Add(host.Address, new Cookie(agent.AccountCookie!.Name, agent.AccountCookie.Value, "/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await other.WhoAmIAsync());

        using var anonymous = host.NewBrowser();
        anonymous.Cookies.Add(host.Address, new Cookie(agent.AccountCookie!.Name, agent.AccountCookie.Value, "/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await anonymous.WhoAmIAsync());
    }

    [Fact]
    public async Task The_user_id_claim_can_be_chosen()
    {
        await using var host = await OAuthSignInHost.StartAsync(o => o.UserIdClaimType = System.Security.Claims.ClaimTypes.Name);
        using var user1 = host.NewBrowser();
        await user1.SignInToCrmAsync("user1");
        (await user1.SignInToCccAsync()).Dispose();
        Assert.Equal(HttpStatusCode.OK, await user1.WhoAmIAsync());

        using var user2 = host.NewBrowser();
        await user2.SignInToCrmAsync("user2");
        user2.Cookies.Add(host.Address, new Cookie(user1.AccountCookie!.Name, user1.AccountCookie.Value, "/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await user2.WhoAmIAsync());
    }
}
