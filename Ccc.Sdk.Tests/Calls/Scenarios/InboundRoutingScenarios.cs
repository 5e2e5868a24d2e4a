using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Calls.Scenarios;

/// <summary>
/// Inbound routing (docs/emulator-calls.md, "Inbound routing"), seen the way an SDK user sees it: who may answer
/// (AnswerCallAsync), the agents' states (ListRealtimeAgentStates) and the record (GetCallDetailRecord).
/// </summary>
public sealed class InboundRoutingScenarios : ScenarioTestBase
{
    private const string Customer = "13800000001";
    private const string Stranger = "13800000002";

    [Fact]
    public async Task Rule_R6_a_caller_on_the_inbound_blacklist_ends_in_the_IVR_and_no_agent_is_offered_the_call()
    {
        await Settings("""{"inboundBlacklist":["+8613800000001"]}""");
        await ReadyIn(Agent1, Sales);

        var contactId = await Inbound(Customer);

        Assert.Equal("Ready", await StateOf(Agent1));
        var cdr = await Cdr(contactId);
        Assert.Equal(("Inbound", "AbandonedInIVR", "603 - Decline (inbound blacklist)", "system"), (cdr.ContactType, cdr.ContactDisposition, cdr.ReleaseReason, cdr.ReleaseInitiator));
        Assert.True(string.IsNullOrEmpty(cdr.AgentIds));
        Assert.Null(cdr.EstablishedTime);
    }

    [Fact]
    public async Task Rule_R4_outside_work_hours_the_call_ends_in_the_IVR_with_AbandonedInIVR_and_inside_them_it_rings_an_agent()
    {
        await ReadyIn(Agent1, Sales);
        var enteredIvr = Clock.GetUtcNow();
        await Settings($$$"""{"workHours":{"start":"{{{ChinaTime(1)}}}","end":"{{{ChinaTime(2)}}}","utcOffsetMinutes":480}}""");
        var closed = await Inbound(Customer);

        await Settings($$$"""{"workHours":{"start":"{{{ChinaTime(-1)}}}","end":"{{{ChinaTime(1)}}}"}}""");
        var open = await Inbound(Stranger);

        var cdr = await Cdr(closed);
        Assert.Equal(("AbandonedInIVR", "200 - Okay (outside work hours)"), (cdr.ContactDisposition, cdr.ReleaseReason));
        Assert.Equal(enteredIvr, cdr.StartTime); // Rule C3: an inbound call starts when it enters the IVR
        Assert.Equal("Ringing", await StateOf(Agent1));
        Assert.Equal("INBOUND", (await Answer(Agent1, open)).CallContext!.CallType);
    }

    [Fact]
    public async Task Rule_R3_the_IVR_names_the_agent_and_only_that_agent_can_answer()
    {
        await ReadyIn(Agent1, Sales); // idle longest: R2 alone would pick agent1
        await ReadyIn(Agent2, Sales);

        var contactId = await Inbound(Customer, extra: ",\"userName\":\"agent2\"");

        Assert.Equal(("Ready", "Ringing"), (await StateOf(Agent1), await StateOf(Agent2)));
        // agent1 has no channel in the call: refused before its state is looked at (decision 0006).
        var wrongAgent = await Assert.ThrowsAsync<CccPermissionException>(() => Answer(Agent1, contactId));
        Assert.Equal("Permission.User", wrongAgent.Code);
        var answered = await Answer(Agent2, contactId);
        Assert.Equal("TALKING", answered.UserContext!.UserState);
        Assert.All(answered.CallContext!.ChannelContexts!, c => Assert.Equal("ANSWERED", c.ChannelState));
        await Release(Agent2, contactId);
        Assert.Equal(Agent2, (await Cdr(contactId)).AgentIds);
    }

