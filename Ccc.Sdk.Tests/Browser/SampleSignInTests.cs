using System.Diagnostics;
using Ccc.Sdk.Tests.Samples;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The sample CRM's sign-in form in Chromium, over and over in one browser: the softphone latency run once never
/// reached <c>/customers</c> after "Sign in" (it waited for the <c>load</c> event of a page whose softphone scripts
/// the Blazor circuit inserts at a racy moment, after a click on a sign-in page that was itself starting a circuit).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SampleSignInTests(ChromiumFixture chromium, SampleCrmFixture fixture, ITestOutputHelper output) : IClassFixture<SampleCrmFixture>
{
    private SampleProcess Sample => fixture.Sample;

    [Fact]
    public async Task Signing_in_and_out_twenty_times_in_a_row_lands_signed_in_on_customers_and_signed_out_on_the_sign_in_page()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var clock = Stopwatch.StartNew();
        (string Agent, string Name)[] agents = [("agent1@ccc-local", "Alice Wang"), ("agent2@ccc-local", "Bob Li")];

        for (int i = 0; i < 20; i++)
        {
            var (agent, name) = agents[i % 2];
            await SampleSignIn.SignInAsync(page, Sample.Address, agent);
            Assert.EndsWith("/customers", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("#sign-out")).ToHaveTextAsync($"Sign out {name}");
            await Assertions.Expect(page.Locator("#agent")).ToHaveTextAsync(agent);

            await SampleSignIn.SignOutAsync(page);
            Assert.EndsWith("/sign-in", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("#sign-out")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("#sign-in-link")).ToBeVisibleAsync();
        }

        output.WriteLine($"20 sign-ins and sign-outs in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Took {clock.Elapsed}.");
    }
}

/// <summary>Signs the sample CRM's page in and out the way a user does, waiting on what each step really does.</summary>
internal static class SampleSignIn
{
    /// <summary>
    /// Opens <c>/sign-in</c>, picks the agent, presses "Sign in" and waits for the form post's answer (a redirect; any
    /// other answer fails at once, with its body), then for <c>/customers</c> to be shown signed in. It does not wait
    /// for the page's <c>load</c> event: that depends on the softphone scripts the circuit adds to the page.
    /// </summary>
    public static async Task SignInAsync(IPage page, Uri sample, string agentId)
    {
        await page.GotoAsync(new Uri(sample, "/sign-in?returnUrl=%2Fcustomers").ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.SelectOptionAsync("#sign-in-agent", agentId);
        var posted = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#sign-in button[type=submit]"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/account/sign-in", StringComparison.Ordinal));
        if (posted.Status != 302)
        {
            throw new InvalidOperationException($"Signing in as {agentId} answered {posted.Status}: {await posted.TextAsync()}");
        }

        await page.WaitForURLAsync("**/customers", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
    }

    /// <summary>Presses "Sign out" and waits for the sign-in page.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        var posted = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#sign-out"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/account/sign-out", StringComparison.Ordinal));
        if (posted.Status != 302)
        {
            throw new InvalidOperationException($"Signing out answered {posted.Status}: {await posted.TextAsync()}");
        }

        await page.WaitForURLAsync("**/sign-in", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
    }
}
