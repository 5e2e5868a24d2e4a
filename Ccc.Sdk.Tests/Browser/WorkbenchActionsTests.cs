using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The emulator's workbench script exercises a CRM's proxy the way the cloud's 2.x script does: every call-control and
/// state action of the reference's 2.x list goes through the proxy (methods, or the panel's buttons for the actions
/// with no documented method), the sign-in goes over the agent channel (no SignInGroup), and the status sequence on
/// sign-in is always 0, 1, 2, 3 (docs/softphone-proxy.md, "Where each action is sent").
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WorkbenchActionsTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private const string Agent1 = "agent1@ccc-local";
    private const string Agent2 = "agent2@ccc-local";
    private const string Agent3 = "agent3@ccc-local";
    private const string Supervisor = "supervisor@ccc-local";
    private const string SupervisorRole = "ccc-supervisor";

    /// <summary>The call-control and state actions of the reference's 2.x list (its <c>Coach</c> is the API's CoachCall).</summary>
    private static readonly string[] CallControlActions =
    [
        "SignOutGroup", "TakeBreak", "ReadyForService", "MakeCall", "AnswerCall", "ReleaseCall", "HoldCall", "RetrieveCall",
        "BlindTransfer", "InitiateAttendedTransfer", "CompleteAttendedTransfer", "CancelAttendedTransfer", "SendDtmfSignaling",
        "MonitorCall", "BargeInCall", "InterceptCall", "CoachCall", "MuteCall", "UnmuteCall", "LaunchSurvey",
    ];

    private CccEmulator _emulator = null!;
    private WorkbenchTestHost _host = null!;
    private IBrowserContext _agentContext = null!;
    private IBrowserContext _supervisorContext = null!;
    private CccClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        _host = await WorkbenchTestHost.StartAsync(_emulator, new WorkbenchTestHostOptions
        {
            ConfigureProxy = o =>
            {
                o.EnableSupervisorActions = true;
                o.SupervisorRole = SupervisorRole;
                o.RateLimitPermitLimit = 0; // 20 sign-ins in a row are more than 120 requests a minute
            },
            RolesOf = agent => agent == Supervisor ? [SupervisorRole] : [],
        });

        // One context per signed-in CRM user: the page's agent is a cookie.
        _agentContext = await chromium.NewContextAsync();
        _supervisorContext = await chromium.NewContextAsync();
        _client = new CccClient(new AccessKeyCredential(_emulator.AccessKeyId, _emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _supervisorContext.DisposeAsync();
        await _agentContext.DisposeAsync();
        await _host.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task The_2x_script_sends_every_call_control_and_state_action_of_the_clouds_list_through_the_proxy()
    {
        var agent = await _host.OpenAsync(_agentContext, Agent1);
        await agent.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(agent, "onReady");

        // State: break and ready.
        await Run(agent, "applyForBreak()");
        await WaitForStatus(agent, 2);
        await Run(agent, "ready()");
        await WaitForStatus(agent, 3, skip: 1);

        // Call 1, inbound: answer, hold, retrieve, DTMF, mute, unmute; consult agent2, cancel; consult again, complete.
        var call1 = await InboundAsync("13800000001");
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallComing", p => p.GetProperty("jobId").GetString() == call1);
        await Run(agent, "answer()");
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallEstablish", p => JobOf(p) == call1);
        await Run(agent, "callHold()");
        await Run(agent, "callRetrieve()");
        await Run(agent, "sendDtmf('1')");
        await Run(agent, "muteAgent()");
        await Run(agent, "umMuteAgent()");
        await SignInReadyAsync(Agent2);
        await Run(agent, $"initiateAttendedTransfer('{Agent2}', '')");
        await _client.AnswerCallAsync(new AnswerCallRequest { UserId = Agent2, JobId = call1 });
        await Run(agent, "thirdCallRetrieve()");
        await _client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent2 });
        await Run(agent, $"initiateAttendedTransfer('{Agent2}', '')");
        await _client.AnswerCallAsync(new AnswerCallRequest { UserId = Agent2, JobId = call1 });
        await Run(agent, "thirdCallTransferFinished()");
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallRelease", p => JobOf(p) == call1);

        // Call 2, inbound: a blind transfer to agent3 (agent2 talks to the first customer meanwhile).
        await Run(agent, "ready()");
        var call2 = await InboundAsync("13800000003");
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallComing", p => p.GetProperty("jobId").GetString() == call2);
        await Run(agent, "answer()");
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallEstablish", p => JobOf(p) == call2);
        await SignInReadyAsync(Agent3);
        await Run(agent, $"thirdCallTransfer('{Agent3}', '')");
        await _client.AnswerCallAsync(new AnswerCallRequest { UserId = Agent3, JobId = call2 });
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallRelease", p => JobOf(p) == call2);

        // Call 3, inbound: the supervisor's page monitors agent1 (monitor(userId)), answers its leg, then coaches,
        // barges in and intercepts with the panel's buttons; it hangs up the call it took over.
        await Run(agent, "ready()");
        var call3 = await InboundAsync("13800000004");
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallComing", p => p.GetProperty("jobId").GetString() == call3);
        await Run(agent, "answer()");
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallEstablish", p => JobOf(p) == call3);
        var supervisor = await _host.OpenAsync(_supervisorContext, Supervisor, "{\"defaultVisible\":true}");
        await supervisor.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(supervisor, "onReady");
        var panel = supervisor.Locator("#wb");
        Assert.True(await panel.Locator(".ccc-wb-coach").IsHiddenAsync()); // only while monitoring
        await Run(supervisor, $"monitor('{Agent1}')");
        await WorkbenchTestHost.WaitForEventAsync(supervisor, "onCallComing", p => p.GetProperty("jobId").GetString() == call3);
        await WaitForStatus(supervisor, 24);
        await Run(supervisor, "answer()");
        await WaitForStatus(supervisor, 21);
        Assert.True(await panel.Locator(".ccc-wb-coach").IsVisibleAsync());
        Assert.True(await panel.Locator(".ccc-wb-survey").IsHiddenAsync());
        await panel.Locator(".ccc-wb-coach").ClickAsync();
        await WaitForStatus(supervisor, 26);
        await panel.Locator(".ccc-wb-barge-in").ClickAsync();
        await WaitForStatus(supervisor, 25);
        await panel.Locator(".ccc-wb-intercept").ClickAsync();
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallRelease", p => JobOf(p) == call3);
        await _host.WaitForAnsweredAsync("InterceptCall");
        await supervisor.EvaluateAsync("() => window.workbench.hangUp()");
        await WorkbenchTestHost.WaitForEventAsync(supervisor, "onCallRelease", p => JobOf(p) == call3);

        // Call 4, outbound: dialled with call(), then a survey from the panel's button; then sign out.
        await Run(agent, "ready()");
        await agent.EvaluateAsync("() => { window.__autoDial = true; return window.workbench.call('13900000005'); }");
        var dialing = await WorkbenchTestHost.WaitForEventAsync(agent, "onCallDialing");
        var call4 = dialing.GetProperty("jobId").GetString();
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallEstablish", p => JobOf(p) == call4); // the callee answers after 1 s
        await agent.EvaluateAsync("() => window.workbench.changeVisible(true)");
        await agent.Locator("#wb .ccc-wb-survey").ClickAsync();
        await WorkbenchTestHost.WaitForEventAsync(agent, "onCallRelease", p => JobOf(p) == call4); // the customer is in the survey
        await Run(agent, "logOut()");
        await WorkbenchTestHost.WaitForEventAsync(agent, "onLogOut");

        // Each action of the list went through the proxy and was answered 200, Code OK; the supervisor's ones from the
        // supervisor's page, with the monitored agent named.
        var requests = _host.Requests;
        foreach (var action in CallControlActions)
        {
            var sent = requests.Where(r => r.Action == action).ToList();
            Assert.True(sent.Count > 0, $"{action} was never sent; the proxy saw {string.Join(", ", requests.Select(r => r.Action).Distinct())}");
            Assert.All(sent, r => Assert.True(r.ResponseStatus == 200 && CodeOf(r) == "OK", r.ToString()));
        }

        Assert.Equal(Agent1, requests.Single(r => r.Action == "MonitorCall").Request.GetProperty("monitoredUserId").GetString());
        Assert.Equal((call3, Agent1), Named(requests.Single(r => r.Action == "CoachCall"), "coachedUserId"));
        Assert.Equal((call3, Agent1), Named(requests.Single(r => r.Action == "BargeInCall"), "bargedUserId"));
        Assert.Equal((call3, Agent1), Named(requests.Single(r => r.Action == "InterceptCall"), "interceptedUserId"));
        Assert.Equal(call4, requests.Single(r => r.Action == "LaunchSurvey").Request.GetProperty("jobId").GetString());
        Assert.Empty(await WorkbenchTestHost.ErrorsAsync(agent));
        Assert.Empty(await WorkbenchTestHost.ErrorsAsync(supervisor));

        // Everything the script sent is in the proxy's lists (SoftphoneActions, and SupervisorActions for the supervisor).
        var allowed = CccWorkbenchProxyOptions.SoftphoneActions.Concat(CccWorkbenchProxyOptions.SupervisorActions).ToHashSet(StringComparer.Ordinal);
        Assert.All(requests.Select(r => r.Action).Distinct(), action => Assert.Contains(action, allowed));
        Assert.DoesNotContain(requests, r => r.Action == "SignInGroup");
    }

    [Fact]
    public void Every_action_the_script_names_is_in_the_proxys_lists()
    {
        // Every quoted name in the script (both surfaces are this file) that is one of the cloud's actions.
        var script = File.ReadAllText(Path.Combine(Repository.Root, "Ccc.Sdk.Emulator", "Workbench", "Assets", "workbenchSdk.js"));
        using var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "api", "ccc-api-2020-07-01.json")));
        var actions = ActionNames(description.RootElement);
        var named = QuotedName().Matches(script).Select(m => m.Groups[1].Value).Where(actions.Contains).ToHashSet(StringComparer.Ordinal);

        var allowed = CccWorkbenchProxyOptions.SoftphoneActions.Concat(CccWorkbenchProxyOptions.SupervisorActions).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(named.Except(allowed));
        Assert.Subset(named, CallControlActions.ToHashSet(StringComparer.Ordinal)); // and the whole 2.x list is there
        Assert.DoesNotContain("SignInGroup", named);
        Assert.DoesNotContain("SignInGroup", CccWorkbenchProxyOptions.SoftphoneActions);
    }

    [Fact]
    public async Task Register_and_logIn_send_no_SignInGroup_and_signing_in_shows_0_1_2_3_in_20_runs_of_20()
    {
        const int runs = 20;
        var sequences = new List<string>();
        // One page, a fresh script instance per run (the page's own config, its callbacks recording anew).
        var page = await _host.OpenAsync(_agentContext, Agent1);
        for (var run = 0; run < runs; run++)
        {
            if (run > 0)
            {
                await page.EvaluateAsync("() => { window.workbench.destroy(); window.__events = []; window.workbench = new WorkbenchSdk(config); }");
                await WorkbenchTestHost.WaitForEventAsync(page, "onInit");
            }

            await page.EvaluateAsync("() => window.workbench.register()");
            await WorkbenchTestHost.WaitForEventAsync(page, "onReady");
            sequences.Add(string.Join(",", await StatusCodesAsync(page)));
            await Run(page, "logOut()");
        }

        await page.CloseAsync();

        Assert.Equal(Enumerable.Repeat("0,1,2,3", runs), sequences);
        Assert.Equal(runs, _host.Requests.Count(r => r.Action == "SignOutGroup"));

        // logIn from signed out (1): signed in on break (2) to the given groups, onLogIn; ready() then makes it 3.
        var again = await _host.OpenAsync(_agentContext, Agent1);
        await again.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(again, "onReady");
        await Run(again, "logOut()");
        await WaitForStatus(again, 1, skip: 1);
        await Run(again, "logIn([{ skillGroupId: 'support@ccc-local', skillGroupName: 'support', skillLevel: 3 }])");
        await WorkbenchTestHost.WaitForEventAsync(again, "onLogIn", skip: 1);
        Assert.Equal([0, 1, 2, 3, 1, 2], await StatusCodesAsync(again));
        var state = await AgentStateAsync(Agent1);
        Assert.Equal("Break", state.State);
        Assert.Equal(["support@ccc-local"], state.SkillGroupIdList);
        await Run(again, "ready()");
        await WaitForStatus(again, 3, skip: 1);
        Assert.DoesNotContain(_host.Requests, r => r.Action == "SignInGroup");
    }

    [Fact]
    public async Task A_sign_in_the_emulator_refuses_reaches_onErrorNotify_with_SignInGroups_code()
    {
        // agent2 belongs to sales only: what SignInGroup answers for support…
        var expected = await Assert.ThrowsAnyAsync<CccException>(() =>
            _client.SignInGroupAsync(new SignInGroupRequest { UserId = Agent2, DeviceId = "d", SignedSkillGroupIdList = ["support@ccc-local"] }));

        // …the script's logIn reports, after register.
        var page = await _host.OpenAsync(_agentContext, Agent2);
        await page.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");
        var code = await page.EvaluateAsync<string>("() => window.workbench.logIn([{ skillGroupId: 'support@ccc-local' }]).then(() => 'resolved', e => e.errorCode)");
        Assert.Equal(expected.Code, code);
        var error = Assert.Single(await WorkbenchTestHost.ErrorsAsync(page));
        Assert.Equal(expected.Code, error.GetProperty("errorCode").GetString());
        Assert.Equal(["errorCode", "errorMsg", "errorMsgTip", "requestId"], error.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["sales@ccc-local"], (await AgentStateAsync(Agent2)).SkillGroupIdList); // unchanged
    }

    [Fact]
    public async Task The_3x_core_script_defines_CCCWorkbenchSDK_signs_in_without_regionId_and_takes_a_call()
    {
        var page = await _host.OpenSurfaceAsync(_agentContext, WorkbenchSurface.ThreeXCore, Agent1);
        var surface = await page.EvaluateAsync<string[]>("""
            () => [typeof window.CCCWorkbenchSDK, typeof window.WorkbenchSdk, typeof window.workbench.unmuteAgent,
                   typeof window.workbench.umMuteAgent, typeof window.workbench.setKeyboardValue, typeof window.workbench.monitor,
                   window.workbench instanceof window.CCCWorkbenchSDK ? 'instance' : 'not', window.CCCWorkbenchSDK.name]
            """);
        Assert.Equal(["function", "undefined", "function", "undefined", "function", "function", "instance", "CCCWorkbenchSDK"], surface);
        var missing = await page.EvaluateAsync<string>("() => { try { new CCCWorkbenchSDK({ dom: 'wb' }); return 'no error'; } catch (e) { return e.message; } }");
        Assert.Contains("CCCWorkbenchSDK: config.instanceId is required", missing, StringComparison.Ordinal);

        await page.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");
        Assert.Equal([0, 1, 2, 3], await StatusCodesAsync(page));
        Assert.DoesNotContain(_host.Requests, r => r.Action == "SignInGroup");
        Assert.All(_host.Requests, r => Assert.False(r.Query.ContainsKey("region"), r.ToString())); // no regionId given

        var jobId = await InboundAsync("13800000001");
        var coming = await WorkbenchTestHost.WaitForEventAsync(page, "onCallComing");
        Assert.Equal(jobId, coming.GetProperty("jobId").GetString());
        await Run(page, "answer()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onCallEstablish", p => JobOf(p) == jobId);
        await Run(page, "muteAgent()");
        await Run(page, "unmuteAgent()");
        Assert.Equal(200, _host.Requests.Single(r => r.Action == "UnmuteCall").ResponseStatus);
        await Run(page, "hangUp()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onCallRelease", p => JobOf(p) == jobId);
        Assert.Equal("inbound", (await WorkbenchTestHost.WaitForEventAsync(page, "onHangUp")).GetString());
        Assert.Empty(await WorkbenchTestHost.ErrorsAsync(page));
    }

    [Fact]
    public async Task The_3x_ui_script_fills_the_dial_pad_with_setKeyboardValue_and_dials_the_real_number()
    {
        var page = await _host.OpenSurfaceAsync(_agentContext, WorkbenchSurface.ThreeXUi, Agent1, "{\"defaultVisible\":true}");
        Assert.Equal(1, await page.Locator("link[href$='/workbench/v3/ui.min.css']").CountAsync()); // the page's own, not a second one
        await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('.ccc-wb-panel')).display === 'flex'", null, new PageWaitForFunctionOptions { Timeout = 10000 });
        await page.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");

        await page.EvaluateAsync("() => { window.__autoDial = true; window.workbench.setKeyboardValue('13900000002', '139****0002'); }");
        Assert.Equal("139****0002", await page.Locator("#wb .ccc-wb-number").InputValueAsync());
        await page.Locator("#wb .ccc-wb-dial").ClickAsync();
        var before = await WorkbenchTestHost.WaitForEventAsync(page, "onBeforeCallDialing");
        Assert.Equal("13900000002", before.GetProperty("callee").GetString());
        await WorkbenchTestHost.WaitForEventAsync(page, "onCallDialing");
        Assert.Equal("13900000002", (await _host.WaitForAnsweredAsync("MakeCall")).Request.GetProperty("callee").GetString());
    }

    [Fact]
    public async Task The_2x_and_3x_scripts_in_one_page_each_keep_their_own_surface()
    {
        var page = await _host.OpenSurfaceAsync(_agentContext, WorkbenchSurface.Both, Agent1);
        var surfaces = await page.EvaluateAsync<string[]>("""
            () => [typeof window.WorkbenchSdk, typeof window.CCCWorkbenchSDK, window.WorkbenchSdk === window.CCCWorkbenchSDK ? 'same' : 'distinct',
                   typeof window.workbench.umMuteAgent, typeof window.workbench.unmuteAgent, typeof window.workbench.setKeyboardValue,
                   typeof window.workbench3.unmuteAgent, typeof window.workbench3.umMuteAgent, typeof window.workbench3.setKeyboardValue]
            """);
        Assert.Equal(["function", "function", "distinct", "function", "undefined", "undefined", "function", "undefined", "function"], surfaces);
        Assert.Equal(1, await page.Locator("#wb .ccc-wb-panel").CountAsync());
        Assert.Equal(1, await page.Locator("#wb3 .ccc-wb-panel").CountAsync());
        await page.WaitForFunctionAsync("() => window.__events3.some(e => e.name === 'onInit')", null, new PageWaitForFunctionOptions { Timeout = 10000 });

        // The 2.x one still works as before.
        await page.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");
        Assert.Equal([0, 1, 2, 3], await StatusCodesAsync(page));
        Assert.Equal(-1, await page.EvaluateAsync<int>("() => window.workbench3.getStatusCode().code")); // the other one never registered
    }

    // ---------------------------------------------------------------- helpers

    [GeneratedRegex("'([A-Z][A-Za-z0-9]+)'")]
    private static partial Regex QuotedName();

    private static HashSet<string> ActionNames(JsonElement description)
    {
        var actions = description.TryGetProperty("actions", out var list) ? list : description;
        return actions.ValueKind == JsonValueKind.Object
            ? actions.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : actions.EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Runs a method of <c>window.workbench</c> and asserts it resolved (a rejection carries its errorCode).</summary>
    private static async Task Run(IPage page, string call)
    {
        var outcome = await page.EvaluateAsync<string>($"() => Promise.resolve(window.workbench.{call}).then(() => 'ok', e => 'failed: ' + (e && (e.errorCode + ' ' + e.errorMsg)))");
        Assert.True(outcome == "ok", $"{call}: {outcome}");
    }

    private static Task<JsonElement> WaitForStatus(IPage page, int code, int skip = 0) =>
        WorkbenchTestHost.WaitForEventAsync(page, "onStatusChange", p => p.GetProperty("code").GetInt32() == code, skip: skip);

    private static async Task<List<int>> StatusCodesAsync(IPage page) =>
        (await WorkbenchTestHost.EventsAsync(page)).Where(e => e.GetProperty("name").GetString() == "onStatusChange")
            .Select(e => e.GetProperty("payload").GetProperty("code").GetInt32()).ToList();

    private static string? JobOf(JsonElement payload) => payload.GetProperty("callContext").GetProperty("JobId").GetString();

    private static string? CodeOf(CapturedAjax request)
    {
        using var body = JsonDocument.Parse(request.ResponseBody ?? "{}");
        return body.RootElement.TryGetProperty("Code", out var code) ? code.GetString() : null;
    }

    private static (string?, string?) Named(CapturedAjax request, string field) =>
        (request.Request.GetProperty("jobId").GetString(), request.Request.GetProperty(field).GetString());

    private async Task SignInReadyAsync(string userId)
    {
        var groups = new List<string>();
        await foreach (var level in _client.ListSkillLevelsOfUserAsync(new ListSkillLevelsOfUserRequest { UserId = userId }))
        {
            groups.Add(level.SkillGroupId!);
        }

        await _client.SignInGroupAsync(new SignInGroupRequest { UserId = userId, DeviceId = "dev-" + userId, SignedSkillGroupIdList = groups });
        await _client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = userId });
    }

    private async Task<RealtimeAgentState> AgentStateAsync(string userId)
    {
        await foreach (var state in _client.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest { AgentIdList = [userId] }))
        {
            return state;
        }

        throw new InvalidOperationException("The emulator does not list " + userId);
    }

    /// <summary>A customer dials the Shanghai line; returns the contact id.</summary>
    private async Task<string> InboundAsync(string from)
    {
        using var http = new HttpClient { BaseAddress = _emulator.Endpoint };
        using var response = await http.PostAsJsonAsync("/_emulator/calls/inbound", new { from, to = "02150000001" });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("contactId").GetString()!;
    }
}
