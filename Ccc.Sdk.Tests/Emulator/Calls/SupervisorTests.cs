using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Events;

using static Ccc.Sdk.Tests.Emulator.Workbench.GatewaySocket;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>
/// Supervisor legs (issue 13, docs/emulator-calls.md "Supervisors", decision 0012) through <see cref="CccClient"/>:
/// a live inbound call answered by agent1; the seed's supervisor monitors, coaches, barges in and intercepts; the
/// legs show in the answers' channels, the events, the CDR and the agent gateway's status codes.
/// </summary>
public sealed class SupervisorTests : CallTestBase, IAsyncLifetime
{
    private const string Supervisor = "supervisor@ccc-local";
    private const string Customer = "13800000001";

    private readonly List<ClientWebSocket> _sockets = [];
    private CccClient _client = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var options = new CccClientOptions { Endpoint = H.Emulator.Endpoint, InstanceId = Instance };
        _client = new CccClient(new AccessKeyCredential(CccEmulator.DevAccessKeyId, CccEmulator.DevAccessKeySecret), options, timeProvider: H.Clock);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var ws in _sockets)
        {
            ws.Dispose();
        }

        _client.Dispose();
        await DisposeAsync();
    }

    [Fact]
    public async Task The_supervisor_monitors_coaches_barges_in_and_intercepts_and_each_leg_and_event_shows()
    {
        var jobId = await Agent1TalkingAsync();
        var agentChannel = AgentChannel(jobId);

        // Monitor: a new leg rings the supervisor's softphone.
        var monitor = (await _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 })).Value;
        Assert.Equal(jobId, monitor.CallContext!.JobId);
        Assert.Equal(("RINGING", jobId), (monitor.UserContext!.UserState, monitor.UserContext.JobId));
        var ringing = Assert.Single(monitor.CallContext.ChannelContexts!, c => c.UserId == Supervisor);
        Assert.Equal(("MONITOR", "RINGING", "8001", "8004", "MONITORING"),
            (ringing.CallType, ringing.ChannelState, ringing.Originator, ringing.Destination, ringing.ChannelFlags));
        Assert.Equal(3, monitor.CallContext.ChannelContexts!.Count);

        Advance(2_000);
        await _client.AnswerCallAsync(new AnswerCallRequest { UserId = Supervisor, JobId = jobId });
        Assert.Equal("TALKING", StateOf(Supervisor));

        // Coach, then barge in: the same leg changes mode, no new channel.
        var coach = (await _client.CoachCallAsync(new CoachCallRequest { UserId = Supervisor, JobId = jobId, CoachedUserId = Agent1 })).Value;
        var coaching = Assert.Single(coach.CallContext!.ChannelContexts!, c => c.UserId == Supervisor);
        Assert.Equal((ringing.ChannelId, "COACH", "ANSWERED", "COACHING"), (coaching.ChannelId, coaching.CallType, coaching.ChannelState, coaching.ChannelFlags));
        var barge = (await _client.BargeInCallAsync(new BargeInCallRequest { UserId = Supervisor, JobId = jobId, BargedUserId = Agent1 })).Value;
        var barging = Assert.Single(barge.CallContext!.ChannelContexts!, c => c.UserId == Supervisor);
        Assert.Equal((ringing.ChannelId, "BARGE", "BARGING"), (barging.ChannelId, barging.CallType, barging.ChannelFlags));
        Assert.Equal(3, barge.CallContext.ChannelContexts!.Count);

        // Intercept: the supervisor takes agent1's place, agent1's leg is released.
        Advance(1_000);
        var intercept = (await _client.InterceptCallAsync(new InterceptCallRequest { UserId = Supervisor, JobId = jobId, InterceptedUserId = Agent1 })).Value;
        var channels = intercept.CallContext!.ChannelContexts!;
        var taken = Assert.Single(channels, c => c.UserId == Supervisor);
        var left = Assert.Single(channels, c => c.UserId == Agent1);
        Assert.Equal(("INTERCEPT", "ANSWERED", ""), (taken.CallType, taken.ChannelState, taken.ChannelFlags));
        Assert.Equal(("RELEASED", "200 - Okay (intercepted)", "agent"), (left.ChannelState, left.ReleaseReason, left.ReleaseInitiator));
        Assert.Equal(("WORKING", "TALKING"), (StateOf(Agent1), StateOf(Supervisor)));
        var status = (await _client.PollUserStatusAsync(new PollUserStatusRequest { UserId = Supervisor })).Value;
        Assert.Equal(jobId, status.CallContext!.JobId);

        // The events of the supervisor's leg, in order, with the cloud's names and scenarios.
        var events = Events(jobId);
        var own = events.Where(e => e.ChannelId == ringing.ChannelId && e.AgentId == Supervisor).Select(e => (e.EventType, e.Scenario)).ToList();
        Assert.Equal(
            [
                ("Ringing", "MONITORING"), ("AgentRinging", "MONITORING"), ("AgentTalk", "MONITORING"), ("Established", "MONITORING"),
                ("StartMonitor", null), ("StopMonitor", null), ("StartCoach", null), ("StopCoach", null), ("BargeIn", null),
                ("AgentTalk", "INTERCEPTING"), ("Intercept", null),
            ],
            own);
        Assert.All(events.Where(e => e.EventType is "StartMonitor" or "StartCoach" or "BargeIn" or "Intercept"), e => Assert.Equal(Agent1, e.Counterparty));
        var agentRelease = Assert.Single(events, e => e.EventType == "AgentRelease" && e.AgentId == Agent1);
        Assert.Equal((agentChannel, "INTERCEPTED"), (agentRelease.ChannelId, agentRelease.Scenario));

        // The supervisor ends the call; the CDR lists the supervisor as an agent with the leg's steps.
        Advance(3_000);
        await _client.ReleaseCallAsync(new ReleaseCallRequest { UserId = Supervisor, JobId = jobId });
        var cdr = (await _client.GetCallDetailRecordAsync(new GetCallDetailRecordRequest { ContactId = jobId })).Value;
        Assert.Equal("Success", cdr.ContactDisposition);
        Assert.Equal($"{Agent1},{Supervisor}", cdr.AgentIds);
        var steps = Assert.Single(cdr.AgentEvents!, a => a.AgentId == Supervisor);
        Assert.Equal("Dana Zhou", steps.AgentName);
        Assert.Equal(
            ["AgentRinging", "AgentTalk", "StartMonitor", "StopMonitor", "StartCoach", "StopCoach", "BargeIn", "AgentTalk", "Intercept", "Released"],
            steps.EventSequence!.Select(s => s.Event));
        Assert.Equal(2_000, steps.EventSequence![0].Duration); // rang two seconds before the supervisor answered
        var listed = new List<CallDetailRecord>();
        await foreach (var record in _client.ListCallDetailRecordsV2Async(new ListCallDetailRecordsV2Request { ContactIdList = [jobId], StartTime = DateTimeOffset.UnixEpoch }))
        {
            listed.Add(record);
        }

        Assert.Equal(TimeSpan.Zero, Assert.Single(listed).RingTime); // the supervisor's two seconds of ringing are not the call's
    }

    [Fact]
    public async Task A_monitoring_supervisor_who_hangs_up_leaves_the_call_to_the_agent_and_is_ready_without_after_call_work()
    {
        var jobId = await Agent1TalkingAsync();
        await AutoAnswer(Supervisor, 500);

        var monitor = (await _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 })).Value;
        Advance(500);
        Assert.Equal("TALKING", StateOf(Supervisor));
        var released = (await _client.ReleaseCallAsync(new ReleaseCallRequest { UserId = Supervisor, JobId = jobId })).Value;

        var leg = Assert.Single(released.CallContext!.ChannelContexts!, c => c.UserId == Supervisor);
        Assert.Equal(("RELEASED", "200 - Okay"), (leg.ChannelState, leg.ReleaseReason));
        Assert.All(released.CallContext.ChannelContexts!.Where(c => c.UserId != Supervisor), c => Assert.Equal("ANSWERED", c.ChannelState));
        Assert.Equal(("READY", "TALKING"), (StateOf(Supervisor), StateOf(Agent1)));
        Assert.Equal(["StartMonitor", "StopMonitor", "Released", "AgentRelease"],
            Events(jobId).Where(e => e.AgentId == Supervisor).Select(e => e.EventType).SkipWhile(t => t != "StartMonitor"));

        await _client.ReleaseCallAsync(new ReleaseCallRequest { UserId = Agent1, JobId = jobId });
        var cdr = (await _client.GetCallDetailRecordAsync(new GetCallDetailRecordRequest { ContactId = jobId })).Value;
        Assert.Equal(Agent1, cdr.AgentIds); // the supervisor only listened
        Assert.Contains(cdr.AgentEvents!, a => a.AgentId == Supervisor);
        Assert.Equal(monitor.CallContext!.JobId, cdr.ContactId);
    }

    [Fact]
    public async Task When_the_agent_hangs_up_the_supervisors_leg_ends_with_the_call_and_StopMonitor_is_sent()
    {
        var jobId = await Agent1TalkingAsync();
        await AutoAnswer(Supervisor);
        await _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 });
        Advance(1);

        await _client.ReleaseCallAsync(new ReleaseCallRequest { UserId = Agent1, JobId = jobId });

        var names = EventNames(jobId).ToList();
        Assert.Contains("StopMonitor", names);
        Assert.True(names.IndexOf("StopMonitor") < names.IndexOf("CDRReady"));
        Assert.Equal(("READY", "WORKING"), (StateOf(Supervisor), StateOf(Agent1)));
    }

    [Fact]
    public async Task An_unanswered_supervisor_leg_is_released_after_TimeoutSeconds_and_the_call_goes_on()
    {
        var jobId = await Agent1TalkingAsync();

        await _client.BargeInCallAsync(new BargeInCallRequest { UserId = Supervisor, JobId = jobId, BargedUserId = Agent1, TimeoutSeconds = 10 });
        Advance(9_999);
        Assert.Equal("RINGING", StateOf(Supervisor));
        Advance(1);

        var status = (await _client.PollUserStatusAsync(new PollUserStatusRequest { UserId = Agent1 })).Value;
        var leg = Assert.Single(status.CallContext!.ChannelContexts!, c => c.UserId == Supervisor);
        Assert.Equal(("RELEASED", "480 - Temporarily Unavailable"), (leg.ChannelState, leg.ReleaseReason));
        Assert.Equal(("READY", "TALKING"), (StateOf(Supervisor), StateOf(Agent1)));
        Assert.DoesNotContain("BargeIn", EventNames(jobId));
    }

    [Fact]
    public async Task A_mode_changed_while_the_leg_rings_starts_when_it_is_answered()
    {
        var jobId = await Agent1TalkingAsync();
        await _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 });
        var barge = (await _client.BargeInCallAsync(new BargeInCallRequest { UserId = Supervisor, JobId = jobId, BargedUserId = Agent1 })).Value;
        Assert.Equal(("BARGE", "RINGING"), barge.CallContext!.ChannelContexts!.Where(c => c.UserId == Supervisor).Select(c => (c.CallType, c.ChannelState)).Single());

        await _client.AnswerCallAsync(new AnswerCallRequest { UserId = Supervisor, JobId = jobId });

        var names = EventNames(jobId);
        Assert.Contains("BargeIn", names);
        Assert.DoesNotContain("StartMonitor", names);
    }

    [Fact]
    public async Task DTMF_from_a_monitoring_or_coaching_leg_does_not_reach_the_customer_and_from_a_barging_leg_it_does()
    {
        var jobId = await Agent1TalkingAsync();
        await AutoAnswer(Supervisor);
        var monitor = (await _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 })).Value;
        var leg = monitor.CallContext!.ChannelContexts!.Single(c => c.UserId == Supervisor).ChannelId!;
        Advance(1);

        await _client.SendDtmfSignalingAsync(new SendDtmfSignalingRequest { UserId = Supervisor, JobId = jobId, ChannelId = leg, Dtmf = "9" });
        Assert.Equal("", await DigitsHeardAsync(Customer));

        await _client.CoachCallAsync(new CoachCallRequest { UserId = Supervisor, JobId = jobId, CoachedUserId = Agent1 });
        await _client.SendDtmfSignalingAsync(new SendDtmfSignalingRequest { UserId = Supervisor, JobId = jobId, ChannelId = leg, Dtmf = "1" });
        Assert.Equal("", await DigitsHeardAsync(Customer));

        await _client.BargeInCallAsync(new BargeInCallRequest { UserId = Supervisor, JobId = jobId, BargedUserId = Agent1 });
        await _client.SendDtmfSignalingAsync(new SendDtmfSignalingRequest { UserId = Supervisor, JobId = jobId, ChannelId = leg, Dtmf = "5" });
        Assert.Equal("5", await DigitsHeardAsync(Customer));
    }

    [Fact]
    public async Task The_agent_gateway_shows_the_supervisor_24_then_21_monitoring_26_coaching_25_barge_and_ready_after()
    {
        var jobId = await Agent1TalkingAsync();
        var ws = await ConnectedAsync(Supervisor);

        await _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 });
        Assert.Equal(jobId, Str(await NextOf(ws, "callComing"), "jobId"));
        Assert.Equal(24, await NextCodeAsync(ws, 3));
        await _client.AnswerCallAsync(new AnswerCallRequest { UserId = Supervisor, JobId = jobId });
        Assert.Equal(21, await NextCodeAsync(ws, 24));
        await _client.CoachCallAsync(new CoachCallRequest { UserId = Supervisor, JobId = jobId, CoachedUserId = Agent1 });
        Assert.Equal(26, await NextCodeAsync(ws, 21));
        await _client.BargeInCallAsync(new BargeInCallRequest { UserId = Supervisor, JobId = jobId, BargedUserId = Agent1 });
        Assert.Equal(25, await NextCodeAsync(ws, 26));
        await _client.ReleaseCallAsync(new ReleaseCallRequest { UserId = Supervisor, JobId = jobId });
        Assert.Equal(3, await NextCodeAsync(ws, 25));
    }

    [Fact]
    public async Task An_agent_who_is_not_a_supervisor_gets_Permission_User_and_nothing_changes()
    {
        var jobId = await Agent1TalkingAsync();
        await Ready(Agent3, Support);
        Assert.Equal(jobId, (await _client.PollUserStatusAsync(new PollUserStatusRequest { UserId = Agent1 })).Value.CallContext!.JobId);

        var monitor = await Assert.ThrowsAnyAsync<CccException>(() => _client.MonitorCallAsync(new MonitorCallRequest { UserId = Agent3, MonitoredUserId = Agent1 }));
        var coach = await Assert.ThrowsAnyAsync<CccException>(() => _client.CoachCallAsync(new CoachCallRequest { UserId = Agent3, JobId = jobId, CoachedUserId = Agent1 }));
        var barge = await Assert.ThrowsAnyAsync<CccException>(() => _client.BargeInCallAsync(new BargeInCallRequest { UserId = Agent3, JobId = jobId, BargedUserId = Agent1 }));
        var intercept = await Assert.ThrowsAnyAsync<CccException>(() => _client.InterceptCallAsync(new InterceptCallRequest { UserId = Agent3, JobId = jobId, InterceptedUserId = Agent1 }));

        foreach (var refused in new[] { monitor, coach, barge, intercept })
        {
            Assert.Equal((403, "Permission.User"), (refused.HttpStatusCode, refused.Code));
        }

        Assert.Contains("is not a supervisor", monitor.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await _client.PollUserStatusAsync(new PollUserStatusRequest { UserId = Agent1 })).Value.CallContext!.ChannelContexts!.Count);
        Assert.Equal(("READY", "TALKING"), (StateOf(Agent3), StateOf(Agent1)));
    }

    [Fact]
    public async Task An_unknown_or_ended_job_id_is_NotExists_JobId()
    {
        var jobId = await Agent1TalkingAsync();
        await _client.ReleaseCallAsync(new ReleaseCallRequest { UserId = Agent1, JobId = jobId });

        var unknown = await Assert.ThrowsAnyAsync<CccException>(() => _client.CoachCallAsync(new CoachCallRequest { UserId = Supervisor, JobId = "job-0000000000000000000000000000000000000000000000", CoachedUserId = Agent1 }));
        var ended = await Assert.ThrowsAnyAsync<CccException>(() => _client.InterceptCallAsync(new InterceptCallRequest { UserId = Supervisor, JobId = jobId, InterceptedUserId = Agent1 }));

        Assert.Equal((404, "NotExists.JobId"), (unknown.HttpStatusCode, unknown.Code));
        Assert.Equal((404, "NotExists.JobId"), (ended.HttpStatusCode, ended.Code));
        Assert.Equal("READY", StateOf(Supervisor));
    }

    [Fact]
    public async Task A_call_not_in_progress_for_the_agent_is_UserStateNotAllowed()
    {
        await Ready(Supervisor);
        await Ready(Agent1, Sales);

        // agent1 has no call; then a call rings agent1 but is not answered yet.
        var idle = await Assert.ThrowsAnyAsync<CccException>(() => _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 }));
        var jobId = await Inbound(Customer, BeijingLine);
        Assert.Equal("RINGING", StateOf(Agent1));
        var offered = await Assert.ThrowsAnyAsync<CccException>(() => _client.BargeInCallAsync(new BargeInCallRequest { UserId = Supervisor, JobId = jobId, BargedUserId = Agent1 }));
        var notInCall = await Assert.ThrowsAnyAsync<CccException>(() => _client.CoachCallAsync(new CoachCallRequest { UserId = Supervisor, JobId = jobId, CoachedUserId = Agent2 }));

        foreach (var refused in new[] { idle, offered, notInCall })
        {
            Assert.Equal((400, "UserStateNotAllowed"), (refused.HttpStatusCode, refused.Code));
        }

        Assert.Contains("RINGING", offered.Message, StringComparison.Ordinal);
        Assert.Equal("READY", StateOf(Supervisor));
        Assert.DoesNotContain(Events(jobId), e => e.AgentId == Supervisor);
    }

    [Fact]
    public async Task Supervising_yourself_is_Parameter_Invalid_and_a_supervisor_not_ready_is_UserStateNotAllowed()
    {
        var jobId = await Agent1TalkingAsync();

        var monitorSelf = await Assert.ThrowsAnyAsync<CccException>(() => _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Supervisor }));
        var coachSelf = await Assert.ThrowsAnyAsync<CccException>(() => _client.CoachCallAsync(new CoachCallRequest { UserId = Supervisor, JobId = jobId, CoachedUserId = Supervisor }));
        await Ok("TakeBreak", ("UserId", Supervisor), ("Code", "meeting"));
        var onBreak = await Assert.ThrowsAnyAsync<CccException>(() => _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 }));

        Assert.Equal((400, "Parameter.Invalid"), (monitorSelf.HttpStatusCode, monitorSelf.Code));
        Assert.Contains("MonitoredUserId", monitorSelf.Message, StringComparison.Ordinal);
        Assert.Equal((400, "Parameter.Invalid"), (coachSelf.HttpStatusCode, coachSelf.Code));
        Assert.Contains("CoachedUserId", coachSelf.Message, StringComparison.Ordinal);
        Assert.Equal((400, "UserStateNotAllowed"), (onBreak.HttpStatusCode, onBreak.Code));
        Assert.Equal(2, (await _client.PollUserStatusAsync(new PollUserStatusRequest { UserId = Agent1 })).Value.CallContext!.ChannelContexts!.Count);
    }

    [Fact]
    public async Task A_TimeoutSeconds_out_of_range_is_refused_before_anything_rings()
    {
        var jobId = await Agent1TalkingAsync();

        var tooShort = await Assert.ThrowsAnyAsync<CccException>(() => _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1, TimeoutSeconds = 1 }));

        Assert.Equal((400, "Parameter.Minimum"), (tooShort.HttpStatusCode, tooShort.Code));
        Assert.Equal("READY", StateOf(Supervisor));
        Assert.DoesNotContain(Events(jobId), e => e.AgentId == Supervisor);
    }

    [Fact]
    public async Task An_OFF_SITE_supervisors_mobile_is_dialled_through_an_outbound_number_and_joins_when_it_answers()
    {
        var jobId = await Agent1TalkingAsync();
        await Ok("ChangeWorkMode", ("UserId", Supervisor), ("WorkMode", "OFF_SITE"), ("Mobile", "13900000009"));
        await SetPhone("13900000009", """{"behavior":"answer","answerAfterMs":1500}""");

        var monitor = (await _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 })).Value;
        var leg = Assert.Single(monitor.CallContext!.ChannelContexts!, c => c.UserId == Supervisor);
        Assert.Equal(("13900000009", "RINGING", "MONITOR"), (leg.Destination, leg.ChannelState, leg.CallType));
        Advance(1_500);

        Assert.Equal("TALKING", StateOf(Supervisor));
        Assert.Contains("StartMonitor", EventNames(jobId));
        var (status, _) = await Control(HttpMethod.Post, "/_emulator/phones/13900000009/hang-up");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("READY", "TALKING"), (StateOf(Supervisor), StateOf(Agent1)));
        Assert.Contains("StopMonitor", EventNames(jobId));
    }

    [Fact]
    public async Task An_outbound_call_still_dialling_the_customer_cannot_be_monitored_yet()
    {
        await Ready(Supervisor);
        await Ready(Agent1, Sales);
        await SetPhone("13800000002", """{"behavior":"manual"}""");
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", "13800000002"), ("Caller", BeijingLine)));

        var dialling = await Assert.ThrowsAnyAsync<CccException>(() => _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 }));
        var (answered, _) = await Control(HttpMethod.Post, "/_emulator/phones/13800000002/answer");
        Assert.Equal(HttpStatusCode.OK, answered);
        var monitor = (await _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 })).Value;

        Assert.Equal((400, "UserStateNotAllowed"), (dialling.HttpStatusCode, dialling.Code));
        Assert.Equal((jobId, "OUTBOUND"), (monitor.CallContext!.JobId, monitor.CallContext.CallType));
        Assert.Contains(monitor.CallContext.ChannelContexts!, c => c.UserId == Supervisor && c.CallType == "MONITOR");
    }

    [Fact]
    public async Task The_media_relay_keeps_the_agents_audio_while_the_supervisor_listens_and_hands_it_over_on_intercept()
    {
        await Ready(Supervisor);
        await Ready(Agent1, Sales);
        var agent = await ConnectedAsync(Agent1);
        var supervisor = await ConnectedAsync(Supervisor);
        var phone = await OpenAsync("/_emulator/phone-gateway", $$"""{"type":"hello","number":"{{Customer}}"}""");
        await NextOf(phone, "welcome");
        var jobId = await Inbound(Customer, BeijingLine);
        await _client.AnswerCallAsync(new AnswerCallRequest { UserId = Agent1, JobId = jobId });
        var answerer = await NextOf(phone, "mediaStart");
        Assert.Equal(("answerer", "8001"), (Str(answerer, "role"), Str(answerer, "peer")));
        await NextOf(agent, "mediaStart");

        await _client.MonitorCallAsync(new MonitorCallRequest { UserId = Supervisor, MonitoredUserId = Agent1 });
        await _client.AnswerCallAsync(new AnswerCallRequest { UserId = Supervisor, JobId = jobId });
        await NextOf(supervisor, "callEstablish");
        Assert.Equal(21, (await NextOf(supervisor, "statusChange")).GetProperty("code").GetInt32());
        await AssertSilent(supervisor); // no mediaStart: a listening supervisor gets no audio
        await AssertSilent(phone); // and the customer's audio stays with the agent
        await AssertSilent(agent);

        await _client.InterceptCallAsync(new InterceptCallRequest { UserId = Supervisor, JobId = jobId, InterceptedUserId = Agent1 });
        Assert.Equal(jobId, Str(await NextOf(agent, "mediaStop"), "jobId"));
        Assert.Equal(jobId, Str(await NextOf(phone, "mediaStop"), "jobId"));
        var handedOver = await NextOf(phone, "mediaStart");
        Assert.Equal(("answerer", "8004"), (Str(handedOver, "role"), Str(handedOver, "peer")));
        var offerer = await NextOf(supervisor, "mediaStart");
        Assert.Equal(("offerer", Customer), (Str(offerer, "role"), Str(offerer, "peer")));
    }

    [Fact]
    public void The_pushed_payload_of_a_supervision_event_names_the_counterparty()
    {
        var e = new CallEvent
        {
            EventType = "StartCoach", EventTime = 1_764_144_000_000, InstanceId = Instance, ContactId = "job-1", ChannelId = "ch-1",
            CallType = "INBOUND", AgentId = Supervisor, Counterparty = Agent1,
        };

        using var json = JsonDocument.Parse(EventPayload.Build(e, null, null, null));

        Assert.Equal(Agent1, json.RootElement.GetProperty("counterparty").GetString());
        Assert.Equal(Supervisor, json.RootElement.GetProperty("agentId").GetString());
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>The supervisor READY (no skill group), agent1 talking to the customer on an inbound call; returns its job id.</summary>
    private async Task<string> Agent1TalkingAsync()
    {
        await Ready(Supervisor);
        await Ready(Agent1, Sales);
        var jobId = await Inbound(Customer, BeijingLine);
        await _client.AnswerCallAsync(new AnswerCallRequest { UserId = Agent1, JobId = jobId });
        Assert.Equal("TALKING", StateOf(Agent1));
        return jobId;
    }

    private string AgentChannel(string jobId)
    {
        var instance = H.Emulator.State.GetInstance(Instance);
        lock (instance.Gate)
        {
            return CallEngine.GetActive(instance, jobId).LiveChannelOf(Agent1)!.ChannelId;
        }
    }

    private async Task<string> DigitsHeardAsync(string number)
    {
        var (status, body) = await Control(HttpMethod.Get, $"/_emulator/phones/{number}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("dtmfReceived").GetString()!;
    }

    private async Task<ClientWebSocket> ConnectedAsync(string userId)
    {
        var signature = (await _client.GetLoginDetailsAsync(new GetLoginDetailsRequest { UserId = userId })).Value.Signature;
        var ws = await OpenAsync("/workbench/agent-gateway", JsonSerializer.Serialize(new Dictionary<string, string?> { ["type"] = "hello", ["userId"] = userId, ["signature"] = signature }));
        await NextOf(ws, "welcome");
        await NextOf(ws, "statusChange");
        return ws;
    }

    private async Task<ClientWebSocket> OpenAsync(string path, string hello)
    {
        var ws = new ClientWebSocket();
        _sockets.Add(ws);
        using var timeout = new CancellationTokenSource(Wait);
        await ws.ConnectAsync(new Uri($"ws://{H.Emulator.Endpoint.Authority}{path}"), timeout.Token);
        await Send(ws, hello);
        return ws;
    }

    private static async Task<int> NextCodeAsync(ClientWebSocket ws, int lastCode)
    {
        var change = await NextOf(ws, "statusChange");
        Assert.Equal(lastCode, change.GetProperty("lastCode").GetInt32());
        return change.GetProperty("code").GetInt32();
    }

}
