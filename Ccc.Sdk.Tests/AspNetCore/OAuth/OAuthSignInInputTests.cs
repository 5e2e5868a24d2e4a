using System.Net;
using System.Text;
using System.Web;

namespace Ccc.Sdk.Tests.AspNetCore.OAuth;

/// <summary>Hostile input to the sign-in endpoints: odd return URLs, oversized callback forms, cross-site sign-outs, log injection.</summary>
public sealed class OAuthSignInInputTests
{
    [Theory]
    [InlineData("/é", "/%C3%A9")]
    [InlineData("/desk/ünïcode?q=✓", "/desk/%C3%BCn%C3%AFcode?q=%E2%9C%93")]
    [InlineData("/a b", "/a%20b")]
    [InlineData("/\U0001F600", "/%F0%9F%98%80")]
    [InlineData("/ok\\x", "/ok%5Cx")]
    [InlineData("/\u0085next", "/")] // a C1 control character
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task A_return_url_is_encoded_for_the_location_header_or_replaced_by_the_default_never_a_500(string returnUrl, string expected)
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();

        using var callback = await browser.SignInToCccAsync(returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(expected, callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_return_url_with_a_lone_surrogate_or_invalid_utf8_falls_back_to_the_default()
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();

        using var login = await browser.Http.GetAsync("/ccc/oauth/login?returnUrl=/%ED%A0%80x%FF");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var callback = await browser.Http.GetAsync(await host.IssuerRedirectAsync(login.Headers.Location!));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.StartsWith("/", callback.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(callback.Headers.Location.OriginalString.All(char.IsAscii));
    }

    [Fact]
    public async Task Logout_with_a_non_ascii_return_url_redirects_encoded()
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/oauth/logout?returnUrl=" + Uri.EscapeDataString("/é"));
        request.Headers.Add("Origin", host.Origin);

        using var logout = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/%C3%A9", logout.Headers.Location!.OriginalString);
    }

    public static TheoryData<string> OversizedForms => ["too many fields", "too long a value", "too long a body"];

    [Theory]
    [MemberData(nameof(OversizedForms))]
    public async Task A_callback_form_over_the_limits_is_400(string what)
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();
        string form = what switch
        {
            "too many fields" => string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=x")),
            "too long a value" => "state=" + new string('s', 40_000),
            _ => string.Join('&', Enumerable.Range(0, 30).Select(i => $"f{i}=" + new string('v', 10_000))),
        };

        using var callback = await browser.Http.PostAsync("/ccc/oauth/callback", new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
    }

    public static TheoryData<string?, string?> CrossSite => new()
    {
        { "https://evil.example", null },
        { "https://evil.example", "cross-site" },
        { "null", null },
        { null, null },
        { null, "cross-site" },
        { null, "same-site" },
    };

    [Theory]
    [MemberData(nameof(CrossSite))]
    public async Task A_cross_site_logout_is_refused_and_the_account_kept(string? origin, string? fetchSite)
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInToCrmAsync("user1");
        (await browser.SignInToCccAsync()).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/oauth/logout");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var logout = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, logout.StatusCode);
        Assert.Empty(host.Issuer.RevokedHints);
        Assert.Equal(HttpStatusCode.OK, await browser.WhoAmIAsync());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_same_origin_logout_signs_out(bool origin, bool fetchSite)
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();
        await browser.SignInToCrmAsync("user1");
        (await browser.SignInToCccAsync()).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/oauth/logout");
        if (origin)
        {
            request.Headers.Add("Origin", host.Origin);
        }

        if (fetchSite)
        {
            request.Headers.Add("Sec-Fetch-Site", "same-origin");
        }

        using var logout = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(2, host.Issuer.RevokedHints.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.WhoAmIAsync());
    }

    [Fact]
    public async Task With_antiforgery_a_logout_carrying_the_apps_token_signs_out_and_one_without_is_refused()
    {
        await using var host = await OAuthSignInHost.StartAsync(antiforgery: true);
        using var browser = host.NewBrowser();
        await browser.SignInToCrmAsync("user1");
        (await browser.SignInToCccAsync()).Dispose();

        using (var forged = await browser.Http.PostAsync("/ccc/oauth/logout", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        string token = await browser.Http.GetStringAsync("/antiforgery-token");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/oauth/logout");
        request.Headers.Add("RequestVerificationToken", token);
        using var logout = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.WhoAmIAsync());
    }

    [Fact]
    public async Task The_callbacks_error_reaches_the_log_without_control_characters_and_cut_short()
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();
        using var login = await browser.Http.GetAsync("/ccc/oauth/login");
        string state = HttpUtility.ParseQueryString(login.Headers.Location!.Query)["state"]!;
        string error = "access_denied\r\n2026-12-04 WARN forged line\u001b[31m\u202e" + new string('x', 500);

        using var callback = await browser.Http.GetAsync($"/ccc/oauth/callback?state={Uri.EscapeDataString(state)}&error={Uri.EscapeDataString(error)}");

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        var failed = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1);
        Assert.DoesNotContain(failed.Message, c => char.IsControl(c) || c == '\u202e');
        string reason = Assert.IsType<string>(failed.StructuredState!.Single(p => p.Key == "Reason").Value);
        Assert.Equal(65, reason.Length);
        Assert.StartsWith("access_denied2026-12-04 WARN forged line[31m", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_callbacks_are_logged_at_most_ten_a_minute_then_logging_pauses()
    {
        await using var host = await OAuthSignInHost.StartAsync();
        using var browser = host.NewBrowser();

        for (int i = 0; i < 15; i++)
        {
            using var login = await browser.Http.GetAsync("/ccc/oauth/login");
            string state = HttpUtility.ParseQueryString(login.Headers.Location!.Query)["state"]!;
            using var callback = await browser.Http.GetAsync($"/ccc/oauth/callback?state={Uri.EscapeDataString(state)}&error=access_denied");
            Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        }

        var logs = host.Logs.GetSnapshot();
        Assert.Equal(10, logs.Count(r => r.Id.Id == 1));
        Assert.Single(logs, r => r.Id.Id == 4);
    }
}
