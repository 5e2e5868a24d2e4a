using System.Net.Http.Json;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The emulator's workbench script (<c>/workbench/workbenchSdk.js</c>) in Chromium, on a CRM page whose ajax goes
/// through the real <c>MapCccWorkbenchProxy</c> to the emulator (<see cref="WorkbenchTestHost"/>).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkbenchScriptTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private const string Agent = "agent1@ccc-local";
    private CccEmulator _emulator = null!;
    private WorkbenchTestHost _host = null!;
    private IBrowserContext _context = null!;
    private CccClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        _host = await WorkbenchTestHost.StartAsync(_emulator);
        _context = await chromium.NewContextAsync();
        _client = new CccClient(new AccessKeyCredential(_emulator.AccessKeyId, _emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _context.DisposeAsync();
        await _host.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task The_script_loads_fires_onInit_and_the_panel_follows_defaultVisible_and_changeVisible()
    {
        var page = await _host.OpenAsync(_context);
        Assert.Equal(["onInit"], await WorkbenchTestHost.EventNamesAsync(page));
        Assert.Equal(-1, (await StatusAsync(page)).Code);

        var panel = page.Locator("#wb .ccc-wb-panel");
        Assert.Equal(1, await panel.CountAsync());
        Assert.False(await panel.IsVisibleAsync()); // defaultVisible: false
        await page.EvaluateAsync("() => window.workbench.changeVisible(true)");
        Assert.True(await panel.IsVisibleAsync());
        foreach (var part in new[] { ".ccc-wb-status", ".ccc-wb-number", ".ccc-wb-dial", ".ccc-wb-answer", ".ccc-wb-hangup", ".ccc-wb-hold", ".ccc-wb-mute" })
        {
            Assert.True(await page.Locator("#wb " + part).IsVisibleAsync(), part);
        }

        Assert.Equal(12, await page.Locator("#wb .ccc-wb-key").CountAsync());
        Assert.Equal("Unregistered", await page.Locator("#wb .ccc-wb-status").TextContentAsync());
        await page.EvaluateAsync("() => window.workbench.changeVisible(false)");
        Assert.False(await panel.IsVisibleAsync());

        // Required options, and nothing global but WorkbenchSdk and its media helper CccWorkbenchMedia (window.workbench is the page's own).
        var missing = await page.EvaluateAsync<string>("() => { try { new WorkbenchSdk({ dom: 'wb', instanceId: 'ccc-local' }); return 'no error'; } catch (e) { return e.message; } }");
        Assert.Contains("regionId", missing, StringComparison.Ordinal);
        var globals = await page.EvaluateAsync<string[]>("() => Object.keys(window).filter(k => /workbench|ccc/i.test(k))");
        Assert.Equal(["CccWorkbenchMedia", "WorkbenchSdk", "workbench"], globals.Order(StringComparer.Ordinal));

        // The stylesheet came along (the script links it from its own URL).
        await page.EvaluateAsync("() => window.workbench.changeVisible(true)");
        await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('.ccc-wb-panel')).display === 'flex'", null, new PageWaitForFunctionOptions { Timeout = 10000 });
    }

    [Fact]
    public async Task Commands_before_register_fail_with_6001_and_send_nothing()
    {
        var page = await _host.OpenAsync(_context);
        foreach (var command in new[] { "answer()", "hangUp()", "call('13900000002')", "ready()", "logIn([])" })
        {
            var code = await page.EvaluateAsync<string>($"() => window.workbench.{command}.then(() => 'resolved', e => e.errorCode)");
            Assert.Equal("6001", code);
        }

        var errors = await WorkbenchTestHost.ErrorsAsync(page);
        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.Equal("6001", e.GetProperty("errorCode").GetString()));
        Assert.Empty(_host.Requests);
    }

    [Fact]
    public async Task Register_signs_in_to_all_skill_groups_and_gets_ready()
    {
        var page = await _host.OpenAsync(_context);
        await page.EvaluateAsync("() => window.workbench.register()");

        var config = await WorkbenchTestHost.WaitForEventAsync(page, "onRegister");
        Assert.Equal(Agent, config.GetProperty("userId").GetString());
        Assert.False(config.TryGetProperty("signature", out _)); // no secrets handed to the page's callbacks
        await WorkbenchTestHost.WaitForEventAsync(page, "onLogIn");
        await WorkbenchTestHost.WaitForEventAsync(page, "onStatusChange", p => p.GetProperty("code").GetInt32() == 3);
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");
        Assert.Equal(3, (await StatusAsync(page)).Code);

        var names = await WorkbenchTestHost.EventNamesAsync(page);
        Assert.True(names.IndexOf("onRegister") < names.IndexOf("onLogIn") && names.IndexOf("onLogIn") < names.IndexOf("onReady"), string.Join(",", names));
        var codes = (await WorkbenchTestHost.EventsAsync(page)).Where(e => e.GetProperty("name").GetString() == "onStatusChange")
            .Select(e => e.GetProperty("payload").GetProperty("code").GetInt32()).ToList();
        // registering, the gateway's first status (offline), signed in on break (over the agent channel), ready: the
        // same every run, since every agent state change is one statusChange (no poll that may miss the break).
        Assert.Equal([0, 1, 2, 3], codes);

        var state = await AgentStateAsync();
        Assert.Equal("Ready", state.State);
        Assert.Equal(["sales@ccc-local", "support@ccc-local"], state.SkillGroupIdList!.Order(StringComparer.Ordinal));

        // The ajax of the cloud's script: the documented query and one form field `request`, lower-camel parameters.
        var requests = _host.Requests;
        // No SignInGroup (not in the cloud's 2.x list): the sign-in went over the agent gateway.
        Assert.Equal(["GetLoginDetails", .. StartupActions, "ListSkillLevelsOfUser", "ReadyForService"], requests.Select(r => r.Action));
        foreach (var request in requests.Where(r => r.Action != "ListPrivilegesOfUser")) // the users work of issue 13 simulates it; until merged, 501
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal(WorkbenchTestHost.ProxyPath, request.Path);
            Assert.Equal(["action", "product", "region", "version"], request.Query.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("CloudCallCenter", request.Query["product"]);
            Assert.Equal("2020-07-01", request.Query["version"]);
            Assert.Equal("cn-shanghai", request.Query["region"]);
            Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
            Assert.Equal(["request"], request.Form.Keys);
            Assert.Equal(_host.Origin.ToString().TrimEnd('/'), request.Origin);
            Assert.Equal(200, request.ResponseStatus);
        }

        Assert.Equal("{\"instanceId\":\"ccc-local\"}", requests[0].Form["request"]);
        var ready = requests.Single(r => r.Action == "ReadyForService").Request;
        Assert.Equal(Agent, ready.GetProperty("userId").GetString());
        Assert.Equal("ccc-local", ready.GetProperty("instanceId").GetString());
        var device = ready.GetProperty("deviceId").GetString();
        Assert.False(string.IsNullOrEmpty(device));
        // The gateway's sign-in set the device the script names, as SignInGroup would.
        var details = (await _client.GetLoginDetailsAsync(new GetLoginDetailsRequest { UserId = Agent })).Value;
        Assert.Equal((device, "ONLINE"), (details.DeviceId, details.DeviceState));

        // No call: answer and hangUp are 6008.
        Assert.Equal("6008", await page.EvaluateAsync<string>("() => window.workbench.answer().then(() => 'resolved', e => e.errorCode)"));
        Assert.Equal("6008", await page.EvaluateAsync<string>("() => window.workbench.hangUp().then(() => 'resolved', e => e.errorCode)"));
    }

    [Fact]
    public async Task Register_with_given_skill_groups_signs_in_to_those_only()
    {
        var page = await _host.OpenAsync(_context);
        await page.EvaluateAsync("() => window.workbench.register([{ skillGroupId: 'support@ccc-local', skillGroupName: 'support', skillLevel: 3 }], 'default')");
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");
        Assert.DoesNotContain(_host.Requests, r => r.Action == "ListSkillLevelsOfUser");
        Assert.Equal(["support@ccc-local"], (await AgentStateAsync()).SkillGroupIdList);
    }

    [Fact]
    public async Task An_inbound_call_rings_is_answered_and_hung_up()
    {
        var page = await RegisteredPageAsync();
        var contactId = await InboundAsync("13800000001", "02150000001");

        var coming = await WorkbenchTestHost.WaitForEventAsync(page, "onCallComing");
        Assert.Equal("13800000001", coming.GetProperty("caller").GetString());
        var jobId = coming.GetProperty("jobId").GetString();
        Assert.False(string.IsNullOrEmpty(jobId));
        Assert.Equal(contactId, jobId);
        Assert.Equal(jobId, coming.GetProperty("callContext").GetProperty("JobId").GetString());
        await WorkbenchTestHost.WaitForEventAsync(page, "onStatusChange", p => p.GetProperty("code").GetInt32() == 6);
        Assert.Equal("13800000001", await page.Locator("#wb .ccc-wb-call-number").TextContentAsync());

        await page.EvaluateAsync("() => window.workbench.answer()");
        var established = await WorkbenchTestHost.WaitForEventAsync(page, "onCallEstablish");
        AssertOnlyCallContext(established, jobId);
        var answer = Assert.Single(_host.Requests, r => r.Action == "AnswerCall");
        Assert.Equal(jobId, answer.Request.GetProperty("jobId").GetString());

        // The emulator has the call connected to this agent.
        var talking = await AgentStateAsync();
        Assert.Equal("Talking", talking.State);
        var agentChannel = established.GetProperty("callContext").GetProperty("ChannelContexts").EnumerateArray()
            .Single(c => c.GetProperty("UserId").GetString() == Agent);
        Assert.Equal("ANSWERED", agentChannel.GetProperty("ChannelState").GetString());
        await WorkbenchTestHost.WaitForEventAsync(page, "onStatusChange", p => p.GetProperty("code").GetInt32() == 9);

        await page.EvaluateAsync("() => window.workbench.hangUp()");
        var before = await WorkbenchTestHost.WaitForEventAsync(page, "onBeforeCallHangup");
        Assert.Equal(jobId, before.GetProperty("jobId").GetString());
        Assert.Equal(Agent, before.GetProperty("userId").GetString());
        Assert.Equal(agentChannel.GetProperty("ChannelId").GetString(), before.GetProperty("channelId").GetString());
        var released = await WorkbenchTestHost.WaitForEventAsync(page, "onCallRelease");
        AssertOnlyCallContext(released, jobId);
        Assert.Equal("inbound", (await WorkbenchTestHost.WaitForEventAsync(page, "onHangUp")).GetString());
        var release = Assert.Single(_host.Requests, r => r.Action == "ReleaseCall");
        Assert.Equal(jobId, release.Request.GetProperty("jobId").GetString());
        Assert.NotEqual("Talking", (await AgentStateAsync()).State);
    }

    [Fact]
    public async Task The_payloads_and_getStatusCode_have_the_clouds_2x_shapes_and_nothing_more()
    {
        var page = await _host.OpenAsync(_context, Agent);

        // onErrorNotify (2.x): {errorCode, errorMsg, errorMsgTip, requestId}, no errorApi/apiName.
        Assert.Equal("6001", await page.EvaluateAsync<string>("() => window.workbench.answer().then(() => 'resolved', e => e.errorCode)"));
        var error = Assert.Single(await WorkbenchTestHost.ErrorsAsync(page));
        Assert.Equal(["errorCode", "errorMsg", "errorMsgTip", "requestId"], error.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal((-1, -1), await StatusAsync(page));

        await page.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");
        var events = await WorkbenchTestHost.EventsAsync(page);

        // onInit and onReady (2.x) are called with no argument at all.
        foreach (var name in new[] { "onInit", "onReady" })
        {
            var fired = events.Where(e => e.GetProperty("name").GetString() == name).ToList();
            Assert.NotEmpty(fired);
            Assert.All(fired, e => Assert.Equal(0, e.GetProperty("argc").GetInt32()));
        }

        // getStatusCode(): {code, lastCode}, the same pair the last onStatusChange carried.
        var last = events.Last(e => e.GetProperty("name").GetString() == "onStatusChange").GetProperty("payload");
        Assert.Equal(["code", "context", "lastCode"], last.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal((last.GetProperty("code").GetInt32(), last.GetProperty("lastCode").GetInt32()), await StatusAsync(page));
        Assert.Equal(3, (await StatusAsync(page)).Code);

        // onCallComing: {caller, callee, callType, jobId, callContext}; onCallEstablish/onCallRelease: only {callContext}.
        var contactId = await InboundAsync("13800000001", "02150000001");
        var coming = await WorkbenchTestHost.WaitForEventAsync(page, "onCallComing");
        Assert.Equal(["callContext", "callType", "callee", "caller", "jobId"], coming.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        await page.EvaluateAsync("() => window.workbench.answer()");
        AssertOnlyCallContext(await WorkbenchTestHost.WaitForEventAsync(page, "onCallEstablish"), contactId);
        await page.EvaluateAsync("() => window.workbench.hangUp()");
        var before = await WorkbenchTestHost.WaitForEventAsync(page, "onBeforeCallHangup");
        Assert.Equal(["channelId", "jobId", "userId"], before.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)); // + callback, a function
        AssertOnlyCallContext(await WorkbenchTestHost.WaitForEventAsync(page, "onCallRelease"), contactId);
        Assert.Equal(1, (await WorkbenchTestHost.EventsAsync(page)).Single(e => e.GetProperty("name").GetString() == "onCallRelease").GetProperty("argc").GetInt32());
    }

    [Fact]
    public async Task Call_dials_only_after_the_onBeforeCallDialing_callback()
    {
        var page = await RegisteredPageAsync();
        await page.EvaluateAsync("() => { window.__dialing = window.workbench.call('13900000002'); }");
        var before = await WorkbenchTestHost.WaitForEventAsync(page, "onBeforeCallDialing");
        Assert.Equal("13900000002", before.GetProperty("callee").GetString());
        Assert.Equal(Agent, before.GetProperty("userId").GetString());

        await Task.Delay(700);
        Assert.DoesNotContain(_host.Requests, r => r.Action == "MakeCall");
        Assert.Equal("Ready", (await AgentStateAsync()).State); // no call exists
        Assert.DoesNotContain("onCallDialing", await WorkbenchTestHost.EventNamesAsync(page));

        await page.EvaluateAsync("() => window.__dialCallbacks[0]()");
        var dialing = await WorkbenchTestHost.WaitForEventAsync(page, "onCallDialing");
        Assert.Equal("13900000002", dialing.GetProperty("callee").GetString());
        Assert.False(string.IsNullOrEmpty(dialing.GetProperty("jobId").GetString()));
        var makeCall = Assert.Single(_host.Requests, r => r.Action == "MakeCall");
        Assert.Equal("13900000002", makeCall.Request.GetProperty("callee").GetString());
        Assert.False(makeCall.Request.TryGetProperty("caller", out _)); // omitted: the service picks
        await page.EvaluateAsync("() => window.__dialing");

        // A second call while in one: 6007, nothing sent.
        Assert.Equal("6007", await page.EvaluateAsync<string>("() => window.workbench.call('13900000003').then(() => 'resolved', e => e.errorCode)"));
        Assert.Single(_host.Requests, r => r.Action == "MakeCall");

        await page.EvaluateAsync("() => window.workbench.hangUp()");
        Assert.Contains((await WorkbenchTestHost.WaitForEventAsync(page, "onHangUp")).GetString(), new[] { "dialing", "outbound" }); // the callee answers after 1 s
    }

    [Fact]
    public async Task An_api_error_reaches_onErrorNotify_with_the_envelope_code_and_request_id_and_a_toast()
    {
        var page = await RegisteredPageAsync("{\"exportErrorOfApi\":true}");
        var code = await page.EvaluateAsync<string>("() => window.workbench.applyForBreak('no-such-break-code').then(() => 'resolved', e => e.errorCode)");

        var request = Assert.Single(_host.Requests, r => r.Action == "TakeBreak");
        Assert.Equal("no-such-break-code", request.Request.GetProperty("code").GetString());
        using var envelope = JsonDocument.Parse(request.ResponseBody!);
        var expectedCode = envelope.RootElement.GetProperty("Code").GetString();
        var expectedRequestId = envelope.RootElement.GetProperty("RequestId").GetString();
        Assert.NotEqual("OK", expectedCode);
        Assert.Equal(expectedCode, code);

        var error = (await WorkbenchTestHost.ErrorsAsync(page)).Single();
        Assert.Equal(expectedCode, error.GetProperty("errorCode").GetString());
        Assert.Equal(expectedRequestId, error.GetProperty("requestId").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("errorMsg").GetString()));
        Assert.Contains(expectedRequestId!, await page.Locator("#wb .ccc-wb-toast").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Ready", (await AgentStateAsync()).State);
    }

    [Fact]
    public async Task Get_ajax_puts_the_fields_in_the_query_and_an_http_error_is_reported_with_its_status()
    {
        var page = await _host.OpenAsync(_context, configJson: "{\"ajaxMethod\":\"get\",\"ajaxOtherParams\":{\"tenant\":\"t1\"},\"ajaxHeaders\":{\"X-Test\":\"1\"}}");
        var code = await page.EvaluateAsync<string>("() => window.workbench.register().then(() => 'resolved', e => e.errorCode)");

        var request = Assert.Single(_host.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("GetLoginDetails", request.Action);
        Assert.Equal("{\"instanceId\":\"ccc-local\"}", request.Query["request"]);
        Assert.Equal("t1", request.Query["tenant"]);
        Assert.Equal(405, request.ResponseStatus); // the proxy maps POST only
        Assert.Equal("405", code);
        Assert.Equal("405", (await WorkbenchTestHost.ErrorsAsync(page)).Single().GetProperty("errorCode").GetString());
        Assert.Equal(-1, (await StatusAsync(page)).Code);
    }

    [Fact]
    public async Task AutoAnswerCall_answers_and_hold_mute_and_dtmf_use_the_right_channels()
    {
        var page = await RegisteredPageAsync("{\"autoAnswerCall\":1}");
        await page.EvaluateAsync("() => { window.CccWorkbenchMedia = { handle() {}, stopAll() {}, setMuted(m) { window.__muted = m; } }; }");
        await InboundAsync("13800000001", "02150000001");
        var established = await WorkbenchTestHost.WaitForEventAsync(page, "onCallEstablish"); // nobody called answer()
        Assert.Single(_host.Requests, r => r.Action == "AnswerCall");
        var channels = established.GetProperty("callContext").GetProperty("ChannelContexts").EnumerateArray().ToList();
        var agentChannel = channels.Single(c => c.GetProperty("UserId").GetString() == Agent).GetProperty("ChannelId").GetString();
        var customerChannel = channels.Single(c => c.GetProperty("UserId").GetString() == "").GetProperty("ChannelId").GetString();

        await page.EvaluateAsync("() => window.workbench.callHold()");
        Assert.Equal(agentChannel, _host.Requests.Single(r => r.Action == "HoldCall").Request.GetProperty("channelId").GetString());
        await WorkbenchTestHost.WaitForEventAsync(page, "onStatusChange", p => p.GetProperty("code").GetInt32() == 12);
        Assert.Equal("Retrieve", await page.Locator("#wb .ccc-wb-hold").TextContentAsync());
        await page.EvaluateAsync("() => window.workbench.callRetrieve()");
        Assert.Equal(agentChannel, _host.Requests.Single(r => r.Action == "RetrieveCall").Request.GetProperty("channelId").GetString());
        Assert.Equal((9, 12), await StatusAsync(page)); // lastCode: on hold

        await page.EvaluateAsync("() => window.workbench.muteAgent()");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__muted === true"));
        await page.EvaluateAsync("() => window.workbench.umMuteAgent()");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__muted === false"));
        Assert.Single(_host.Requests, r => r.Action == "MuteCall");
        Assert.Single(_host.Requests, r => r.Action == "UnmuteCall");

        await page.EvaluateAsync("() => window.workbench.sendDtmf('5')");
        var dtmf = _host.Requests.Single(r => r.Action == "SendDtmfSignaling").Request;
        Assert.Equal((customerChannel, "5"), (dtmf.GetProperty("channelId").GetString(), dtmf.GetProperty("dtmf").GetString()));
        using var http = new HttpClient { BaseAddress = _emulator.Endpoint };
        Assert.Contains("5", await http.GetStringAsync("/_emulator/phones/13800000001"), StringComparison.Ordinal);

        await page.EvaluateAsync("() => window.workbench.changeVolumeInCall(0.25)");
        Assert.Equal(0.25, await page.EvaluateAsync<double>("() => document.querySelector('#wb audio').volume"));
        Assert.Empty(await WorkbenchTestHost.ErrorsAsync(page));
    }

    [Fact]
    public async Task A_second_page_of_an_agent_in_a_call_keeps_the_call_instead_of_signing_in_again()
    {
        var first = await RegisteredPageAsync();
        await InboundAsync("13800000001", "02150000001");
        await WorkbenchTestHost.WaitForEventAsync(first, "onCallComing");
        await first.EvaluateAsync("() => window.workbench.answer()");
        await WorkbenchTestHost.WaitForEventAsync(first, "onStatusChange", p => p.GetProperty("code").GetInt32() == 9);

        var second = await _host.OpenAsync(_context, Agent);
        var result = await second.EvaluateAsync<JsonElement>("() => window.workbench.register()");
        Assert.True(result.GetProperty("recovered").GetBoolean());
        Assert.Equal(9, (await StatusAsync(second)).Code);
        Assert.DoesNotContain(_host.Requests, r => r.Action == "SignInGroup");
        Assert.Single(_host.Requests, r => r.Action == "ReadyForService"); // the first page's only
        Assert.Equal("Talking", (await AgentStateAsync()).State);
    }

    [Fact]
    public async Task A_dropped_gateway_socket_reports_8022_and_reconnects_with_a_fresh_signature()
    {
        var page = await _host.OpenAsync(_context, Agent);
        var routes = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/workbench/agent-gateway$"), route =>
        {
            lock (routes)
            {
                routes.Add(route);
            }

            route.ConnectToServer();
        });
        await page.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");

        IWebSocketRoute firstSocket;
        lock (routes)
        {
            firstSocket = Assert.Single(routes);
        }

        await firstSocket.CloseAsync(new WebSocketRouteCloseOptions { Code = 4000, Reason = "test drop" });
        await WorkbenchTestHost.WaitForEventAsync(page, "onStatusChange", p => p.GetProperty("code").GetInt32() == -1);
        var error = await WorkbenchTestHost.WaitForEventAsync(page, "onErrorNotify");
        Assert.Equal("8022", error.GetProperty("errorCode").GetString());

        // Back after the first back-off step, in the state the emulator still has (READY), without a new sign-in.
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady", skip: 1);
        Assert.Equal(3, (await StatusAsync(page)).Code);
        Assert.Equal(2, _host.Requests.Count(r => r.Action == "GetLoginDetails"));
        Assert.Single(_host.Requests, r => r.Action == "ReadyForService");
        Assert.Single(await WorkbenchTestHost.EventsAsync(page), e => e.GetProperty("name").GetString() == "onLogIn"); // signed in once
        Assert.Single(await WorkbenchTestHost.EventsAsync(page), e => e.GetProperty("name").GetString() == "onRegister");
        lock (routes)
        {
            Assert.Equal(2, routes.Count);
        }

        // And it works: a call rings on the new socket.
        await InboundAsync("13800000001", "02150000001");
        await WorkbenchTestHost.WaitForEventAsync(page, "onCallComing");
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>The background actions the script calls after GetLoginDetails, in order (docs/reference/workbench-sdk.md, "Back-end proxy").</summary>
    private static readonly string[] StartupActions =
        ["ListOutboundNumbersOfUser", "ListConfigItems", "GetTurnServerList", "ListPrivilegesOfUser", "GetTurnCredentials", "ListDevices"];

    [Fact]
    public async Task The_proxy_sees_the_clouds_background_actions_on_start_and_on_dial()
    {
        var page = await RegisteredPageAsync();
        var started = _host.Requests;
        Assert.Equal(StartupActions, started.Skip(1).Take(StartupActions.Length).Select(r => r.Action));
        var config = started.Single(r => r.Action == "ListConfigItems");
        Assert.Equal((200, "INSTANCE"), (config.ResponseStatus, config.Request.GetProperty("objectType").GetString()));
        Assert.Contains("afterCallWorkSeconds", config.ResponseBody, StringComparison.Ordinal);
        var turn = started.Single(r => r.Action == "GetTurnCredentials");
        Assert.Equal((200, Agent), (turn.ResponseStatus, turn.Request.GetProperty("userId").GetString()));
        Assert.Equal(200, started.Single(r => r.Action == "GetTurnServerList").ResponseStatus);
        var startCount = started.Count;

        await page.EvaluateAsync("() => { window.__autoDial = true; window.__dialing = window.workbench.call('13900000002'); }");
        var dialing = await WorkbenchTestHost.WaitForEventAsync(page, "onCallDialing");
        var jobId = dialing.GetProperty("jobId").GetString();
        var log = await _host.WaitForAnsweredAsync("SaveTerminalLog");

        var dialed = _host.Requests.Skip(startCount).ToList();
        Assert.Equal(["PickOutboundNumbers", "GetNumberLocation", "MakeCall", "SaveTerminalLog"], dialed.Select(r => r.Action));
        var pick = dialed[0];
        Assert.Equal("13900000002", pick.Request.GetProperty("calledNumber").GetString());
        Assert.Equal(["sales@ccc-local", "support@ccc-local"], JsonSerializer.Deserialize<string[]>(pick.Request.GetProperty("skillGroupIdList").GetString()!)!.Order(StringComparer.Ordinal));
        Assert.Equal(200, pick.ResponseStatus);
        Assert.Contains("02150000001", pick.ResponseBody, StringComparison.Ordinal); // 139 = 上海: the same-city number (rule O1)
        Assert.Equal(200, dialed[1].ResponseStatus);
        Assert.Equal((200, jobId), (log.ResponseStatus, log.Request.GetProperty("jobId").GetString()));
        Assert.Empty(await WorkbenchTestHost.ErrorsAsync(page));
        await page.EvaluateAsync("() => window.__dialing");
    }

    [Fact]
    public async Task A_background_action_the_proxy_refuses_is_not_the_agents_error_and_stops_nothing()
    {
        await using var strict = await WorkbenchTestHost.StartAsync(_emulator, new WorkbenchTestHostOptions
        {
            ConfigureProxy = o =>
            {
                o.AllowedActions.Remove("GetTurnServerList");
                o.AllowedActions.Remove("PickOutboundNumbers");
            },
        });
        var page = await strict.OpenAsync(_context, Agent);
        await page.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");
        await page.EvaluateAsync("() => { window.__autoDial = true; return window.workbench.call('13900000002'); }");
        await WorkbenchTestHost.WaitForEventAsync(page, "onCallDialing");

        Assert.Equal(403, strict.Requests.Single(r => r.Action == "GetTurnServerList").ResponseStatus);
        Assert.Equal(403, strict.Requests.Single(r => r.Action == "PickOutboundNumbers").ResponseStatus);
        Assert.Equal(200, strict.Requests.Single(r => r.Action == "MakeCall").ResponseStatus);
        Assert.Empty(await WorkbenchTestHost.ErrorsAsync(page));
    }

    private async Task<IPage> RegisteredPageAsync(string? configJson = null)
    {
        var page = await _host.OpenAsync(_context, Agent, configJson);
        await page.EvaluateAsync("() => window.workbench.register()");
        await WorkbenchTestHost.WaitForEventAsync(page, "onReady");
        return page;
    }

    /// <summary>Reads <c>getStatusCode()</c>, which must be the cloud's object <c>{code, lastCode}</c> (two numbers, nothing else).</summary>
    private static async Task<(int Code, int LastCode)> StatusAsync(IPage page)
    {
        // Serialised in the page: Playwright's own object transfer adds bookkeeping keys.
        using var json = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.workbench.getStatusCode())"));
        var status = json.RootElement;
        Assert.Equal(JsonValueKind.Object, status.ValueKind);
        Assert.Equal(["code", "lastCode"], status.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        return (status.GetProperty("code").GetInt32(), status.GetProperty("lastCode").GetInt32());
    }

    /// <summary>The cloud's <c>onCallEstablish</c>/<c>onCallRelease</c> payload: only <c>{callContext}</c>, the job id inside it.</summary>
    private static void AssertOnlyCallContext(JsonElement payload, string? jobId)
    {
        Assert.Equal(["callContext"], payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal(jobId, payload.GetProperty("callContext").GetProperty("JobId").GetString());
    }

    private async Task<RealtimeAgentState> AgentStateAsync()
    {
        await foreach (var state in _client.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest { AgentIdList = [Agent] }))
        {
            return state;
        }

        throw new InvalidOperationException("The emulator does not list " + Agent);
    }

    private async Task<string> InboundAsync(string from, string to)
    {
        using var http = new HttpClient { BaseAddress = _emulator.Endpoint };
        using var response = await http.PostAsJsonAsync("/_emulator/calls/inbound", new { from, to });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("contactId").GetString()!;
    }
}
