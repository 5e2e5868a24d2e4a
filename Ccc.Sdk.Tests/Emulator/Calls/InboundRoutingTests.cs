using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>Inbound routing as the cloud describes it: R6 blacklist, R4 work hours, R3 named agent, R1 familiar agent, R2 longest idle, queue, overflow, ring timeout, A1/N2 off-site agents.</summary>
public sealed class InboundRoutingTests : CallTestBase
{
    private const string Caller = "13800000001";

    [Fact]
    public async Task Rule_R2_an_inbound_call_rings_the_longest_idle_READY_agent_of_the_numbers_skill_group_and_AnswerCall_connects_it()
    {
        await Ready(Agent2, Sales); // READY first: idle longest
        await Ready(Agent1, Sales);

        var contactId = await Inbound(Caller, BeijingLine); // 010... is bound to sales

        Assert.Equal(("RINGING", "READY"), (StateOf(Agent2), StateOf(Agent1)));
        var answered = await Ok("AnswerCall", ("UserId", Agent2), ("JobId", contactId));
        Assert.Equal("TALKING", StateOf(Agent2));
        Assert.Equal("INBOUND", Str(answered.GetProperty("CallContext"), "CallType"));
        Assert.All(Channels(answered).EnumerateArray(), c => Assert.Equal("ANSWERED", Str(c, "ChannelState")));
        Assert.Equal(["Route2IVR", "AssignAgent", "Ringing", "AgentRinging", "AgentTalk", "Established"], EventNames(contactId));
    }

