using System.Net.Http.Json;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Tests.Samples;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The softphone end to end in Chromium: the sample CRM (its own process, embedded emulator) with the agent signed in,
/// the hidden Workbench softphone loaded from the emulator's <c>/workbench/workbenchSdk.js</c>, its callbacks reaching
/// the CRM's .NET handlers (screen-pop), commands from .NET, audio to the emulator's simulated phone page, several tabs,
/// reloads and the proxy's refusals as the browser meets them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SampleSoftphoneTests(ChromiumFixture chromium, SampleCrmFixture fixture) : IClassFixture<SampleCrmFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    private SampleProcess Sample => fixture.Sample;

    [Fact]
    public async Task An_inbound_call_pops_the_callers_record_in_dotnet_and_answering_from_dotnet_connects_it_to_the_agent()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OnDutyAsync(context, "agent1@ccc-local");

        string contactId = await Sample.DialInAsync(from: "02161234567", agent: "agent1");

        // CallComing reached the CRM's .NET handler, which found Liu Yang (c-1001) by the caller's number.
        await Assertions.Expect(page.Locator($"#screen-pop[data-job='{contactId}'][data-customer='c-1001']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var pop = await WaitForScreenPopAsync(contactId);
        Assert.Equal(("inbound", "02161234567", "c-1001", "agent1@ccc-local"), (pop.Direction, pop.Number, pop.CustomerId, pop.AgentId));

        // Answer is a .NET command (Softphone.AnswerAsync) → the SDK's answer() → AnswerCall through the proxy.
        await page.ClickAsync("#softphone-answer");
        await WaitForStatusAsync(page, 9);
        await page.ClickAsync("#softphone-hang-up");
        // The pop stays once the call has ended (a note can still be saved with the call's contact id).
        await Assertions.Expect(page.Locator($"#screen-pop[data-job='{contactId}'][data-call='ended']")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        var cdr = await WaitForCdrAsync(contactId);
        Assert.Equal("agent1@ccc-local", cdr.AgentIds);
        Assert.Equal("Success", cdr.ContactDisposition);
        Assert.Equal("02161234567", cdr.CallingNumber);
    }

    [Fact]
    public async Task Click_to_call_from_the_softphone_raises_CallDialing_and_pops_the_callee()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OnDutyAsync(context, "agent2@ccc-local");

        await page.ClickAsync("#c-1002 .softphone-call");

        var popped = page.Locator("#screen-pop[data-customer='c-1002']");
        await Assertions.Expect(popped).ToBeVisibleAsync(new() { Timeout = 20_000 });
        string jobId = (await popped.GetAttributeAsync("data-job"))!;
        var pop = await WaitForScreenPopAsync(jobId);
        Assert.Equal(("outbound", "13912345678", "c-1002", "agent2@ccc-local"), (pop.Direction, pop.Number, pop.CustomerId, pop.AgentId));

        await page.ClickAsync("#softphone-hang-up");
        await Assertions.Expect(page.Locator($"#screen-pop[data-job='{jobId}'][data-call='ended']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task Audio_flows_both_ways_between_the_agents_page_and_the_customers_phone_page()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OnDutyAsync(context, "agent3@ccc-local");

        const string customer = "01062345678"; // Sun Hao, c-1003
        var phone = await context.NewPageAsync();
        await phone.GotoAsync(new Uri(Sample.EmulatorAddress, $"/_emulator/phone?number={customer}").ToString());
        await phone.WaitForFunctionAsync("() => window.CccPhone && window.CccPhone.state !== 'connecting'", null, new() { Timeout = 20_000 });

        string contactId = await Sample.DialInAsync(from: customer, agent: "agent3");
        await Assertions.Expect(page.Locator($"#screen-pop[data-job='{contactId}'][data-customer='c-1003']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.ClickAsync("#softphone-answer");
        await WaitForStatusAsync(page, 9);

        // WebRTC between the two pages, signalled through the emulator: each side receives the other's audio.
        const string received = """
            async pc => {
              if (!pc) return 0;
              const stats = await pc.getStats();
              let bytes = 0;
              stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio') bytes += s.bytesReceived; });
              return bytes;
            }
            """;
        await page.WaitForFunctionAsync($"async () => ({received})(window.CccWorkbenchMedia && window.CccWorkbenchMedia.current) > 0", null, new() { Timeout = 20_000, PollingInterval = 250 });
        await phone.WaitForFunctionAsync($"async () => ({received})(window.CccPhone && window.CccPhone.peerConnection) > 0", null, new() { Timeout = 20_000, PollingInterval = 250 });

        await page.ClickAsync("#softphone-hang-up");
        await phone.WaitForFunctionAsync("() => !window.CccPhone.peerConnection || window.CccPhone.peerConnection.connectionState === 'closed'", null, new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task A_second_tab_relays_to_the_tab_that_owns_the_softphone_and_both_pop_the_record()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OnDutyAsync(context, "agent1@ccc-local");
        var follower = await context.NewPageAsync();
        follower.Console += (_, message) => _console.Enqueue($"tab 2 {message.Type}: {message.Text}");
        await follower.GotoAsync(new Uri(Sample.Address, "/customers").ToString());
        await WaitForStatusAsync(follower, 3); // the owner's last status, relayed

        // One Workbench SDK in the browser: the second tab constructed none.
        Assert.True(await owner.EvaluateAsync<bool>("() => !!window.workbench"));
        Assert.False(await follower.EvaluateAsync<bool>("() => !!window.workbench"));

        string contactId = await Sample.DialInAsync(from: "057187654321", agent: "agent1"); // Ma Lin, c-1006
        foreach (var page in new[] { owner, follower })
        {
            await Assertions.Expect(page.Locator($"#screen-pop[data-job='{contactId}'][data-customer='c-1006']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        }

        // Answer from the tab that does not own the SDK: the command is relayed to the owner's SDK.
        await follower.ClickAsync("#softphone-answer");
        await WaitForStatusAsync(owner, 9);
        await WaitForStatusAsync(follower, 9);
        await follower.ClickAsync("#softphone-hang-up");
        var cdr = await WaitForCdrAsync(contactId);
        Assert.Equal(("agent1@ccc-local", "Success"), (cdr.AgentIds, cdr.ContactDisposition));
    }

    [Fact]
    public async Task After_a_reload_in_a_call_the_softphone_registers_again_and_gets_the_call_back_from_the_service()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OnDutyAsync(context, "agent2@ccc-local");
        string contactId = await Sample.DialInAsync(from: "13811112222", agent: "agent2"); // Wu Jing, c-1004
        await Assertions.Expect(page.Locator($"#screen-pop[data-job='{contactId}']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.ClickAsync("#softphone-answer");
        await WaitForStatusAsync(page, 9);

        await page.ReloadAsync();

        // Nobody pressed "Go on duty": the bridge registered again, and the emulator replayed the call in progress.
        await WaitForStatusAsync(page, 9);
        await Assertions.Expect(page.Locator($"#screen-pop[data-job='{contactId}'][data-customer='c-1004']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.ClickAsync("#softphone-hang-up");
        var cdr = await WaitForCdrAsync(contactId);
        Assert.Equal(("agent2@ccc-local", "agent"), (cdr.AgentIds, cdr.ReleaseInitiator));
    }

    [Fact]
    public async Task The_proxy_refuses_impersonation_a_non_allowed_action_a_missing_sign_in_and_a_foreign_origin()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await SignInAsync(context, "agent2@ccc-local");
        await page.GotoAsync(new Uri(Sample.Address, "/customers").ToString());
        string token = (await page.Locator("form[action='account/sign-out'] input[name='__RequestVerificationToken']").GetAttributeAsync("value"))!;

        const string post = """
            async ([action, params, token]) => {
              const r = await fetch('/ccc/workbench-api?action=' + action + '&product=CloudCallCenter&version=2020-07-01&region=cn-shanghai', {
                method: 'POST',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'RequestVerificationToken': token },
                body: 'request=' + encodeURIComponent(JSON.stringify(params)) });
              return { status: r.status, body: await r.text() };
            }
            """;

        // The signed-in agent's own call goes through...
        var own = await page.EvaluateAsync<JsonElement>(post, new object[] { "GetLoginDetails", new { }, token });
        Assert.Equal(200, own.GetProperty("status").GetInt32());

        // ...acting as another agent does not,
        var impersonation = await page.EvaluateAsync<JsonElement>(post, new object[] { "ReadyForService", new { userId = "agent1@ccc-local" }, token });
        Assert.Equal(403, impersonation.GetProperty("status").GetInt32());
        Assert.Contains("Forbidden.Impersonation", impersonation.GetProperty("body").GetString(), StringComparison.Ordinal);

        // nor an action a softphone does not need,
        var action = await page.EvaluateAsync<JsonElement>(post, new object[] { "CreateUser", new { loginName = "mallory" }, token });
        Assert.Equal(403, action.GetProperty("status").GetInt32());
        Assert.Contains("Forbidden.Action", action.GetProperty("body").GetString(), StringComparison.Ordinal);

        // nor a page that is not signed in,
        await using (var anonymous = await chromium.NewContextAsync())
        {
            var stranger = await anonymous.NewPageAsync();
            await stranger.GotoAsync(new Uri(Sample.Address, "/sign-in").ToString());
            var refused = await stranger.EvaluateAsync<JsonElement>(post, new object[] { "GetLoginDetails", new { }, "" });
            Assert.Equal(401, refused.GetProperty("status").GetInt32());
        }

        // nor a page of another origin (here the emulator's), even with the agent's cookie and token.
        var foreign = await context.NewPageAsync();
        await foreign.GotoAsync(new Uri(Sample.EmulatorAddress, "/_emulator/phones/13800000001").ToString());
        var response = await foreign.RunAndWaitForResponseAsync(
            () => foreign.EvaluateAsync(
                """
                ([url, token]) => fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include',
                  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                  body: 'request=%7B%7D&__RequestVerificationToken=' + encodeURIComponent(token) }).catch(() => null)
                """,
                new object[] { new Uri(Sample.Address, "/ccc/workbench-api?action=GetLoginDetails").ToString(), token }),
            r => r.Url.Contains("/ccc/workbench-api", StringComparison.Ordinal));
        // The page cannot read a cross-origin answer (no CORS): the status is checked on the wire, the code in the
        // proxy's log of refusals.
        Assert.Equal(403, response.Status);
        var deadline = DateTime.UtcNow + Patience;
        while (!Sample.Output.Any(line => line.Contains("Forbidden.Origin", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(Sample.Output, line => line.Contains("Forbidden.Origin", StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------ helpers

    private async Task<IPage> SignInAsync(IBrowserContext context, string agentId)
    {
        var page = await context.NewPageAsync();
        page.Console += (_, message) => _console.Enqueue($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => _console.Enqueue("page error: " + error);
        page.RequestFailed += (_, request) => _console.Enqueue($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) => { if (response.Url.Contains("/ccc/", StringComparison.Ordinal) || response.Status >= 400) _console.Enqueue($"response: {response.Status} {response.Request.Method} {response.Url}"); };
        page.WebSocket += (_, socket) => _console.Enqueue("websocket: " + socket.Url);
        await SampleSignIn.SignInAsync(page, Sample.Address, agentId);
        return page;
    }

    /// <summary>Signs in, waits for the softphone, presses "Go on duty" and waits for Ready (status 3).</summary>
    private async Task<IPage> OnDutyAsync(IBrowserContext context, string agentId)
    {
        var page = await SignInAsync(context, agentId);
        await page.Locator("#softphone-register").ClickAsync(new() { Timeout = 20_000 });
        await WaitForStatusAsync(page, 3);
        return page;
    }

    private async Task WaitForStatusAsync(IPage page, int code)
    {
        try
        {
            await Assertions.Expect(page.Locator($"#softphone[data-status='{code}']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        }
        catch (PlaywrightException e)
        {
            string status = await page.Locator("#softphone").GetAttributeAsync("data-status") ?? "(none)";
            status += " locks " + await page.EvaluateAsync<string>("async () => JSON.stringify(await navigator.locks.query())");
            status += " " + await page.EvaluateAsync<string>("() => JSON.stringify({ sdk: typeof window.WorkbenchSdk, workbench: !!window.workbench, bar: document.querySelector('#softphone') && document.querySelector('#softphone').innerText, code: window.workbench && window.workbench.getStatusCode && window.workbench.getStatusCode(), scripts: [...document.scripts].map(s => s.src) })");
            throw new TimeoutException($"The softphone did not reach status {code} (it shows {status}). Browser console:\n{string.Join('\n', _console)}\nSample output (last 60 lines):\n{string.Join('\n', Sample.Output.Where(l => !l.Contains("HttpClient", StringComparison.Ordinal)).TakeLast(200))}", e);
        }
    }

    private sealed record PopRow(string JobId, string Direction, string? Number, string? CustomerId, string AgentId, double HandledAtUnixMs);

    private async Task<PopRow> WaitForScreenPopAsync(string jobId)
    {
        // The screen-pops of every agent: a supervisor's view.
        using var supervisor = await Sample.SignInAsync("supervisor@ccc-local");
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var pops = await supervisor.GetFromJsonAsync<PopRow[]>("/api/screen-pops", new JsonSerializerOptions(JsonSerializerDefaults.Web));
            if (pops?.FirstOrDefault(p => p.JobId == jobId) is { } pop)
            {
                return pop;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No screen-pop for call {jobId}.");
    }

    private async Task<CallDetailRecordDetails> WaitForCdrAsync(string contactId)
    {
        using var client = new CccClient(
            new AccessKeyCredential("LTAI5tCccEmulatorDevKey", "CccEmulatorDevSecretDoNotUseInProduction"),
            new CccClientOptions { Endpoint = Sample.EmulatorAddress, InstanceId = "ccc-local" },
            new HttpClient());
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                var cdr = (await client.GetCallDetailRecordAsync(contactId)).Value;
                if (cdr?.ReleaseTime is not null)
                {
                    return cdr;
                }
            }
            catch (CccNotFoundException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"No CDR for {contactId}.");
            }

            await Task.Delay(200);
        }
    }
}
