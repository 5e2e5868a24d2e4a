using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ccc.Sdk.Tests.Samples;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// "Sign in with Alibaba Cloud" in the sample CRM, in Chromium, on the embedded emulator's OAuth2 server: the browser
/// goes to the emulator's sign-in page over HTTPS, trusting exactly the emulator's certificate (the one the sample keeps
/// in its data directory) through <c>--ignore-certificate-errors-spki-list</c> — never all certificate errors — and
/// comes back signed in; the softphone and the call features then act with the agent's own STS keys (the emulator's
/// API log names the key of each call), and signing out revokes them at the issuer.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SampleOAuthTests(SampleOAuthFixture fixture) : IClassFixture<SampleOAuthFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private SampleProcess Sample => fixture.Sample;

    [Fact]
    public async Task An_agent_signs_in_through_the_emulators_page_works_with_its_own_keys_and_signing_out_revokes_them()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        await context.GrantPermissionsAsync(["microphone"]);
        var page = await context.NewPageAsync();

        // The CRM's sign-in page → "Sign in with Alibaba Cloud" → the emulator's page (HTTPS, its own origin).
        await page.GotoAsync(new Uri(Sample.Address, "/sign-in?returnUrl=%2Fcustomers").ToString());
        await page.ClickAsync("#oauth-sign-in");
        var agent1 = page.Locator("button[name='login_hint'][value='agent1@ccc-local']");
        await Assertions.Expect(agent1).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.StartsWith(fixture.Issuer.GetLeftPart(UriPartial.Authority) + "/", page.Url, StringComparison.Ordinal);

        // Choose agent1 → back on the CRM, signed in as agent1.
        await agent1.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(CustomersUrl());
        await Assertions.Expect(page.Locator("#sign-out")).ToHaveTextAsync("Sign out Alice Wang");
        await Assertions.Expect(page.Locator("#agent")).ToHaveTextAsync("agent1@ccc-local");
        await Assertions.Expect(page.Locator("#account-role")).ToHaveAttributeAsync("data-role", "agent");

        // "Go on duty": the softphone reaches Ready through the proxy, which forwards with agent1's own STS keys.
        int mark = Sample.Output.Count;
        await page.Locator("#softphone-register").ClickAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#softphone[data-status='3']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var ready = await ApiLinesAsync(mark, "ReadyForService");
        Assert.All(ready, line => Assert.Matches(StsKey(), line));

        // Click-to-call from /customers: MakeCall as agent1, with agent1's keys (AgentClients), not the CRM's AccessKey.
        mark = Sample.Output.Count;
        await page.ClickAsync("#c-1002 .call");
        await Assertions.Expect(page.Locator(".job-id")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var made = await ApiLinesAsync(mark, "MakeCall");
        Assert.All(made, line => Assert.Matches(StsKey(), line));
        await page.ClickAsync("#hang-up");

        // Sign out. Keep the browser's cookies first: replayed, they show the agent's keys no longer work.
        var cookies = await context.CookiesAsync();
        await SampleSignIn.SignOutAsync(page);

        await using var replay = await fixture.Browser.NewContextAsync();
        await replay.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite }));
        var stale = await replay.NewPageAsync();
        await stale.GotoAsync(new Uri(Sample.Address, "/history").ToString());
        string token = (await stale.Locator("form[action='account/sign-out'] input[name='__RequestVerificationToken']").GetAttributeAsync("value"))!;

        // The proxy still holds agent1's STS keys: the issuer revoked them, so the emulator refuses them.
        var proxied = await stale.EvaluateAsync<JsonElement>(
            """
            async token => {
              const r = await fetch('/ccc/workbench-api?action=GetLoginDetails&product=CloudCallCenter&version=2020-07-01&region=cn-shanghai', {
                method: 'POST',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'RequestVerificationToken': token },
                body: 'request=' + encodeURIComponent('{}') });
              return { status: r.status, body: await r.text() };
            }
            """,
            token);
        Assert.Equal(400, proxied.GetProperty("status").GetInt32());
        Assert.Contains("InvalidSecurityToken.Expired", proxied.GetProperty("body").GetString(), StringComparison.Ordinal);

        // The CRM's own call features have forgotten the agent's tokens: sign in again, never the CRM's keys instead.
        var call = await stale.EvaluateAsync<JsonElement>(
            """
            async () => {
              const r = await fetch('/api/calls', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ customerId: 'c-1002' }) });
              return { status: r.status, body: await r.text() };
            }
            """);
        Assert.Equal(401, call.GetProperty("status").GetInt32());
        Assert.Contains("Crm.CccSignInRequired", call.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisor_signs_in_the_same_way_and_gets_the_supervisor_role_from_the_instance()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(Sample.Address, "/sign-in?returnUrl=%2Fhistory").ToString());
        await page.ClickAsync("#oauth-sign-in");
        var supervisor = page.Locator("button[name='login_hint'][value='supervisor@ccc-local']");
        await Assertions.Expect(supervisor).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await supervisor.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(HistoryUrl());
        await Assertions.Expect(page.Locator("#account-role")).ToHaveAttributeAsync("data-role", "supervisor");
        await SampleSignIn.SignOutAsync(page);
    }

    [Fact]
    public async Task A_browser_that_trusts_another_certificate_cannot_load_the_emulators_sign_in_page()
    {
        // Same Chromium, same arguments, but the SPKI of a certificate the emulator does not serve.
        using var other = CreateOtherCertificate();
        await using var browser = await fixture.LaunchAsync(SampleOAuthFixture.Spki(other));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Sample.Address, "/sign-in").ToString());

        var failure = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync(new Uri(Sample.Address, "/ccc/oauth/login?returnUrl=%2Fcustomers").ToString()));
        Assert.Contains("ERR_CERT", failure.Message, StringComparison.Ordinal);

        // The trusting browser loads the very same address.
        await using var trusting = await fixture.Browser.NewContextAsync();
        var ok = await trusting.NewPageAsync();
        await ok.GotoAsync(new Uri(Sample.Address, "/ccc/oauth/login?returnUrl=%2Fcustomers").ToString());
        await Assertions.Expect(ok.Locator("button[name='login_hint'][value='agent1@ccc-local']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    /// <summary>The emulator's API log lines (<c>{Action} key={AccessKeyId} …</c>) of <paramref name="action"/> written after <paramref name="mark"/>; at least one.</summary>
    private async Task<IReadOnlyList<string>> ApiLinesAsync(int mark, string action)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var lines = Sample.Output.Skip(mark).Select(l => l.Trim()).Where(l => l.StartsWith(action + " key=", StringComparison.Ordinal)).ToList();
            if (lines.Count > 0 || DateTime.UtcNow > deadline)
            {
                Assert.True(lines.Count > 0, $"The emulator logged no {action} call.");
                return lines;
            }

            await Task.Delay(100);
        }
    }

    private static X509Certificate2 CreateOtherCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Ccc.Sdk.Emulator", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    [GeneratedRegex(@"^MakeCall key=STS\.|^ReadyForService key=STS\.")]
    private static partial Regex StsKey();

    [GeneratedRegex("/customers$")]
    private static partial Regex CustomersUrl();

    [GeneratedRegex("/history$")]
    private static partial Regex HistoryUrl();
}

