using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Softphone;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The bridge (<c>softphone.js</c>) in Chromium on the emulator's 2.x workbench script, the page's ajax going through the
/// host's real workbench proxy (<see cref="BridgeTestPage"/>): sign in, an inbound call with its screen-pop data, answer,
/// hold, blind transfer, a vetoed hang-up, an outbound call and the status reads. Every payload .NET receives is checked
/// field by field against the cloud's 2.x shapes (docs/reference/workbench-sdk.md, "Callbacks (2.x)"), both as the script passed
/// it to the bridge and as the bridge handed it to .NET, and is bound to the public types the way Blazor binds it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BridgeScenarioTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Agent = "agent1@ccc-local";
    private const string Agent2 = "agent2@ccc-local";
    private const string Customer = "13800000001";
    private const string Hotline = "02150000001";

    /// <summary>The cloud's 2.x <c>onCallComing</c>/<c>onCallDialing</c> payload (and the bridge's one shape for every call event).</summary>
    private static readonly string[] CallDetailKeys = ["caller", "callee", "callType", "jobId", "callContext"];

    private CccEmulator _emulator = null!;
    private WorkbenchTestHost _host = null!;
    private IBrowserContext _context = null!;
    private CccClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        _host = await WorkbenchTestHost.StartAsync(_emulator, new WorkbenchTestHostOptions { ConfigureApp = BridgeTestPage.Map });
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
    public async Task Sign_in_reports_onRegister_onLogIn_and_the_status_changes_in_the_clouds_shapes()
    {
        await using var page = await BridgeTestPage.OpenAsync(_host, _context, Agent);
        Assert.True(await page.StartAsync());
        await page.WaitForAsync("OnInit");
        var started = await page.CallsAsync();
        Assert.Equal(["OnRoleChanged", "OnInit"], started.Select(c => c.Method));
        Assert.Equal("[true]", started[0].Args.GetRawText());
        Assert.Equal(0, started[1].Count);
        Assert.Equal(-1, (await page.StatusCodeAsync()).GetInt32()); // not registered yet

        await page.InvokeAsync("register", SkillGroups(), "default");
        await page.WaitForAsync("OnReady");
        var calls = await page.CallsAsync();
        var raw = await page.RawAsync();

        // onRegister(config): the configuration as the script passed it, untouched, and no secret in it.
        var register = Assert.Single(calls, c => c.Method == "OnRegister");
        Assert.Equal(1, register.Count);
        var config = new RegisterConfig(register.Arg()).Config;
        Assert.Equal(JsonValueKind.Object, config.ValueKind);
        Assert.Equal(Agent, config.GetProperty("userId").GetString());
        Assert.Equal(_emulator.InstanceId, config.GetProperty("instanceId").GetString());
        Assert.DoesNotContain(config.EnumerateObject(), p => p.Name.Contains("signature", StringComparison.OrdinalIgnoreCase)
            || p.Name.Contains("secret", StringComparison.OrdinalIgnoreCase) || p.Name.Contains("token", StringComparison.OrdinalIgnoreCase));
        var rawRegister = Assert.Single(raw, r => r.Name == "onRegister");
        Assert.Equal(1, rawRegister.ArgumentCount);
        AssertSameJson(rawRegister.Payload, config);

        // onLogIn(), onReady(), onBreak(): no argument from the script, none to .NET.
        foreach (var (name, method) in new[] { ("onLogIn", "OnLogIn"), ("onReady", "OnReady"), ("onBreak", "OnBreak") })
        {
            Assert.All(raw.Where(r => r.Name == name), r => Assert.Equal(0, r.ArgumentCount));
            Assert.All(calls.Where(c => c.Method == method), c => Assert.Equal(0, c.Count));
        }

        Assert.Single(calls, c => c.Method == "OnLogIn");
        var names = calls.Select(c => c.Method).ToList();
        Assert.True(names.IndexOf("OnRegister") < names.IndexOf("OnLogIn") && names.IndexOf("OnLogIn") < names.IndexOf("OnReady"), string.Join(",", names));

        // onStatusChange({code, lastCode, context}): registering, offline, signed in on break, ready; each one the
        // script's payload as it was, and bound to StatusChange.
        var changes = calls.Where(c => c.Method == "OnStatusChange").ToList();
        var rawChanges = raw.Where(r => r.Name == "onStatusChange").ToList();
        Assert.Equal([0, 1, 2, 3], changes.Select(c => c.Arg().GetProperty("code").GetInt32()));
        Assert.Equal([-1, 0, 1, 2], changes.Select(c => c.Arg().GetProperty("lastCode").GetInt32()));
        Assert.Equal(changes.Count, rawChanges.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            AssertStatusChangeShape(rawChanges[i], changes[i]);
        }

        Assert.Equal(
            [SoftphoneStatus.Registering, SoftphoneStatus.Offline, SoftphoneStatus.Break, SoftphoneStatus.Idle],
            changes.Select(c => c.Bind<StatusChange>().Code));
        Assert.True(names.IndexOf("OnReady") > names.LastIndexOf("OnStatusChange"), "onReady follows the change to 3");
        Assert.DoesNotContain(calls, c => c.Method == "OnErrorNotify");
        Assert.Equal(3, (await page.StatusCodeAsync()).GetInt32());

        var state = await AgentStateAsync(Agent);
        Assert.Equal("Ready", state.State);
        Assert.Equal(["sales@ccc-local", "support@ccc-local"], state.SkillGroupIdList!.Order(StringComparer.Ordinal));

        // The same calls dispatched to a real Softphone the way Blazor dispatches them: its events.
        var (softphone, runtime) = await SoftphoneAsync(page);
        await using (softphone)
        {
            var raised = new List<string>();
            RegisterConfig? registered = null;
            var statuses = new List<StatusChange>();
            softphone.OwnershipChanged += owner => { raised.Add($"OwnershipChanged:{owner}"); return Task.CompletedTask; };
            softphone.Initialized += () => { raised.Add("Initialized"); return Task.CompletedTask; };
            softphone.Registered += c => { raised.Add("Registered"); registered = c; return Task.CompletedTask; };
            softphone.LoggedIn += () => { raised.Add("LoggedIn"); return Task.CompletedTask; };
            softphone.OnBreak += () => { raised.Add("OnBreak"); return Task.CompletedTask; };
            softphone.Ready += () => { raised.Add("Ready"); return Task.CompletedTask; };
            softphone.StatusChanged += c => { raised.Add("StatusChanged"); statuses.Add(c); return Task.CompletedTask; };
            softphone.Error += e => { raised.Add("Error"); return Task.CompletedTask; };
            await runtime.ReplayAsync(calls);

            Assert.Equal(calls.Select(c => c.Method switch
            {
                "OnRoleChanged" => "OwnershipChanged:True",
                "OnInit" => "Initialized",
                "OnRegister" => "Registered",
                "OnLogIn" => "LoggedIn",
                "OnBreak" => "OnBreak",
                "OnReady" => "Ready",
                "OnStatusChange" => "StatusChanged",
                _ => c.Method,
            }), raised);
            Assert.True(softphone.IsOwner);
            Assert.Equal(Agent, registered!.Config.GetProperty("userId").GetString());
            Assert.Equal([SoftphoneStatus.Registering, SoftphoneStatus.Offline, SoftphoneStatus.Break, SoftphoneStatus.Idle], statuses.Select(c => c.Code));
            Assert.Equal([SoftphoneStatus.Unregistered, SoftphoneStatus.Registering, SoftphoneStatus.Offline, SoftphoneStatus.Break], statuses.Select(c => c.LastCode));
            Assert.Equal(SoftphoneStatus.Idle, await softphone.GetStatusCodeAsync()); // read through the page's handle

            // The page's create options are the ones Softphone passes for the same settings.
            using var created = JsonDocument.Parse(runtime.CreateOptionsJson!);
            foreach (var (key, value) in BridgeTestPage.DefaultOptions(_host))
            {
                if (key is "dom" or "scriptUrl" or "instanceId" or "regionId" or "ajaxOrigin" or "ajaxPath" or "defaultVisible" or "hangUpWaitMs")
                {
                    Assert.True(created.RootElement.TryGetProperty(key, out var sent), key);
                    AssertSameJson(JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web), sent);
                }
            }
        }
    }

    [Fact]
    public async Task An_inbound_call_reaches_NET_with_its_screen_pop_data()
    {
        await using var page = await RegisteredAsync();
        var jobId = await InboundAsync();

        var coming = await page.WaitForAsync("OnCallComing");
        await page.WaitForStatusAsync(6);

        // The script's onCallComing({caller, callee, callType, jobId, callContext}), as .NET gets it.
        var rawComing = Assert.Single(await page.RawAsync(), r => r.Name == "onCallComing");
        Assert.Equal(1, rawComing.ArgumentCount);
        Assert.Equal(CallDetailKeys.Order(StringComparer.Ordinal), rawComing.Keys!.Order(StringComparer.Ordinal));
        Assert.Equal(1, coming.Count);
        AssertKeys(coming.Arg(), CallDetailKeys);
        var detail = coming.Bind<CallDetail>();
        Assert.Equal(Customer, detail.Caller);
        Assert.Equal(Hotline, detail.Callee);
        Assert.Equal("INBOUND", detail.CallType);
        Assert.Equal(jobId, detail.JobId);
        foreach (var key in new[] { "caller", "callee", "callType", "jobId" })
        {
            Assert.Equal(rawComing.Payload.GetProperty(key).GetString(), coming.Arg().GetProperty(key).GetString());
        }

        // The screen-pop data: callContext, as the script passed it, carries the job and the customer's number.
        AssertSameJson(rawComing.Payload.GetProperty("callContext"), detail.CallContext);
        Assert.Equal(jobId, detail.CallContext.GetProperty("JobId").GetString());
        Assert.Equal(_emulator.InstanceId, detail.CallContext.GetProperty("InstanceId").GetString());
        Assert.Equal("INBOUND", detail.CallContext.GetProperty("CallType").GetString());
        var channels = detail.CallContext.GetProperty("ChannelContexts").EnumerateArray().ToList();
        Assert.Contains(channels, c => c.GetProperty("Originator").GetString() == Customer);
        Assert.Contains(channels, c => c.GetProperty("UserId").GetString() == Agent);

        // The call is offered before the status says ringing, so a screen pop is up when the phone rings.
        var names = (await page.CallsAsync()).Select(c => c.Method).ToList();
        Assert.True(names.IndexOf("OnCallComing") < names.IndexOf("OnStatusChange", names.IndexOf("OnCallComing")), string.Join(",", names));
        await AssertStatusReadAsync(page, 6);
        Assert.Equal("Ringing", (await AgentStateAsync(Agent)).State);

        // A real Softphone raises CallComing with the same detail (and masks the customer when told to).
        foreach (var mask in new[] { false, true })
        {
            var (softphone, runtime) = await SoftphoneAsync(page, o => o.MaskCustomerNumbers = mask);
            await using (softphone)
            {
                CallDetail? raised = null;
                softphone.CallComing += d => { raised = d; return Task.CompletedTask; };
                await runtime.ReplayAsync([coming]);
                Assert.NotNull(raised);
                Assert.Equal((Hotline, "INBOUND", jobId), (raised.Callee, raised.CallType, raised.JobId));
                Assert.Equal(jobId, raised.CallContext.GetProperty("JobId").GetString());
                if (mask)
                {
                    Assert.NotEqual(Customer, raised.Caller);
                    Assert.NotNull(raised.Caller);
                }
                else
                {
                    Assert.Equal(Customer, raised.Caller);
                }
            }
        }
    }

    [Fact]
    public async Task Answer_reports_onCallEstablish_with_only_the_call_context_and_the_job_id_read_from_it()
    {
        await using var page = await RegisteredAsync();
        var jobId = await InboundAsync();
        await page.WaitForAsync("OnCallComing");

        await page.InvokeAsync("answer");
        var established = await page.WaitForAsync("OnCallEstablish");
        await page.WaitForStatusAsync(9);

        // The cloud's onCallEstablish({callContext}): nothing at the top level but the context.
        var rawEstablished = Assert.Single(await page.RawAsync(), r => r.Name == "onCallEstablish");
        Assert.Equal(1, rawEstablished.ArgumentCount);
        Assert.Equal(["callContext"], rawEstablished.Keys);

        // .NET: the one call shape, the top-level fields null (the reference: they are not there), JobId from callContext.
        AssertKeys(established.Arg(), CallDetailKeys);
        var detail = established.Bind<CallDetail>();
        Assert.Null(detail.Caller);
        Assert.Null(detail.Callee);
        Assert.Null(detail.CallType);
        Assert.Equal(jobId, detail.JobId);
        AssertSameJson(rawEstablished.Payload.GetProperty("callContext"), detail.CallContext);
        Assert.Equal(jobId, detail.CallContext.GetProperty("JobId").GetString());
        var agentChannel = detail.CallContext.GetProperty("ChannelContexts").EnumerateArray().Single(c => c.GetProperty("UserId").GetString() == Agent);
        Assert.Equal("ANSWERED", agentChannel.GetProperty("ChannelState").GetString());

        var answer = Assert.Single(_host.Requests, r => r.Action == "AnswerCall");
        Assert.Equal(jobId, answer.Request.GetProperty("jobId").GetString());
        await AssertStatusReadAsync(page, 9);
        Assert.Equal("Talking", (await AgentStateAsync(Agent)).State);
    }

    [Fact]
    public async Task Hold_and_retrieve_move_the_status_to_12_and_back()
    {
        await using var page = await RegisteredAsync();
        var jobId = await TalkingAsync(page);

        await page.InvokeAsync("callHold");
        var held = await page.WaitForStatusAsync(12);
        Assert.Equal(9, held.Arg().GetProperty("lastCode").GetInt32());
        Assert.Equal((SoftphoneStatus.Hold, SoftphoneStatus.InboundTalk), (held.Bind<StatusChange>().Code, held.Bind<StatusChange>().LastCode));
        Assert.Equal(jobId, (await _host.WaitForAnsweredAsync("HoldCall")).Request.GetProperty("jobId").GetString());
        await AssertStatusReadAsync(page, 12);

        await page.InvokeAsync("callRetrieve");
        var retrieved = await page.WaitForStatusAsync(9, skip: 1);
        Assert.Equal(12, retrieved.Arg().GetProperty("lastCode").GetInt32());
        Assert.Equal(jobId, (await _host.WaitForAnsweredAsync("RetrieveCall")).Request.GetProperty("jobId").GetString());
        await AssertStatusReadAsync(page, 9);

        var calls = await page.CallsAsync();
        Assert.DoesNotContain(calls, c => c.Method is "OnCallRelease" or "OnHangUp" or "OnErrorNotify");
        foreach (var change in calls.Where(c => c.Method == "OnStatusChange"))
        {
            AssertKeys(change.Arg(), "code", "lastCode", "context");
        }

        Assert.Equal("Talking", (await AgentStateAsync(Agent)).State);
    }

    [Fact]
    public async Task A_blind_transfer_to_another_agent_releases_the_call_from_this_agent()
    {
        await using var page = await RegisteredAsync();
        var jobId = await TalkingAsync(page);
        await ReadyAsync(Agent2);

        await page.InvokeAsync("thirdCallTransfer", Agent2, "");
        var released = await page.WaitForAsync("OnCallRelease");
        var hungUp = await page.WaitForAsync("OnHangUp");

        var transfer = await _host.WaitForAnsweredAsync("BlindTransfer");
        Assert.Equal(200, transfer.ResponseStatus);
        Assert.Equal(jobId, transfer.Request.GetProperty("jobId").GetString());
        Assert.Equal(Agent2, transfer.Request.GetProperty("transferee").GetString());
        Assert.Equal("Agent", transfer.Request.GetProperty("transfereeType").GetString());

        // onCallRelease({callContext}) and onHangUp('inbound'), as the cloud's script passes them.
        var raw = await page.RawAsync();
        var rawReleased = Assert.Single(raw, r => r.Name == "onCallRelease");
        Assert.Equal(1, rawReleased.ArgumentCount);
        Assert.Equal(["callContext"], rawReleased.Keys);
        AssertKeys(released.Arg(), CallDetailKeys);
        var detail = released.Bind<CallDetail>();
        Assert.Equal((null, null, null, jobId), (detail.Caller, detail.Callee, detail.CallType, detail.JobId));
        AssertSameJson(rawReleased.Payload.GetProperty("callContext"), detail.CallContext);
        var rawHangUp = Assert.Single(raw, r => r.Name == "onHangUp");
        Assert.Equal((1, "inbound"), (rawHangUp.ArgumentCount, rawHangUp.Payload.GetString()));
        Assert.Equal("[\"inbound\"]", hungUp.Args.GetRawText());

        // This agent is in after-call work; the transferee's phone rings.
        await page.WaitForStatusAsync(5);
        await AssertStatusReadAsync(page, 5);
        Assert.Equal("ACW", (await AgentStateAsync(Agent)).State);
        Assert.Equal("Ringing", (await AgentStateAsync(Agent2)).State);
        Assert.DoesNotContain(await page.CallsAsync(), c => c.Method is "OnBeforeCallHangup" or "DecideHangUp" or "OnErrorNotify");
    }

    [Fact]
    public async Task A_hang_up_NET_refuses_keeps_the_call_and_one_it_allows_releases_it()
    {
        await using var page = await RegisteredAsync();
        var jobId = await TalkingAsync(page);
        var agentChannel = (await page.WaitForAsync("OnCallEstablish")).Bind<CallDetail>().CallContext
            .GetProperty("ChannelContexts").EnumerateArray().Single(c => c.GetProperty("UserId").GetString() == Agent).GetProperty("ChannelId").GetString();

        // .NET takes its time: nothing is released while the decision is pending.
        await page.SetPolicyAsync("hangUp", "delay");
        await page.InvokeAsync("hangUp");
        var decide = await page.WaitForAsync("DecideHangUp");
        var hangingUp = Assert.Single(await page.CallsAsync("OnBeforeCallHangup"));
        var rawBefore = Assert.Single(await page.RawAsync(), r => r.Name == "onBeforeCallHangup");
        Assert.Equal(["callback", "channelId", "jobId", "userId"], rawBefore.Keys!.Order(StringComparer.Ordinal));
        foreach (var call in new[] { decide, hangingUp })
        {
            Assert.Equal(1, call.Count);
            AssertKeys(call.Arg(), "jobId", "channelId", "userId");
            var request = call.Bind<BeforeHangUp>();
            Assert.Equal((jobId, agentChannel, Agent), (request.JobId, request.ChannelId, request.UserId));
            foreach (var key in new[] { "jobId", "channelId", "userId" })
            {
                Assert.Equal(rawBefore.Payload.GetProperty(key).GetString(), call.Arg().GetProperty(key).GetString());
            }
        }

        var context = decide.Bind<BeforeHangUpContext>();
        Assert.Equal(new BeforeHangUpContext(jobId, agentChannel, Agent), context);
        Assert.Equal(1, await page.PendingAsync("hangUp"));
        Assert.DoesNotContain(_host.Requests, r => r.Action == "ReleaseCall");
        await AssertStatusReadAsync(page, 9);

        // Refused: the call stays up, the status is unchanged, nothing is sent.
        await page.ResolvePendingAsync("hangUp", """{"allow":false}""");
        await QuietAsync(TimeSpan.FromMilliseconds(600), () => Assert.DoesNotContain(_host.Requests, r => r.Action == "ReleaseCall"));
        await AssertStatusReadAsync(page, 9);
        Assert.Equal("Talking", (await AgentStateAsync(Agent)).State);
        Assert.DoesNotContain(await page.CallsAsync(), c => c.Method is "OnCallRelease" or "OnHangUp");

        // Allowed: released, once.
        await page.SetPolicyAsync("hangUp", """{"allow":true}""");
        await page.InvokeAsync("hangUp");
        await page.WaitForAsync("DecideHangUp", skip: 1);
        var released = await page.WaitForAsync("OnCallRelease");
        Assert.Equal(jobId, released.Bind<CallDetail>().JobId);
        Assert.Equal("[\"inbound\"]", (await page.WaitForAsync("OnHangUp")).Args.GetRawText());
        var release = Assert.Single(_host.Requests, r => r.Action == "ReleaseCall");
        Assert.Equal((jobId, agentChannel), (release.Request.GetProperty("jobId").GetString(), release.Request.GetProperty("channelId").GetString()));
        Assert.Equal(200, release.ResponseStatus);
        Assert.NotEqual("Talking", (await AgentStateAsync(Agent)).State);
        Assert.Equal(2, (await page.CallsAsync("OnBeforeCallHangup")).Count);

        // The answers the page's stand-in gave are what a real Softphone's BeforeHangUp hook answers, and the hook saw
        // the payload as BeforeHangUpContext; HangingUp fired for each attempt.
        var decisions = await page.CallsAsync("DecideHangUp");
        foreach (var (decision, expected) in new[] { (HangUpDecision.Refuse(), """{"allow":false}"""), (HangUpDecision.HangUp(), """{"allow":true}""") })
        {
            var (softphone, runtime) = await SoftphoneAsync(page);
            await using (softphone)
            {
                var seen = new List<BeforeHangUpContext>();
                var hangingUpEvents = 0;
                softphone.HangingUp += _ => { hangingUpEvents++; return Task.CompletedTask; };
                softphone.BeforeHangUp = c => { seen.Add(c); return ValueTask.FromResult(decision); };
                var answers = await runtime.ReplayAsync([.. decisions, .. await page.CallsAsync("OnBeforeCallHangup")]);
                Assert.Equal([expected, expected], answers.Take(2));
                Assert.Equal([new BeforeHangUpContext(jobId, agentChannel, Agent), new BeforeHangUpContext(jobId, agentChannel, Agent)], seen);
                Assert.Equal(2, hangingUpEvents);
            }
        }
    }

    [Fact]
    public async Task An_outbound_call_dials_what_NET_decides_and_reports_onCallDialing()
    {
        await using var page = await RegisteredAsync();

        // Refused: nothing is dialed.
        await page.SetPolicyAsync("dial", """{"allow":false,"callee":null}""");
        await page.InvokeAsync("call", "13900000002", "auto");
        var refused = await page.WaitForAsync("OnBeforeCallDialing");
        await QuietAsync(TimeSpan.FromMilliseconds(600), () => Assert.DoesNotContain(_host.Requests, r => r.Action == "MakeCall"));
        await AssertStatusReadAsync(page, 3);
        Assert.DoesNotContain(await page.CallsAsync(), c => c.Method == "OnCallDialing");

        // onBeforeCallDialing({callee, userId, callback}); .NET gets {callee, userId} as BeforeDialingContext.
        var rawBefore = Assert.Single(await page.RawAsync(), r => r.Name == "onBeforeCallDialing");
        Assert.Equal(["callback", "callee", "userId"], rawBefore.Keys!.Order(StringComparer.Ordinal));
        Assert.Equal(1, refused.Count);
        AssertKeys(refused.Arg(), "callee", "userId");
        Assert.Equal(new BeforeDialingContext("13900000002", Agent), refused.Bind<BeforeDialingContext>());

        // Allowed with another callee: MakeCall dials that one.
        await page.SetPolicyAsync("dial", """{"allow":true,"callee":"13900000003"}""");
        await page.InvokeAsync("call", "13900000002", "auto");
        await page.WaitForAsync("OnBeforeCallDialing", skip: 1);
        var dialing = await page.WaitForAsync("OnCallDialing");
        var makeCall = Assert.Single(_host.Requests, r => r.Action == "MakeCall");
        Assert.Equal("13900000003", makeCall.Request.GetProperty("callee").GetString());
        Assert.Equal(Agent, makeCall.Request.GetProperty("userId").GetString());
        Assert.False(makeCall.Request.TryGetProperty("caller", out _)); // 'auto': the service picks the number

        var rawDialing = Assert.Single(await page.RawAsync(), r => r.Name == "onCallDialing");
        Assert.Equal(CallDetailKeys.Order(StringComparer.Ordinal), rawDialing.Keys!.Order(StringComparer.Ordinal));
        AssertKeys(dialing.Arg(), CallDetailKeys);
        var detail = dialing.Bind<CallDetail>();
        Assert.Equal("13900000003", detail.Callee);
        Assert.Equal("OUTBOUND", detail.CallType);
        Assert.False(string.IsNullOrEmpty(detail.JobId));
        Assert.Equal(detail.JobId, detail.CallContext.GetProperty("JobId").GetString());
        using (var made = JsonDocument.Parse(makeCall.ResponseBody!))
        {
            // caller: the number the service picked for MakeCall, the customer leg's originator.
            var context = made.RootElement.GetProperty("Data").GetProperty("CallContext");
            Assert.Equal(detail.JobId, context.GetProperty("JobId").GetString());
            var customerLeg = context.GetProperty("ChannelContexts").EnumerateArray()
                .Single(c => c.GetProperty("UserId").GetString() == "" && c.GetProperty("Destination").GetString() == "13900000003");
            Assert.Equal(customerLeg.GetProperty("Originator").GetString(), detail.Caller);
        }

        Assert.False(string.IsNullOrEmpty(detail.Caller));
        foreach (var key in CallDetailKeys.Where(k => k != "callContext"))
        {
            Assert.Equal(rawDialing.Payload.GetProperty(key).GetString(), dialing.Arg().GetProperty(key).GetString());
        }

        AssertSameJson(rawDialing.Payload.GetProperty("callContext"), detail.CallContext);
        await page.WaitForStatusAsync(8);

        // The callee answers (the emulator's phones answer after a second): outbound talk, then hang up.
        var established = await page.WaitForAsync("OnCallEstablish");
        Assert.Equal(detail.JobId, established.Bind<CallDetail>().JobId);
        await page.WaitForStatusAsync(10);
        await AssertStatusReadAsync(page, 10);
        await page.InvokeAsync("hangUp");
        Assert.Equal("[\"outbound\"]", (await page.WaitForAsync("OnHangUp")).Args.GetRawText());
        Assert.Equal(detail.JobId, Assert.Single(_host.Requests, r => r.Action == "ReleaseCall").Request.GetProperty("jobId").GetString());
        Assert.DoesNotContain(await page.CallsAsync(), c => c.Method == "OnErrorNotify");

        // The page's stand-in answered as a real Softphone's BeforeDialing rule does (refuse, then dial another number),
        // and the rule saw the request as BeforeDialingContext; CallDialing carries the same detail.
        var (softphone, runtime) = await SoftphoneAsync(page);
        await using (softphone)
        {
            var seen = new List<BeforeDialingContext>();
            softphone.BeforeDialing = c =>
            {
                seen.Add(c);
                return ValueTask.FromResult(seen.Count == 1 ? DialDecision.Refuse() : DialDecision.DialInstead("13900000003"));
            };
            CallDetail? raised = null;
            softphone.CallDialing += d => { raised = d; return Task.CompletedTask; };
            var answers = await runtime.ReplayAsync([.. await page.CallsAsync("OnBeforeCallDialing"), dialing]);
            Assert.Equal(["""{"allow":false,"callee":null}""", """{"allow":true,"callee":"13900000003"}"""], answers.Take(2));
            Assert.Equal([new BeforeDialingContext("13900000002", Agent), new BeforeDialingContext("13900000002", Agent)], seen);
            Assert.Equal((detail.Caller, "13900000003", "OUTBOUND", detail.JobId), (raised!.Caller, raised.Callee, raised.CallType, raised.JobId));
        }
    }

    [Fact]
    public async Task GetStatusCode_reads_the_last_status_change_as_a_number_at_every_step()
    {
        await using var page = await BridgeTestPage.OpenAsync(_host, _context, Agent);
        await page.StartAsync();
        await page.WaitForAsync("OnInit");
        var before = await page.StatusCodeAsync();
        Assert.Equal((JsonValueKind.Number, -1), (before.ValueKind, before.GetInt32()));

        // Softphone.GetStatusCodeAsync reads the same handle: what the cloud's {code, lastCode} must not turn into -1.
        var (softphone, _) = await SoftphoneAsync(page);
        await using var disposeSoftphone = softphone;
        Assert.Equal(SoftphoneStatus.Unregistered, await softphone.GetStatusCodeAsync());
        async Task ReadAsync(int expected)
        {
            await AssertStatusReadAsync(page, expected);
            Assert.Equal((SoftphoneStatus)expected, await softphone.GetStatusCodeAsync());
        }

        await page.InvokeAsync("register", SkillGroups(), "default");
        await page.WaitForAsync("OnReady");
        await ReadAsync(3);

        await page.InvokeAsync("applyForBreak", "default");
        await page.WaitForStatusAsync(2, skip: 1);
        await ReadAsync(2);
        Assert.Equal("default", (await _host.WaitForAnsweredAsync("TakeBreak")).Request.GetProperty("code").GetString());

        await page.InvokeAsync("ready");
        await page.WaitForStatusAsync(3, skip: 1);
        await ReadAsync(3);

        var jobId = await InboundAsync();
        await page.WaitForStatusAsync(6);
        await ReadAsync(6);
        await page.InvokeAsync("answer");
        await page.WaitForStatusAsync(9);
        await ReadAsync(9);
        await page.InvokeAsync("hangUp");
        await page.WaitForAsync("OnHangUp");
        await page.WaitForStatusAsync(5);
        await ReadAsync(5);
        Assert.Equal(jobId, Assert.Single(_host.Requests, r => r.Action == "ReleaseCall").Request.GetProperty("jobId").GetString());

        await page.InvokeAsync("logOut");
        Assert.Equal(0, (await page.WaitForAsync("OnLogOut")).Count);
        await page.WaitForStatusAsync(1, skip: 1);
        await ReadAsync(1);

        // Registered, the read is never -1, and every change's code is one .NET knows.
        var changes = await page.CallsAsync("OnStatusChange");
        Assert.All(changes.Skip(1), c => Assert.NotEqual(-1, c.Arg().GetProperty("code").GetInt32()));
        Assert.All(changes, c => Assert.True(Enum.IsDefined(c.Bind<StatusChange>().Code), c.ToString()));
        for (var i = 1; i < changes.Count; i++)
        {
            Assert.Equal(changes[i - 1].Arg().GetProperty("code").GetInt32(), changes[i].Arg().GetProperty("lastCode").GetInt32());
        }
    }

    [Fact]
    public async Task An_api_error_reaches_NET_as_the_clouds_onErrorNotify_payload()
    {
        await using var page = await RegisteredAsync();

        await page.InvokeAsync("applyForBreak", "no-such-break-code");
        var notified = await page.WaitForAsync("OnErrorNotify");
        var takeBreak = await _host.WaitForAnsweredAsync("TakeBreak");
        using var envelope = JsonDocument.Parse(takeBreak.ResponseBody!);
        var code = envelope.RootElement.GetProperty("Code").GetString();
        Assert.NotEqual("OK", code);

        // onErrorNotify({errorCode, errorMsg, errorMsgTip, requestId}): no errorApi (that is 1.x), all strings.
        var rawError = Assert.Single(await page.RawAsync(), r => r.Name == "onErrorNotify");
        Assert.Equal(1, rawError.ArgumentCount);
        Assert.Equal(["errorCode", "errorMsg", "errorMsgTip", "requestId"], rawError.Keys!.Order(StringComparer.Ordinal));
        Assert.Equal(1, notified.Count);
        AssertKeys(notified.Arg(), "errorCode", "errorMsg", "errorMsgTip", "requestId");
        AssertSameJson(rawError.Payload, notified.Arg());
        var error = notified.Bind<SoftphoneError>();
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(envelope.RootElement.GetProperty("RequestId").GetString(), error.RequestId);
        Assert.False(string.IsNullOrEmpty(error.ErrorMsg));
        Assert.NotNull(error.ErrorMsgTip);

        // Nothing changed: still ready; a real Softphone raises Error with it.
        await AssertStatusReadAsync(page, 3);
        Assert.Equal("Ready", (await AgentStateAsync(Agent)).State);
        var (softphone, runtime) = await SoftphoneAsync(page);
        await using (softphone)
        {
            SoftphoneError? raised = null;
            softphone.Error += e => { raised = e; return Task.CompletedTask; };
            await runtime.ReplayAsync([notified]);
            Assert.Equal(error, raised);
        }
    }

    [Fact]
    public async Task The_sign_in_status_sequence_is_the_same_in_20_runs()
    {
        const int Runs = 20;

        // 20 sign-ins make more requests than the proxy lets one CRM user make in a minute (its rate limit, not the
        // subject here): a host of the same emulator without the limit.
        await using var host = await WorkbenchTestHost.StartAsync(_emulator, new WorkbenchTestHostOptions
        {
            ConfigureApp = BridgeTestPage.Map,
            ConfigureProxy = o => o.RateLimitPermitLimit = 0,
        });
        var signIns = new List<int[]>();
        var wholeRuns = new List<int[]>();
        var clock = Stopwatch.StartNew();
        for (var run = 0; run < Runs; run++)
        {
            await using var page = await BridgeTestPage.OpenAsync(host, _context, Agent);
            Assert.True(await page.StartAsync(), $"run {run}: the page does not own the softphone");
            await page.WaitForAsync("OnInit");
            await page.InvokeAsync("register", SkillGroups(), "default");
            await page.WaitForAsync("OnReady");
            await page.WaitForStatusAsync(3);
            signIns.Add([.. await page.StatusCodesAsync()]);
            Assert.Equal(3, (await page.StatusCodeAsync()).GetInt32());

            // Sign out, so the next run starts from offline; the run's whole sequence shows nothing came in between.
            await page.InvokeAsync("logOut");
            await page.WaitForAsync("OnLogOut");
            await page.WaitForStatusAsync(1, skip: 1);
            Assert.Equal("Offline", (await AgentStateAsync(Agent)).State);
            var codes = await page.StatusCodesAsync();
            wholeRuns.Add([.. codes]);
            Assert.Equal(codes, (await page.RawAsync()).Where(r => r.Name == "onStatusChange").Select(r => r.Payload.GetProperty("code").GetInt32()));
        }

        output.WriteLine($"{Runs} sign-ins in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(Runs, signIns.Count);
        Assert.All(signIns, s => Assert.Equal(signIns[0], s));
        Assert.All(signIns, s => Assert.Equal([0, 1, 2, 3], s));
        Assert.All(wholeRuns, s => Assert.Equal([0, 1, 2, 3, 1], s));
        Assert.Equal(Runs, host.Requests.Count(r => r.Action == "GetLoginDetails"));
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>A real <see cref="Ccc.Sdk.Softphone.Softphone"/> on <paramref name="page"/> (<see cref="BlazorStandIn"/>), started with the page's settings.</summary>
    private async Task<(Ccc.Sdk.Softphone.Softphone Softphone, BlazorStandIn Runtime)> SoftphoneAsync(BridgeTestPage page, Action<SoftphoneOptions>? configure = null)
    {
        var runtime = new BlazorStandIn(page);
        var options = new SoftphoneOptions
        {
            ScriptUrl = BridgeTestPage.WorkbenchScriptUrl(_emulator),
            InstanceId = _emulator.InstanceId,
            RegionId = _emulator.RegionId,
            AjaxOrigin = _host.Origin.ToString().TrimEnd('/'),
            AjaxPath = WorkbenchTestHost.ProxyPath,
        };
        configure?.Invoke(options);
        var softphone = new Ccc.Sdk.Softphone.Softphone(runtime, options);
        await softphone.StartAsync(BridgeTestPage.Dom);
        Assert.NotEqual(0, runtime.DotNetObjectId);
        return (softphone, runtime);
    }

    /// <summary>The skill groups the way <c>Softphone.RegisterAsync</c> sends them.</summary>
    private static SkillGroupLogin[] SkillGroups() =>
        [new("sales@ccc-local", "sales", 5), new("support@ccc-local", "support", 3)];

    private async Task<BridgeTestPage> RegisteredAsync()
    {
        var page = await BridgeTestPage.OpenAsync(_host, _context, Agent);
        Assert.True(await page.StartAsync());
        await page.WaitForAsync("OnInit");
        await page.InvokeAsync("register", SkillGroups(), "default");
        await page.WaitForAsync("OnReady");
        await page.WaitForStatusAsync(3);
        return page;
    }

    /// <summary>An inbound call from <see cref="Customer"/> to the hotline, answered through the bridge; its job id.</summary>
    private async Task<string> TalkingAsync(BridgeTestPage page)
    {
        var jobId = await InboundAsync();
        await page.WaitForAsync("OnCallComing");
        await page.InvokeAsync("answer");
        await page.WaitForAsync("OnCallEstablish");
        await page.WaitForStatusAsync(9);
        return jobId;
    }

    /// <summary>
    /// Asserts that <c>handle.getStatusCode()</c> gives .NET a number (what <c>Softphone.GetStatusCodeAsync</c> reads as
    /// an int) equal to <paramref name="expected"/> and to the code of the last <c>OnStatusChange</c>.
    /// </summary>
    private static async Task AssertStatusReadAsync(BridgeTestPage page, int expected)
    {
        var read = await page.StatusCodeAsync();
        Assert.Equal(JsonValueKind.Number, read.ValueKind);
        var last = (await page.CallsAsync("OnStatusChange")).Last().Arg().GetProperty("code").GetInt32();
        Assert.Equal((expected, expected), (read.GetInt32(), last));
    }

    /// <summary>The script's <c>onStatusChange</c> payload is the cloud's <c>{code, lastCode, context}</c>, and .NET gets it as it was.</summary>
    private static void AssertStatusChangeShape(RawCallback raw, BridgeCall call)
    {
        Assert.Equal(1, raw.ArgumentCount);
        Assert.Equal(["code", "context", "lastCode"], raw.Keys!.Order(StringComparer.Ordinal));
        Assert.Equal(1, call.Count);
        AssertKeys(call.Arg(), "code", "lastCode", "context");
        Assert.Equal(JsonValueKind.Number, call.Arg().GetProperty("code").ValueKind);
        Assert.Equal(JsonValueKind.Number, call.Arg().GetProperty("lastCode").ValueKind);
        Assert.Equal(JsonValueKind.Object, call.Arg().GetProperty("context").ValueKind);
        AssertSameJson(raw.Payload, call.Arg());
        var bound = call.Bind<StatusChange>();
        Assert.Equal(raw.Payload.GetProperty("code").GetInt32(), (int)bound.Code);
        Assert.Equal(raw.Payload.GetProperty("lastCode").GetInt32(), (int)bound.LastCode);
        AssertSameJson(raw.Payload.GetProperty("context"), bound.Context);
    }

    /// <summary>The object has exactly <paramref name="keys"/> (in any order).</summary>
    private static void AssertKeys(JsonElement value, params string[] keys)
    {
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        Assert.Equal(keys.Order(StringComparer.Ordinal), value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>The two JSON values are equal (objects by key, in any order).</summary>
    private static void AssertSameJson(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"{expected.GetRawText()} != {actual.GetRawText()}");

    /// <summary>Asserts <paramref name="check"/> holds throughout <paramref name="period"/> (for what must not happen).</summary>
    private static async Task QuietAsync(TimeSpan period, Action check)
    {
        var end = DateTime.UtcNow + period;
        do
        {
            check();
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < end);
        check();
    }

    private async Task ReadyAsync(string userId)
    {
        await _client.SignInGroupAsync(new SignInGroupRequest { UserId = userId, DeviceId = "dev-" + userId, SignedSkillGroupIdList = ["sales@ccc-local"] });
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

    /// <summary>A call from <see cref="Customer"/> to <see cref="Hotline"/> (routed to the ready agent); its job id.</summary>
    private async Task<string> InboundAsync()
    {
        using var http = new HttpClient { BaseAddress = _emulator.Endpoint };
        using var response = await http.PostAsJsonAsync("/_emulator/calls/inbound", new { from = Customer, to = Hotline });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("contactId").GetString()!;
    }
}