    [Fact]
    public async Task Rule_R3_a_call_for_a_named_agent_who_is_not_READY_waits_for_that_agent_in_an_agent_queue()
    {
        await ReadyIn(Agent1, Sales);
        await Client.SignInGroupAsync(new SignInGroupRequest { UserId = Agent2, DeviceId = "dev-" + Agent2, SignedSkillGroupIdList = [Sales] }); // BREAK

        var contactId = await Inbound(Customer, extra: ",\"userName\":\"agent2\"");
        Assert.Equal("Ready", await StateOf(Agent1));
        Advance(4_000);
        await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent2 });

        Assert.Equal("Ringing", await StateOf(Agent2));
        await Answer(Agent2, contactId);
        await Release(Agent2, contactId);
        var cdr = await Cdr(contactId);
        Assert.Equal(TimeSpan.FromSeconds(4), cdr.QueueTime);
        Assert.Equal(2, Assert.Single((await CdrDetails(contactId)).QueueEvents!).QueueType); // 2 = agent queue (docs/reference/api-conventions.md#shapes-and-enums)
    }

    [Fact]
    public async Task Rule_R2_the_call_rings_the_agent_who_has_been_READY_the_longest_and_the_record_names_that_agent()
    {
        await ReadyIn(Agent2, Sales);
        await ReadyIn(Agent1, Sales);

        var contactId = await Inbound(Customer);

        Assert.Equal(("Ringing", "Ready"), (await StateOf(Agent2), await StateOf(Agent1)));
        await Answer(Agent2, contactId);
        Advance(3_000);
        await Release(Agent2, contactId);
        var cdr = await Cdr(contactId);
        Assert.Equal(("Success", Agent2, Sales), (cdr.ContactDisposition, cdr.AgentIds, cdr.SkillGroupIds));
        Assert.Equal(TimeSpan.FromSeconds(3), cdr.TalkTime);
    }

    [Theory]
    [InlineData(true, Agent2)]
    [InlineData(false, Agent1)]
    public async Task Rule_R1_a_returning_caller_goes_to_the_agent_who_served_it_last_unless_familiar_agent_routing_is_off(bool familiarAgentRouting, string expected)
    {
        await Settings($$"""{"afterCallWorkSeconds":0,"familiarAgentRouting":{{(familiarAgentRouting ? "true" : "false")}}}""");
        await ReadyIn(Agent2, Sales);
        await ReadyIn(Agent1, Sales);
        var first = await Inbound(Customer);
        await Answer(Agent2, first);
        await Release(Agent2, first); // agent2 is READY again, now idle the shortest

        var second = await Inbound(Customer);

        Assert.Equal(expected, (await Answer(expected, second)).UserContext!.UserId);
        var stranger = await Inbound(Stranger);
        string other = expected == Agent1 ? Agent2 : Agent1;
        Assert.Equal(other, (await Answer(other, stranger)).UserContext!.UserId); // a new caller still goes by R2
    }

    [Fact]
    public async Task Rule_R1_a_customer_called_out_by_an_agent_is_routed_back_to_that_agent_when_calling_in()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await ReadyIn(Agent1, Sales);
        await ReadyIn(Agent2, Sales);
        var outbound = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent2, Callee = Customer })).Value.CallContext!.JobId!;
        Advance(1_000);
        await Release(Agent2, outbound);

        var contactId = await Inbound(Customer);

        Assert.Equal(("Ready", "Ringing"), (await StateOf(Agent1), await StateOf(Agent2)));
        Assert.Equal(contactId, (await Answer(Agent2, contactId)).CallContext!.JobId);
    }

    [Fact]
    public async Task An_agent_who_rejects_an_offered_call_with_ReleaseCall_goes_to_BREAK_and_the_call_goes_to_the_next_agent()
    {
        await ReadyIn(Agent1, Sales);
        await ReadyIn(Agent2, Sales);
        var contactId = await Inbound(Customer);

        await Release(Agent1, contactId);

        Assert.Equal(("Break", "Ringing"), (await StateOf(Agent1), await StateOf(Agent2)));
    }

    [Fact]
    public async Task A_customer_who_hangs_up_while_queued_is_AbandonedInQueue_and_while_an_agent_rings_AbandonedInRing()
    {
        await SetPhone(Customer, """{"behavior":"answer","hangUpAfterMs":4000}""");
        var queued = await Inbound(Customer);
        Advance(4_000);
        await ReadyIn(Agent1, Sales);
        var ringing = await Inbound(Customer);
        Assert.Equal("Ringing", await StateOf(Agent1));
        Advance(4_000);

        Assert.Equal(("AbandonedInQueue", "customer"), ((await Cdr(queued)).ContactDisposition, (await Cdr(queued)).ReleaseInitiator));
        Assert.Equal("AbandonedInRing", (await Cdr(ringing)).ContactDisposition);
        Assert.Equal("Ready", await StateOf(Agent1));
    }

    [Fact]
    public async Task Rule_R5_without_a_READY_agent_the_call_queues_and_ends_with_QueuingTimeout()
    {
        await Settings("""{"queuingTimeoutSeconds":20}""");

        var contactId = await Inbound(Customer);
        Advance(19_999);
        var stillQueued = await Assert.ThrowsAsync<CccNotFoundException>(() => CdrDetails(contactId)); // a record exists once the call has ended
        Advance(1);

        Assert.Equal("NotExists.JobId", stillQueued.Code);
        var cdr = await Cdr(contactId);
        Assert.Equal(("QueuingTimeout", "system"), (cdr.ContactDisposition, cdr.ReleaseInitiator));
        Assert.Equal(TimeSpan.FromSeconds(20), cdr.QueueTime);
        var queue = Assert.Single((await CdrDetails(cdr.ContactId!)).QueueEvents!);
        Assert.Equal(1, queue.QueueType); // 1 = skill group queue
    }

    [Fact]
    public async Task A_queued_call_goes_to_the_first_agent_who_becomes_READY_and_the_record_counts_the_queue_time()
    {
        var contactId = await Inbound(Customer);
        Advance(5_000);

        await ReadyIn(Agent1, Sales);

        Assert.Equal("Ringing", await StateOf(Agent1));
        await Answer(Agent1, contactId);
        await Release(Agent1, contactId);
        Assert.Equal(TimeSpan.FromSeconds(5), (await Cdr(contactId)).QueueTime);
    }

    [Fact]
    public async Task A_queued_call_overflows_once_to_the_configured_skill_group_on_its_queuing_timeout()
    {
        await Settings("""{"queuingTimeoutSeconds":10,"queueOverflow":{"sales@ccc-local":"support@ccc-local"}}""");
        await ReadyIn(Agent3, Support);

        var contactId = await Inbound(Customer, extra: ",\"skillGroupId\":\"sales@ccc-local\"");
        Assert.Equal("Ready", await StateOf(Agent3));
        Advance(10_000);

        Assert.Equal("Ringing", await StateOf(Agent3));
        await Answer(Agent3, contactId);
        await Release(Agent3, contactId);
        var cdr = await Cdr(contactId);
        Assert.Equal(("Success", Agent3), (cdr.ContactDisposition, cdr.AgentIds));
        Assert.Contains(Support, cdr.SkillGroupIds!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_who_lets_a_call_ring_30_seconds_goes_to_BREAK_and_the_call_is_offered_to_the_next_agent()
    {
        await ReadyIn(Agent1, Sales);
        await ReadyIn(Agent2, Sales);
        var contactId = await Inbound(Customer);
        Assert.Equal("Ringing", await StateOf(Agent1));

        Advance(29_999);
        Assert.Equal("Ringing", await StateOf(Agent1));
        Advance(1);

        Assert.Equal(("Break", "Ringing"), (await StateOf(Agent1), await StateOf(Agent2)));
        var late = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Answer(Agent1, contactId));
        Assert.Equal("UserStateNotAllowed", late.Code);
        await Answer(Agent2, contactId);
        await Release(Agent2, contactId);
        Assert.Equal($"{Agent1},{Agent2}", (await Cdr(contactId)).AgentIds); // every agent the call was offered to
    }

    [Fact]
    public async Task Rule_A1_an_OFF_SITE_agent_is_reached_on_the_mobile_through_an_outbound_capable_number()
    {
        const string mobile = "13900000001";
        await ReadyIn(Agent1, Sales);
        await Client.ChangeWorkModeAsync(new ChangeWorkModeRequest { UserId = Agent1, WorkMode = "OFF_SITE", Mobile = mobile });
        await SetPhone(mobile, """{"behavior":"answer","answerAfterMs":3000}""");

        var contactId = await Inbound(Customer, Hotline, ",\"skillGroupId\":\"sales@ccc-local\"");
        Assert.Equal("Ringing", await StateOf(Agent1));
        Advance(3_000); // the mobile answers: no AnswerCall, the phone did it

        Assert.Equal("Talking", await StateOf(Agent1));
        var mobileLeg = (await Events(contactId)).First(e => e.EventType == "Ringing" && e.AgentId == Agent1);
        Assert.Equal(mobile, mobileLeg.Destination);
        Assert.DoesNotContain(Hotline + "->", mobileLeg.ChannelId, StringComparison.Ordinal); // dialled from an outbound-capable number (N2)
        await Release(Agent1, contactId);
        Assert.Equal(Agent1, (await Cdr(contactId)).OffSiteAgentIds);
    }
}