/// <summary>
/// The sample CRM (its own process, embedded emulator, the emulator's API log on) and a Chromium that trusts exactly
/// the emulator's HTTPS certificate, read from the sample's data directory (<c>emulator-https.pfx</c>).
/// </summary>
public sealed partial class SampleOAuthFixture : IAsyncLifetime
{
    private SampleProcess? _sample;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    internal SampleProcess Sample => _sample ?? throw new InvalidOperationException("The sample has not started.");

    /// <summary>The Chromium that trusts the emulator's certificate (by its SPKI).</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not started.");

    /// <summary>The emulator's OAuth2 issuer, from the sample's start-up line.</summary>
    public Uri Issuer { get; private set; } = null!;

    /// <summary>The base64 SHA-256 of a certificate's SubjectPublicKeyInfo (Chromium's SPKI list format).</summary>
    public static string Spki(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    public async Task InitializeAsync()
    {
        _sample = await SampleProcess.StartAsync(environment: new Dictionary<string, string> { ["Crm__EmulatorApiLog"] = "true" });
        string line = Sample.Output.First(l => l.Contains("Its OAuth2 sign-in page is on ", StringComparison.Ordinal));
        Issuer = new Uri(IssuerInLine().Match(line).Groups[1].Value);
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(Sample.DataDirectory, "emulator-https.pfx"), null);
        _playwright = await Playwright.CreateAsync();
        _browser = await LaunchAsync(Spki(certificate));
    }

    /// <summary>Launches Chromium with the browser tests' arguments, trusting only the certificate of <paramref name="spki"/> besides the system's.</summary>
    public Task<IBrowser> LaunchAsync(string spki) =>
        _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFixture.ExecutablePath,
            Headless = true,
            Args = [.. ChromiumFixture.Arguments, "--ignore-certificate-errors-spki-list=" + spki],
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_sample is not null)
        {
            await _sample.DisposeAsync();
        }
    }

    [GeneratedRegex(@"sign-in page is on (https://\S+?),")]
    private static partial Regex IssuerInLine();
}