    [Fact]
    public async Task Rule_R1_a_returning_caller_goes_to_the_agent_who_served_it_last_when_READY()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent2, Sales);
        await Ready(Agent1, Sales);
        var first = await Inbound(Caller, BeijingLine);
        await Ok("AnswerCall", ("UserId", Agent2), ("JobId", first));
        await Ok("ReleaseCall", ("UserId", Agent2), ("JobId", first)); // agent2 READY again, now idle shortest

        var second = await Inbound(Caller, BeijingLine);
        var stranger = await Inbound("13800000002", BeijingLine);

        Assert.Equal(Agent2, Str(await AgentOf(second), "UserId"));
        Assert.Equal(Agent1, Str(await AgentOf(stranger), "UserId"));
    }

    [Fact]
    public async Task Rule_R1_familiar_agent_routing_can_be_switched_off()
    {
        await Settings("""{"afterCallWorkSeconds":0,"familiarAgentRouting":false}""");
        await Ready(Agent2, Sales);
        await Ready(Agent1, Sales);
        var first = await Inbound(Caller, BeijingLine);
        await Ok("AnswerCall", ("UserId", Agent2), ("JobId", first));
        await Ok("ReleaseCall", ("UserId", Agent2), ("JobId", first));

        await Inbound(Caller, BeijingLine);

        Assert.Equal(("RINGING", "READY"), (StateOf(Agent1), StateOf(Agent2)));
    }

    [Fact]
    public async Task Rule_R3_the_IVR_can_name_the_agent_who_takes_the_call()
    {
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);

        await Inbound(Caller, BeijingLine, ",\"userName\":\"agent2\"");

        Assert.Equal(("READY", "RINGING"), (StateOf(Agent1), StateOf(Agent2)));
    }

    [Fact]
    public async Task Rule_R3_a_call_for_a_named_agent_who_is_busy_waits_for_that_agent()
    {
        await Ready(Agent1, Sales);
        await Ok("SignInGroup", ("UserId", Agent2), ("DeviceId", "d2"), ("SignedSkillGroupIdList", "[\"sales@ccc-local\"]"));

        var contactId = await Inbound(Caller, BeijingLine, ",\"userName\":\"agent2\"");
        Assert.Equal("READY", StateOf(Agent1));
        await Ok("ReadyForService", ("UserId", Agent2));

        Assert.Equal("RINGING", StateOf(Agent2));
        Assert.Contains("Enqueue", EventNames(contactId));
        Assert.Equal("Agent", Events(contactId).First(e => e.EventType == "Enqueue").QueueType);
    }

    [Fact]
    public async Task Rule_R6_a_caller_on_the_inbound_blacklist_ends_in_the_IVR()
    {
        await Settings("""{"inboundBlacklist":["13800000001"]}""");
        await Ready(Agent1, Sales);

        var contactId = await Inbound(Caller, BeijingLine);

        Assert.Equal("READY", StateOf(Agent1));
        var cdr = await Cdr(contactId);
        Assert.Equal(("AbandonedInIVR", "603 - Decline (inbound blacklist)"), (Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseReason")));
    }

    [Fact]
    public async Task Rule_R4_outside_work_hours_the_call_ends_in_the_IVR_with_AbandonedInIVR()
    {
        // The harness clock is 08:00 UTC = 16:00 in China (UTC+8).
        await Settings("""{"workHours":{"start":"09:00","end":"15:00","utcOffsetMinutes":480}}""");
        await Ready(Agent1, Sales);

        var closed = await Inbound(Caller, BeijingLine);
        await Settings("""{"workHours":{"start":"09:00","end":"18:00"}}""");
        var open = await Inbound("13800000002", BeijingLine);

        var cdr = await Cdr(closed);
        Assert.Equal("AbandonedInIVR", Str(cdr, "ContactDisposition"));
        Assert.Equal(H.Clock.GetUtcNow().ToUnixTimeMilliseconds(), cdr.GetProperty("StartTime").GetInt64()); // StartTime = IVR entry
        Assert.Equal("RINGING", StateOf(Agent1));
        Assert.NotEqual(closed, open);
    }

    [Fact]
    public async Task Without_a_READY_agent_the_call_queues_and_ends_with_QueuingTimeout()
    {
        await Settings("""{"queuingTimeoutSeconds":20}""");

        var contactId = await Inbound(Caller, BeijingLine);
        Advance(19_999);
        Assert.DoesNotContain("QueueingTimeout", EventNames(contactId));
        Advance(1);

        var cdr = await Cdr(contactId);
        Assert.Equal(("QueuingTimeout", "system"), (Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseInitiator")));
        Assert.Equal(20, cdr.GetProperty("QueueTime").GetInt64());
        Assert.Contains("QueueingTimeout", EventNames(contactId));
        Assert.Single((await CdrDetail(contactId)).GetProperty("QueueEvents").EnumerateArray());
    }

    [Fact]
    public async Task A_queued_call_goes_to_the_first_agent_who_becomes_READY()
    {
        var contactId = await Inbound(Caller, BeijingLine);
        Advance(5000);

        await Ready(Agent1, Sales);

        Assert.Equal("RINGING", StateOf(Agent1));
        await Ok("AnswerCall", ("UserId", Agent1), ("JobId", contactId));
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));
        Assert.Equal(5, (await Cdr(contactId)).GetProperty("QueueTime").GetInt64());
    }

    [Fact]
    public async Task A_queued_call_overflows_to_the_configured_skill_group_on_its_first_timeout()
    {
        await Settings("""{"queuingTimeoutSeconds":10,"queueOverflow":{"sales@ccc-local":"support@ccc-local"}}""");
        await Ready(Agent3, Support);

        var contactId = await Inbound(Caller, BeijingLine, ",\"skillGroupId\":\"sales@ccc-local\"");
        Assert.Equal("READY", StateOf(Agent3));
        Advance(10_000);

        Assert.Equal("RINGING", StateOf(Agent3));
        Assert.Contains("QueueingOverflow", EventNames(contactId));
    }

    [Fact]
    public async Task An_agent_who_lets_a_call_ring_30_seconds_goes_to_BREAK_and_the_call_is_requeued_to_the_next_agent()
    {
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);
        var contactId = await Inbound(Caller, BeijingLine);
        Assert.Equal("RINGING", StateOf(Agent1));

        Advance(30_000);

        Assert.Equal(("BREAK", "RINGING"), (StateOf(Agent1), StateOf(Agent2)));
        Assert.Contains("RingingTimeout", EventNames(contactId));
    }

    [Fact]
    public async Task A_customer_who_hangs_up_while_queued_is_AbandonedInQueue_and_while_ringing_AbandonedInRing()
    {
        await SetPhone(Caller, """{"behavior":"answer","hangUpAfterMs":4000}""");
        var queued = await Inbound(Caller, BeijingLine);
        Advance(4000);
        await Ready(Agent1, Sales);
        var ringing = await Inbound(Caller, BeijingLine);
        Advance(4000);

        Assert.Equal("AbandonedInQueue", Str(await Cdr(queued), "ContactDisposition"));
        Assert.Equal("AbandonedInRing", Str(await Cdr(ringing), "ContactDisposition"));
        Assert.Equal("READY", StateOf(Agent1));
        Assert.Equal("Ringing", Events(ringing).Single(e => e.EventType == "Abandoned").AbandonPhase);
    }

    [Fact]
    public async Task Auto_answer_makes_an_agent_pick_up_by_itself_after_the_configured_delay()
    {
        await AutoAnswer(Agent1, 1500);
        await Ready(Agent1, Sales);

        await Inbound(Caller, BeijingLine);
        Advance(1499);
        Assert.Equal("RINGING", StateOf(Agent1));
        Advance(1);

        Assert.Equal("TALKING", StateOf(Agent1));
    }

    [Fact]
    public async Task Rule_A1_an_OFF_SITE_agent_is_reached_on_the_mobile_through_an_outbound_capable_number()
    {
        await Ready(Agent1, Sales);
        await Ok("ChangeWorkMode", ("UserId", Agent1), ("WorkMode", "OFF_SITE"), ("Mobile", "13900000001"));
        await SetPhone("13900000001", """{"behavior":"answer","answerAfterMs":3000}""");

        var contactId = await Inbound(Caller, Hotline, ",\"skillGroupId\":\"sales@ccc-local\"");
        Advance(3000);

        Assert.Equal("TALKING", StateOf(Agent1));
        var agentLeg = Events(contactId).First(e => e.EventType == "Ringing" && e.AgentId == Agent1);
        Assert.Equal("13900000001", agentLeg.Destination);
        Assert.Contains("->13900000001", agentLeg.ChannelId, StringComparison.Ordinal);
    }

    /// <summary>The agent channel of an offered call, from the engine's state.</summary>
    private Task<System.Text.Json.JsonElement> AgentOf(string contactId)
    {
        var instance = H.Emulator.State.GetInstance(Instance);
        lock (instance.Gate)
        {
            var channel = instance.Calls.Active[contactId].Channels.Last(c => c.UserId.Length > 0);
            return Task.FromResult(System.Text.Json.JsonDocument.Parse($"{{\"UserId\":\"{channel.UserId}\"}}").RootElement.Clone());
        }
    }

    [Fact]
    public async Task Inbound_to_an_outbound_only_number_is_refused_by_the_control_API()
    {
        var (status, body) = await Control(HttpMethod.Post, "/_emulator/calls/inbound", $"{{\"from\":\"{Caller}\",\"to\":\"{PartnerLine}\"}}");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, status);
        Assert.Equal("BadRequest", Str(body, "Code"));
    }
}