/// <summary>Rule N2 with an instance whose only number is an inbound-only 400 number.</summary>
public sealed class InboundOnlyNumberScenarios : ScenarioTestBase, IDisposable
{
    private readonly string _seed = Path.Combine(Path.GetTempPath(), "ccc-scenario-seed-" + Guid.NewGuid().ToString("N") + ".json");

    protected override void Configure(CccEmulatorOptions options)
    {
        File.WriteAllText(_seed, """
        {
          "ReplaceBuiltIn": true,
          "Instances": [{
            "InstanceId": "ccc-local",
            "SkillGroups": [ { "Name": "sales" } ],
            "Users": [ { "LoginName": "agent1", "RoleId": "Agent@ccc-local", "WorkMode": "OFF_SITE", "Mobile": "13900000001",
                         "SkillLevels": [ { "SkillGroupId": "sales@ccc-local" } ] } ],
            "PhoneNumbers": [ { "Number": "4001234567", "Usage": "Inbound", "SkillGroupIds": ["sales@ccc-local"] } ],
            "CallSettings": { "queuingTimeoutSeconds": 30 }
          }]
        }
        """);
        options.SeedFile = _seed;
    }

    public void Dispose() => File.Delete(_seed);

    [Fact]
    public async Task Rule_N2_an_OFF_SITE_agent_cannot_be_reached_through_a_400_number_alone_and_the_call_times_out_in_the_queue()
    {
        await Ready(Agent1);

        var contactId = await Inbound("13800000001", Hotline);
        Assert.Equal("Ready", await StateOf(Agent1));
        Advance(30_000);

        Assert.Contains(await Events(contactId), e => e.EventType == "DispatchingFailure");
        Assert.Equal("QueuingTimeout", (await Cdr(contactId)).ContactDisposition);
        var refused = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = "13800000001", Caller = Hotline }));
        Assert.Equal("Parameter.Invalid", refused.Code); // and it cannot call out either
    }
}
