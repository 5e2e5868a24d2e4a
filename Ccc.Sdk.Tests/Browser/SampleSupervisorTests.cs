using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Tests.Samples;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The sample CRM's supervisor view in Chromium (its own sample process, so today's figures start from nothing): the
/// wallboard follows the calls placed through the webhook path without a reload, a supervisor listens and whispers on
/// a live call (MonitorCall, CoachCall), an agent gets no supervisor page, and the scripted busy morning fills the view
/// (the screenshot docs/images/sample-supervisor.png is taken then).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SampleSupervisorTests(ChromiumFixture chromium, SampleCrmFixture fixture) : IClassFixture<SampleCrmFixture>
{
    private const string Supervisor = "supervisor@ccc-local";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private SampleProcess Sample => fixture.Sample;

    [Fact]
    public async Task The_wallboard_follows_the_calls_placed_without_a_reload_and_the_supervisor_listens_and_whispers_on_a_live_call()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await SampleSignIn.SignInAsync(page, Sample.Address, Supervisor);

        // The supervisor's softphone must be on duty (READY) to be added to a call.
        await page.Locator("#softphone-register").ClickAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("#softphone[data-status='3']"));
        await page.ClickAsync("#nav-supervisor");
        await Expect(page.Locator("#agent-states tr[data-agent='agent1@ccc-local']"));
        // Interactive: the first refresh after the circuit started has run, so the page now follows the events.
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#wallboard-updated')?.dataset.reads) >= 2", null, new() { Timeout = 20_000 });
        await page.EvaluateAsync("() => { window.__marker = 'same page'; }");
        int navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) Interlocked.Increment(ref navigations); };
        var wallboardUrl = page.Url;

        // Agents 1 and 2 go on duty through the back office; their softphones answer at once.
        using var ccc = Client();
        foreach (var (agent, groups) in new[] { ("agent1", new[] { "sales@ccc-local", "support@ccc-local" }), ("agent2", new[] { "sales@ccc-local" }) })
        {
            using (var put = await Sample.Http.PutAsJsonAsync(new Uri(Sample.EmulatorAddress, $"/_emulator/agents/{agent}@ccc-local"), new { autoAnswer = true, answerAfterMs = 0 }))
            {
                put.EnsureSuccessStatusCode();
            }

            await ccc.SignInGroupAsync(new SignInGroupRequest { UserId = $"{agent}@ccc-local", DeviceId = "supervisor-test", SignedSkillGroupIdList = groups });
            await ccc.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = $"{agent}@ccc-local" });
        }

        await Expect(page.Locator("#agent-states tr[data-agent='agent1@ccc-local'][data-state='Ready']"));
        await Expect(page.Locator("#agent-states tr[data-agent='agent2@ccc-local'][data-state='Ready']"));

        // Three customers call: one for each agent (answered), a third for agent 1, who is busy, so it waits.
        string first = await Sample.DialInAsync("13700002001", "agent1");
        await Expect(page.Locator($"#agent-states tr[data-agent='agent1@ccc-local'][data-state='Talking'] button.listen[data-job='{first}']"));
        string second = await Sample.DialInAsync("13700002002", "agent2");
        await Expect(page.Locator($"#agent-states tr[data-agent='agent2@ccc-local'][data-state='Talking'] button.listen[data-job='{second}']"));
        string waiting = await Sample.DialInAsync("13700002003", "agent1");
        await Expect(page.Locator("#queue-waiting[data-calls='1']"));
        Assert.Equal(1, await page.Locator($"#agent-states tr[data-agent='agent2@ccc-local'][data-state='Talking'] button.whisper[data-job='{second}']").CountAsync());

        // Listen: the supervisor joins agent 1's call as a monitoring leg.
        await page.ClickAsync($"#agent-states tr[data-agent='agent1@ccc-local'] button.listen[data-job='{first}']");
        await Expect(page.Locator("#supervising"));
        Assert.Equal(0, await page.Locator("main .panel.error").CountAsync());
        await WaitForEventAsync(first, "StartMonitor", Supervisor);
        await Expect(page.Locator("#softphone[data-status='21']")); // the supervisor's softphone: monitoring

        // Whisper: the same leg changes to coaching agent 1.
        await page.ClickAsync($"#agent-states tr[data-agent='agent1@ccc-local'] button.whisper[data-job='{first}']");
        await WaitForEventAsync(first, "StartCoach", Supervisor);
        await Expect(page.Locator("#softphone[data-status='26']"));
        Assert.Equal(0, await page.Locator("main .panel.error").CountAsync());

        // The waiting caller gives up; then both conversations end.
        await HangUpAsync("13700002003");
        await Expect(page.Locator("#queue-waiting[data-calls='0']"));
        await HangUpAsync("13700002001");
        await HangUpAsync("13700002002");

        // Today's figures, from the reports once the records exist: one answered call each, and the abandoned call.
        await Expect(page.Locator("svg#chart-agents [data-agent-calls='agent1@ccc-local'][data-calls='1']"));
        await Expect(page.Locator("svg#chart-agents [data-agent-calls='agent2@ccc-local'][data-calls='1']"));
        await page.WaitForFunctionAsync(
            """
            () => {
              const sum = name => [...document.querySelectorAll('svg#chart-skill-groups [data-skill-group-calls]')].reduce((s, g) => s + Number(g.getAttribute(name)), 0);
              return sum('data-offered') === 3 && sum('data-answered') === 2 && sum('data-abandoned') === 1;
            }
            """,
            null,
            new() { Timeout = 30_000 });
        Assert.Equal(0, await page.Locator("svg#chart-agents [data-agent-calls='agent3@ccc-local']:not([data-calls='0'])").CountAsync());
        Assert.NotEqual(first, waiting);
        Assert.NotEqual(second, waiting);

        // All of it without a reload or a navigation.
        Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.__marker"));
        Assert.Equal(0, Volatile.Read(ref navigations));
        Assert.Equal(wallboardUrl, page.Url);
    }

    [Fact]
    public async Task An_agent_gets_no_supervisor_page_no_demo_and_no_link_to_them()
    {
        using var agent = await Sample.SignInAsync("agent2@ccc-local", followRedirects: false);
        using (var supervisor = await agent.GetAsync("/supervisor"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, supervisor.StatusCode);
        }

        using (var demo = await agent.GetAsync("/demo"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, demo.StatusCode);
        }

        string customers = await agent.GetStringAsync("/customers");
        Assert.DoesNotContain("nav-supervisor", customers, StringComparison.Ordinal);
        Assert.DoesNotContain("nav-demo", customers, StringComparison.Ordinal);

        // The supervisor gets both, and the links.
        using var boss = await Sample.SignInAsync(Supervisor);
        string page = await boss.GetStringAsync("/supervisor");
        Assert.Contains("id=\"agent-states\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"nav-demo\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"demo-start\"", await boss.GetStringAsync("/demo"), StringComparison.Ordinal);

        // In the browser too: no link, and the page is refused.
        await using var context = await chromium.NewContextAsync();
        var browser = await context.NewPageAsync();
        await SampleSignIn.SignInAsync(browser, Sample.Address, "agent3@ccc-local");
        Assert.Equal(0, await browser.Locator("#nav-supervisor").CountAsync());
        var response = await browser.GotoAsync(new Uri(Sample.Address, "/supervisor").ToString());
        Assert.Equal(403, response!.Status);
        Assert.Equal(0, await browser.Locator("#agent-states").CountAsync());
    }

    [Fact]
    public async Task The_busy_morning_demo_runs_once_at_a_time_fills_the_supervisor_view_and_can_be_stopped()
    {
        // A sample of its own: the demo's calls must not count in the other tests' figures.
        await using var sample = await SampleProcess.StartAsync();
        await using var context = await chromium.NewContextAsync();
        var demo = await context.NewPageAsync();
        await SampleSignIn.SignInAsync(demo, sample.Address, Supervisor);
        await demo.ClickAsync("#nav-demo");
        await Expect(demo.Locator("#demo-start:not([disabled])"));
        await demo.ClickAsync("#demo-start");
        await Expect(demo.Locator("#demo-status[data-state='running']"));

        // A second start while it runs is refused: the button is off on every page, and the service says no.
        var second = await context.NewPageAsync();
        await second.GotoAsync(new Uri(sample.Address, "/demo").ToString());
        await Expect(second.Locator("#demo-status[data-state='running']"));
        Assert.True(await second.Locator("#demo-start").IsDisabledAsync());

        // The supervisor view fills up while it plays: agents on calls, calls waiting, then calls answered today.
        var wallboard = await context.NewPageAsync();
        await wallboard.SetViewportSizeAsync(1280, 800);
        await wallboard.GotoAsync(new Uri(sample.Address, "/supervisor").ToString());
        await Expect(wallboard.Locator("#agent-states tr[data-state='Talking']"));
        await wallboard.WaitForFunctionAsync(
            """
            () => {
              const sum = (selector, name) => [...document.querySelectorAll(selector)].reduce((s, g) => s + Number(g.getAttribute(name)), 0);
              return sum('svg#chart-agents [data-agent-calls]', 'data-calls') >= 2 && sum('svg#chart-skill-groups [data-skill-group-calls]', 'data-abandoned') >= 1;
            }
            """,
            null,
            new() { Timeout = 60_000, PollingInterval = 250 });
        await Expect(demo.Locator("#demo-status[data-state='running']"));
        Assert.True(int.Parse(await demo.Locator("#demo-status").GetAttributeAsync("data-step") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 5);

        await DocsImages.SaveAsync("sample-supervisor.png", await wallboard.ScreenshotAsync());

        // Stopped from the page: the callers still on the line hang up, the agents sign out, and it can start again.
        await demo.ClickAsync("#demo-cancel");
        await Expect(demo.Locator("#demo-status[data-state='cancelled']"));
        await Expect(demo.Locator("#demo-start:not([disabled])"));
        foreach (var agent in (string[])["agent1", "agent2", "agent3"])
        {
            await Expect(wallboard.Locator($"#agent-states tr[data-agent='{agent}@ccc-local'][data-state='Offline']"));
        }

        await Expect(wallboard.Locator("#queue-waiting[data-calls='0']"));
        using var calls = JsonDocument.Parse(await sample.Http.GetStringAsync(new Uri(sample.EmulatorAddress, "/_emulator/calls")));
        Assert.Equal(0, calls.RootElement.GetArrayLength());
    }

    // ------------------------------------------------------------------ helpers

    private static Task Expect(ILocator locator) =>
        Assertions.Expect(locator.First).ToBeAttachedAsync(new() { Timeout = (float)Patience.TotalMilliseconds });

    private CccClient Client() => new(
        new AccessKeyCredential("LTAI5tCccEmulatorDevKey", "CccEmulatorDevSecretDoNotUseInProduction"),
        new CccClientOptions { Endpoint = Sample.EmulatorAddress, InstanceId = "ccc-local" },
        new HttpClient());

    private async Task HangUpAsync(string number)
    {
        using var response = await Sample.Http.PostAsync(new Uri(Sample.EmulatorAddress, $"/_emulator/phones/{number}/hang-up"), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until the call's event log (the emulator's) has <paramref name="eventType"/> for <paramref name="agentId"/>.</summary>
    private async Task WaitForEventAsync(string contactId, string eventType, string agentId)
    {
        var deadline = DateTime.UtcNow + Patience;
        string seen = "";
        while (DateTime.UtcNow < deadline)
        {
            seen = await Sample.Http.GetStringAsync(new Uri(Sample.EmulatorAddress, $"/_emulator/calls/{contactId}/events"));
            using var doc = JsonDocument.Parse(seen);
            var events = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value;
            if (events.EnumerateArray().Any(e => Field(e, "eventType") == eventType && Field(e, "agentId") == agentId))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No {eventType} for {agentId} on call {contactId}: {seen}");
    }

    private static string? Field(JsonElement e, string name) =>
        e.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } p ? p.Value.GetString() : null;
}