/// <summary>Rule N2 with a seed instance whose only number is an inbound-only 400 number.</summary>
public sealed class OffSiteWithoutOutboundNumberTests : CallTestBase
{
    private string? _seed;

    private protected override void Configure(CccEmulatorOptions options)
    {
        _seed = Path.Combine(Path.GetTempPath(), "ccc-seed-" + Guid.NewGuid().ToString("N") + ".json");
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
          }],
          "Phones": { "13800000009": { "behavior": "busy" } }
        }
        """);
        options.SeedFile = _seed;
    }

    [Fact]
    public async Task Rule_N2_an_OFF_SITE_agent_cannot_be_reached_through_an_inbound_only_number_and_the_call_times_out_in_the_queue()
    {
        await Ready(Agent1, Sales);

        var contactId = await Inbound("13800000001", Hotline);
        Assert.Equal("READY", StateOf(Agent1));
        Advance(30_000);

        Assert.Contains("DispatchingFailure", EventNames(contactId));
        Assert.Equal("QueuingTimeout", Str(await Cdr(contactId), "ContactDisposition"));
        var (_, phone) = await Control(HttpMethod.Get, "/_emulator/phones/13800000009");
        Assert.Equal("busy", Str(phone, "behavior")); // seeded phone behaviour
        File.Delete(_seed!);
    }
}
