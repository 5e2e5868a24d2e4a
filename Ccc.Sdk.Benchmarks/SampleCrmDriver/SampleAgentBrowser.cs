using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace Ccc.Sdk.Benchmarks.SampleCrmDriver;

/// <summary>
/// One agent signed in to the sample CRM in headless Chromium (<c>/usr/bin/chromium</c> or <c>CCC_CHROMIUM</c>, the
/// browser tests' flags), with an <see cref="HttpClient"/> that carries the page's sign-in cookie for the CRM's own API
/// (<c>GET /api/screen-pops</c> answers the agent's own pops only). Shared by the latency runs.
/// </summary>
internal sealed partial class SampleAgentBrowser : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    private SampleAgentBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        Page = page;
        Crm = new HttpClient();
    }

    /// <summary>Launch arguments of the headless Chromium (the same as the browser tests').</summary>
    public static IReadOnlyList<string> ChromiumArguments { get; } =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
    ];

    /// <summary>The agent's page (on <c>/customers</c> after sign-in).</summary>
    public IPage Page { get; }

    /// <summary>The CRM's API with the page's sign-in cookie; its base address is the CRM's.</summary>
    public HttpClient Crm { get; private set; }

    /// <summary>Launches Chromium and signs the agent in through the CRM's picker form.</summary>
    /// <param name="sample">The CRM's address.</param>
    /// <param name="agentUserId">The agent, e.g. <c>agent1@ccc-local</c>.</param>
    /// <returns>The signed-in browser.</returns>
    public static async Task<SampleAgentBrowser> SignInAsync(Uri sample, string agentUserId)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        IBrowser browser;
        IBrowserContext context;
        IPage page;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("CCC_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
                Headless = true,
                Args = ChromiumArguments,
            }).ConfigureAwait(false);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }

        try
        {
            context = await browser.NewContextAsync().ConfigureAwait(false);
            page = await context.NewPageAsync().ConfigureAwait(false);
        }
        catch
        {
            await browser.DisposeAsync().ConfigureAwait(false);
            playwright.Dispose();
            throw;
        }

        var session = new SampleAgentBrowser(playwright, browser, context, page);
        try
        {
            await SignInAsync(page, sample, agentUserId).ConfigureAwait(false);
            var cookies = new CookieContainer();
            foreach (var cookie in await context.CookiesAsync([sample.ToString()]).ConfigureAwait(false))
            {
                cookies.Add(sample, new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
            }

            session.Crm.Dispose();
            session.Crm = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = sample, Timeout = Patience };
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Presses "Go on duty" and waits until the softphone is READY.</summary>
    /// <returns>A task.</returns>
    public async Task GoOnDutyAsync()
    {
        await Page.Locator("#softphone-register").ClickAsync(new LocatorClickOptions { Timeout = 30_000 }).ConfigureAwait(false);
        await WaitForReadyAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until the softphone shows READY (<c>#softphone[data-status='3']</c>).</summary>
    /// <returns>A task.</returns>
    public Task WaitForReadyAsync() =>
        Page.Locator("#softphone[data-status='3']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

    /// <summary>
    /// Polls <c>GET /api/screen-pops</c> until the CRM's CallComing/CallDialing handler logged the call, and answers the
    /// time it stamped (Unix milliseconds).
    /// </summary>
    /// <param name="jobId">The call.</param>
    /// <returns>The handler's stamp.</returns>
    /// <exception cref="TimeoutException">No screen-pop for the call within 30 s.</exception>
    public async Task<double> WaitForScreenPopAsync(string jobId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            using var pops = JsonDocument.Parse(await Crm.GetStringAsync(new Uri("/api/screen-pops", UriKind.Relative)).ConfigureAwait(false));
            foreach (var pop in pops.RootElement.EnumerateArray())
            {
                if (pop.GetProperty("jobId").GetString() == jobId)
                {
                    return pop.GetProperty("handledAtUnixMs").GetDouble();
                }
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        throw new TimeoutException($"The CRM's CallComing handler did not run for call {jobId} within {Patience.TotalSeconds} s.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Crm.Dispose();
        await _context.DisposeAsync().ConfigureAwait(false);
        await _browser.DisposeAsync().ConfigureAwait(false);
        _playwright.Dispose();
    }

    /// <summary>
    /// Signs the agent in through the CRM's form. It waits for the form post's own answer (a redirect; any other answer
    /// fails at once), then polls for <c>/customers</c> showing the agent signed in. It never calls
    /// <c>WaitForURLAsync</c>: Playwright for .NET checks the URL and then subscribes to the load-state event, and when
    /// the page loads in between, the event is lost and the call times out (microsoft/playwright-dotnet issue 3364) —
    /// what made one run in two time out after "Sign in".
    /// </summary>
    private static async Task SignInAsync(IPage page, Uri sample, string agentUserId)
    {
        await page.GotoAsync(new Uri(sample, "/sign-in?returnUrl=%2Fcustomers").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded }).ConfigureAwait(false);
        await page.SelectOptionAsync("#sign-in-agent", agentUserId).ConfigureAwait(false);
        var posted = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#sign-in button[type=submit]"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/account/sign-in", StringComparison.Ordinal)).ConfigureAwait(false);
        if (posted.Status != (int)HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {agentUserId} answered {posted.Status}: {await posted.TextAsync().ConfigureAwait(false)}");
        }

        await Assertions.Expect(page).ToHaveURLAsync(CustomersUrl(), new PageAssertionsToHaveURLOptions { Timeout = 30_000 }).ConfigureAwait(false);
        await page.Locator("#sign-out").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 }).ConfigureAwait(false);
    }

    [System.Text.RegularExpressions.GeneratedRegex("/customers$")]
    private static partial System.Text.RegularExpressions.Regex CustomersUrl();
}
