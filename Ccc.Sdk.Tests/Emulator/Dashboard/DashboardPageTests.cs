using System.Buffers.Binary;
using System.Net;
using Ccc.Sdk.Tests.Browser;
using Ccc.Sdk.Tests.Emulator.Events;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Emulator.Dashboard;

/// <summary>
/// The live dashboard <c>/_emulator/</c> in headless Chromium against an in-process emulator on a fake clock: changes
/// made through the signed OpenAPI and the control API appear without a reload; then a screenshot of a realistic state
/// (docs/images/emulator-dashboard.png when <c>CCC_UPDATE_DOCS_IMAGES=1</c>).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardPageTests(ChromiumFixture chromium) : EventTestBase
{
    private const string Customer = "13800000007";
    private const string SecondCustomer = "13900000123";
    private const int WaitMs = 10_000;

    [Fact]
    public async Task An_agent_state_change_and_a_new_call_appear_without_a_reload_then_the_screenshot_is_taken()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        var response = await page.GotoAsync(new Uri(H.Emulator.Endpoint, "/_emulator/").ToString());
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);

        // The seeded agents show, offline; the stream is connected.
        foreach (var agent in (string[])[Agent1, Agent2, Agent3])
        {
            await page.WaitForSelectorAsync(AgentRow(agent, "OFFLINE"), new() { Timeout = WaitMs });
        }

        Assert.Equal("Alice Wang", (await page.Locator(AgentSelector(Agent1) + " .name").TextContentAsync())?.Trim());
        await page.WaitForSelectorAsync("#live.on", new() { Timeout = WaitMs });
        await page.EvaluateAsync("() => { window.__marker = 'same page'; }");

        // An agent's state changes through the signed OpenAPI (SignInGroup + ReadyForService): the page follows.
        await Ready(Agent1, Sales);
        await page.WaitForSelectorAsync(AgentRow(Agent1, "READY"), new() { Timeout = WaitMs });

        // A customer dials in (control API): the call appears in the calls in progress.
        await Settings("""{"queuingTimeoutSeconds":600}""");
        await AutoAnswer(Agent1);
        var talking = await Inbound(Customer, ShanghaiLine, $",\"skillGroupId\":\"{Sales}\"");
        await page.WaitForSelectorAsync(CallRow(talking), new() { Timeout = WaitMs });

        Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.__marker"));
        Assert.Equal("/_emulator/", await page.EvaluateAsync<string>("() => location.pathname"));

        // A realistic state for the screenshot: one agent talking, one ready, one on break, a call queued.
        // (Settle before each clock step: advancing the fake clock during a push would time that attempt out.)
        await Subscribe("AgentReady", "AgentBreak", "AgentTalk", "Enqueue", "Established", "Released");
        await Settle(1_000); // The auto-answer timer.
        await Ready(Agent2); // Signed in to no skill group: the sales call below waits in the queue.
        await Ok("SignInGroup", ("UserId", Agent3), ("DeviceId", "dev-" + Agent3), ("SignedSkillGroupIdList", $"[\"{Support}\"]"));
        await Ok("TakeBreak", ("UserId", Agent3), ("Code", "lunchtime"));
        await Settle(20_000);
        var queued = await Inbound(SecondCustomer, ShanghaiLine, $",\"skillGroupId\":\"{Sales}\"");
        await Settle(42_000);
        await Receiver.WaitUntilAsync(r => r.Accepted.Count >= 3, "pushed events");
        await Settle();

        await page.WaitForSelectorAsync(AgentRow(Agent1, "TALKING"), new() { Timeout = WaitMs });
        await page.WaitForSelectorAsync(AgentRow(Agent2, "READY"), new() { Timeout = WaitMs });
        await page.WaitForSelectorAsync(AgentRow(Agent3, "BREAK"), new() { Timeout = WaitMs });
        await page.WaitForSelectorAsync(CallRow(talking) + "[data-phase='Talking']", new() { Timeout = WaitMs });
        await page.WaitForSelectorAsync($"[data-queued='{queued}']", new() { Timeout = WaitMs });
        Assert.Contains("longest 42s", await page.Locator(".queue h3").TextContentAsync(), StringComparison.Ordinal);
        await page.WaitForFunctionAsync(
            "() => Number(document.querySelector(\"[data-counter='delivered'] .value\")?.textContent) >= 3", null, new() { Timeout = WaitMs });
        Assert.True(await page.Locator("[data-event='AgentBreak']").CountAsync() >= 1);
        Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.__marker"));
        Assert.Empty(scriptErrors);
        Assert.Equal(0, await page.Locator("main .error").CountAsync()); // Every list was read and drawn.

        // No secret on the page: not the subscription's webhook secrets, not the development AccessKeySecret.
        var content = await page.ContentAsync();
        foreach (var secret in (string[])[.. await Secrets(), H.Emulator.AccessKeySecret])
        {
            Assert.DoesNotContain(secret, content, StringComparison.Ordinal);
        }

        var png = await page.ScreenshotAsync(new() { FullPage = true });
        AssertNonTrivialPng(png);
        await Ccc.Sdk.Tests.Browser.DocsImages.SaveAsync("emulator-dashboard.png", png);
    }

    [Fact]
    public async Task The_page_runs_only_its_own_script_under_a_policy_that_forbids_inline_script()
    {
        using var page = await H.Http.GetAsync("/_emulator/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"dashboard.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = H.Emulator.Endpoint };
        using var redirect = await noRedirects.GetAsync("/_emulator");
        Assert.Equal((HttpStatusCode.Found, "/_emulator/"), (redirect.StatusCode, redirect.Headers.Location?.OriginalString));

        foreach (var (path, mediaType) in new[] { ("/_emulator/dashboard.js", "text/javascript"), ("/_emulator/dashboard.css", "text/css") })
        {
            using var asset = await H.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(mediaType, asset.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Assert.Single(asset.Headers.GetValues("X-Content-Type-Options")));
            var text = await asset.Content.ReadAsStringAsync();
            Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("@import", text, StringComparison.Ordinal);
        }

        // The script draws wire text as text: no innerHTML, outerHTML, insertAdjacentHTML or document.write.
        var script = await H.Http.GetStringAsync("/_emulator/dashboard.js");
        foreach (var sink in (string[])["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("])
        {
            Assert.DoesNotContain(sink, script, StringComparison.Ordinal);
        }

        var (post, body) = await Control(HttpMethod.Post, "/_emulator/");
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "MethodNotAllowed"), (post, Str(body, "Code")));
        var (query, _) = await Control(HttpMethod.Get, "/_emulator/?x=1");
        Assert.Equal(HttpStatusCode.BadRequest, query);
    }

    [Fact]
    public async Task The_page_is_refused_for_a_foreign_host_or_origin()
    {
        using var foreignHost = new HttpRequestMessage(HttpMethod.Get, "/_emulator/");
        foreignHost.Headers.Host = "dashboard.attacker.example";
        using var refusedHost = await H.Http.SendAsync(foreignHost);
        Assert.Equal(HttpStatusCode.Forbidden, refusedHost.StatusCode);
        Assert.DoesNotContain("<html", await refusedHost.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        using var foreignOrigin = new HttpRequestMessage(HttpMethod.Get, "/_emulator/dashboard.js");
        foreignOrigin.Headers.Add("Origin", "https://attacker.example");
        using var refusedOrigin = await H.Http.SendAsync(foreignOrigin);
        Assert.Equal(HttpStatusCode.Forbidden, refusedOrigin.StatusCode);
    }

    private async Task<IBrowserContext> NewContextAsync() =>
        await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            DeviceScaleFactor = 1,
            TimezoneId = "UTC",
            Locale = "en-US",
        });

    private static string AgentSelector(string userId) => $"[data-agent='{userId}']";

    private static string AgentRow(string userId, string state) => $"{AgentSelector(userId)}[data-state='{state}']";

    private static string CallRow(string contactId) => $"[data-call='{contactId}']";

    /// <summary>A PNG (signature, IHDR) of a plausible page size with enough bytes to hold a drawn page.</summary>
    internal static void AssertNonTrivialPng(byte[] png)
    {
        Assert.True(png.Length > 20_000, $"The screenshot is only {png.Length} bytes.");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
        Assert.True(width >= 1000 && height >= 600, $"The screenshot is {width}x{height}.");
    }
}
