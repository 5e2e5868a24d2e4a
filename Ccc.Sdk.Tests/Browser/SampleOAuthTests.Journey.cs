using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The sample CRM's whole day of an agent in one browser session, signed in through OAuth2 (the emulator's sign-in
/// page, its certificate trusted by SPKI): on duty, a seeded customer calls from a number written in another notation,
/// their card pops, the agent answers, writes a note and hangs up, and the call shows on the card with its duration and
/// the note (fed by the CDRReady webhook); an unknown caller gets the new-contact form; click-to-call from the
/// softphone pops the callee's card; a double call rings the agent's own mobile, then the customer.
/// </summary>
public sealed partial class SampleOAuthTests
{
    private const int Wait = 20_000;
    private const int RecordWait = 60_000;

    [Fact]
    public async Task An_agent_signed_in_through_OAuth2_takes_a_call_with_its_card_and_note_meets_an_unknown_caller_calls_out_and_starts_a_double_call()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        await context.GrantPermissionsAsync(["microphone"]);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);

        // Sign in with Alibaba Cloud: the CRM → the emulator's sign-in page → agent3 → back on the CRM.
        await page.GotoAsync(new Uri(Sample.Address, "/sign-in?returnUrl=%2Fcustomers").ToString());
        await page.ClickAsync("#oauth-sign-in");
        var agent3 = page.Locator("button[name='login_hint'][value='agent3@ccc-local']");
        await Assertions.Expect(agent3).ToBeVisibleAsync(new() { Timeout = Wait });
        await agent3.ClickAsync();
        await Assertions.Expect(page.Locator("#agent")).ToHaveTextAsync("agent3@ccc-local", new() { Timeout = Wait });

        // Go on duty, ready.
        await page.Locator("#softphone-register").ClickAsync(new() { Timeout = Wait });
        await StatusAsync(page, 3);
        await DocsImages.SaveAsync("sample-crm.png", await page.ScreenshotAsync());

        // Zhou Min (c-1002, 13912345678) calls from +86 as the network may present it: her card pops.
        string contactId = await Sample.DialInAsync("8613912345678", "agent3");
        var pop = page.Locator($"#screen-pop[data-job='{contactId}'][data-customer='c-1002']");
        await Assertions.Expect(pop.Locator(".customer-name")).ToHaveTextAsync("Zhou Min", new() { Timeout = Wait });
        await Assertions.Expect(pop.Locator("#customer-card[data-customer='c-1002']")).ToBeVisibleAsync(new() { Timeout = Wait });

        // Answer, write a note during the call, hang up.
        await page.ClickAsync("#softphone-answer");
        await StatusAsync(page, 9);
        const string note = "Asked to move Tuesday's delivery to Thursday morning.";
        await page.FillAsync("#note-text", note);
        await page.ClickAsync("#note-save");
        await Assertions.Expect(pop.Locator(".notes li", new() { HasText = note })).ToHaveAttributeAsync("data-contact", contactId, new() { Timeout = Wait });
        await Task.Delay(1200);
        await page.ClickAsync("#softphone-hang-up");

        // The call reaches the card through the webhook path (CDRReady → the CRM's history), with its duration and the note.
        var row = pop.Locator($"#customer-card .recent-calls tr[data-contact='{contactId}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = RecordWait });
        await Assertions.Expect(row.Locator(".duration")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0:0[1-9]$|^0:[1-5]\d$"));
        await Assertions.Expect(row.Locator(".note")).ToContainTextAsync(note);
        await ReadyAsync(page);

        // An unknown caller: the new-contact form, filled with their number (a call the agent rejects goes back to the
        // queue and rings again, so the agent answers and hangs up).
        string stranger = "1370001" + Random.Shared.Next(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string unknown = await Sample.DialInAsync(stranger, "agent3");
        var form = page.Locator($"#screen-pop[data-job='{unknown}'][data-customer=''] #new-contact-form");
        await Assertions.Expect(form).ToBeVisibleAsync(new() { Timeout = Wait });
        await Assertions.Expect(form.Locator("input[name=phone]")).ToHaveValueAsync(stranger);
        await page.ClickAsync("#softphone-answer");
        await StatusAsync(page, 9);
        await page.ClickAsync("#softphone-hang-up");
        await ReadyAsync(page);

        // Click-to-call from the customers list, through the browser softphone: CallDialing pops Wu Jing's card.
        await page.ClickAsync("#c-1004 .softphone-call");
        var dialled = page.Locator("#screen-pop[data-customer='c-1004']");
        await Assertions.Expect(dialled.Locator(".customer-name")).ToHaveTextAsync("Wu Jing", new() { Timeout = Wait });
        await page.ClickAsync("#softphone-hang-up");
        await ReadyAsync(page);

        // Double call: the call center rings agent3's own mobile, then Sun Hao, and bridges them.
        await page.GotoAsync(new Uri(Sample.Address, "/double-call").ToString());
        await Assertions.Expect(page.Locator("#agent-phone")).ToHaveTextAsync("18600000003", new() { Timeout = Wait });
        // The form is enabled once the page is live (the server's first render has no circuit to take a choice).
        await Assertions.Expect(page.Locator("#start:not([disabled])")).ToBeVisibleAsync(new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("#customer option[value='c-1003']")).ToHaveCountAsync(1, new() { Timeout = Wait });
        await page.SelectOptionAsync("#customer", "c-1003");
        await Assertions.Expect(page.Locator("#customer")).ToHaveValueAsync("c-1003");
        await page.ClickAsync("#start");
        var job = page.Locator(".job-id");
        await Assertions.Expect(job).ToBeVisibleAsync(new() { Timeout = Wait });
        string doubleCall = (await job.InnerTextAsync()).Trim();
        await Sample.WaitForEstablishedLegsAsync(doubleCall, 2);

        // The emulator's view of the live call: agent3's mobile and Sun Hao's landline, bridged.
        string live = (await Sample.Http.GetFromJsonAsync<JsonElement>(new Uri(Sample.EmulatorAddress, $"/_emulator/calls/{doubleCall}"))).ToString();
        Assert.Contains("18600000003", live, StringComparison.Ordinal);
        Assert.True(live.Contains("01062345678", StringComparison.Ordinal), live);

        // "Hang up both" ends it: the emulator no longer has it in progress.
        await page.ClickAsync("#hang-up");
        var deadline = DateTime.UtcNow.AddMilliseconds(Wait);
        while (true)
        {
            using var response = await Sample.Http.GetAsync(new Uri(Sample.EmulatorAddress, $"/_emulator/calls/{doubleCall}"));
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The double call {doubleCall} was still in progress after \"Hang up both\".");
            await Task.Delay(200);
        }
    }


    /// <summary>Back to Ready after a call: the agent is left in after-call work (which the emulator also ends by itself
    /// after its <c>afterCallWorkSeconds</c>) or on a break.</summary>
    private static Task ReadyAsync(IPage page) => SoftphoneBar.ReadyAgainAsync(page, Wait);

    private static Task StatusAsync(IPage page, params int[] codes) =>
        Assertions.Expect(page.Locator(string.Join(", ", codes.Select(c => $"#softphone[data-status='{c}']")))).ToBeVisibleAsync(new() { Timeout = Wait });
}
