using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>The sample CRM's softphone bar (<c>#softphone</c>, its <c>data-status</c> and its buttons), as the browser
/// tests drive it.</summary>
internal static class SoftphoneBar
{
    private const int Ready = 3;

    /// <summary>
    /// Brings the agent back to Ready (status 3) from after-call work (5) or a break (2), and waits for it. After-call
    /// work also ends by itself (the emulator's <c>afterCallWorkSeconds</c>, 15 s by default), so the
    /// Ready button can go between the test seeing it and clicking it: the click is short and tried again while the bar
    /// is not Ready, and a button gone meanwhile is not a failure — only the bar never showing Ready is.
    /// </summary>
    /// <param name="page">The agent's page.</param>
    /// <param name="timeoutMs">How long the bar may take to show Ready.</param>
    /// <param name="describe">What to add to the failure's message (console, the sample's output).</param>
    public static async Task ReadyAgainAsync(IPage page, int timeoutMs, Func<Task<string>>? describe = null)
    {
        var ready = page.Locator($"#softphone[data-status='{Ready}']");
        var button = page.Locator("#softphone-ready");
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (await ready.CountAsync() == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                string status = await page.Locator("#softphone").GetAttributeAsync("data-status") ?? "(none)";
                string more = describe is null ? "" : "\n" + await describe();
                throw new TimeoutException($"The softphone bar did not come back to Ready within {timeoutMs} ms (it shows status {status}).{more}");
            }

            if (await button.CountAsync() > 0)
            {
                try
                {
                    await button.ClickAsync(new() { Timeout = 2_000 });
                }
                catch (Exception e) when (e is TimeoutException or PlaywrightException)
                {
                    // Gone before the click landed: after-call work ended on its own; the loop looks again.
                }
            }

            try
            {
                await Assertions.Expect(ready).ToBeVisibleAsync(new() { Timeout = 1_000 });
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                // Not yet (still registering, or the click went out before the status did): look again.
            }
        }
    }
}
