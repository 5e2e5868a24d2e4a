using System.Net;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>INTERNAL calls: MakeCall with another agent's extension as Callee (agent1 = 8001, agent2 = 8002, agent3 = 8003).</summary>
public sealed class InternalCallTests : CallTestBase
{
    private const string Ext2 = "8002";

    [Fact]
    public async Task An_internal_call_rings_the_called_agent_and_both_agents_talk_once_it_is_answered()
    {
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);

        var made = await Ok("MakeCall", ("UserId", Agent1), ("Callee", Ext2));
        var jobId = JobId(made);
        var callee = Channels(made).EnumerateArray().Single(c => Str(c, "UserId") == Agent2);
        var ringing = (StateOf(Agent1), StateOf(Agent2));
        Advance(2_000);
        var answered = await Ok("AnswerCall", ("UserId", Agent2), ("JobId", jobId));

        Assert.Equal("INTERNAL", Str(made.GetProperty("CallContext"), "CallType"));
        Assert.Equal(("RINGING", "8001", Ext2, "8002"), (Str(callee, "ChannelState"), Str(callee, "Originator"), Str(callee, "Destination"), Str(callee, "UserExtension")));
        Assert.Equal(("DIALING", "RINGING"), ringing);
        Assert.Equal(("TALKING", "TALKING"), (StateOf(Agent1), StateOf(Agent2)));
        Assert.All(Channels(answered).EnumerateArray(), c => Assert.Equal("ANSWERED", Str(c, "ChannelState")));
        Assert.Equal(
            ["AgentDialing", "Dialing", "Ringing", "AgentRinging", "AgentTalk", "Established", "AgentTalk", "Established"],
            EventNames(jobId));
        Assert.All(Events(jobId), e => Assert.Equal("INTERNAL", e.CallType));
    }

    [Fact]
    public async Task Either_agent_hanging_up_releases_both_and_writes_an_Internal_Success_CDR_with_both_agents()
    {
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);
        await AutoAnswer(Agent2, 500);
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Ext2)));
        Advance(500);
        Assert.Equal(("TALKING", "TALKING"), (StateOf(Agent1), StateOf(Agent2)));
        Advance(10_000);

        var released = await Ok("ReleaseCall", ("UserId", Agent2), ("JobId", jobId));

        Assert.All(Channels(released).EnumerateArray(), c => Assert.Equal("RELEASED", Str(c, "ChannelState")));
        Assert.Equal(("WORKING", "WORKING"), (StateOf(Agent1), StateOf(Agent2)));
        var cdr = await Cdr(jobId);
        Assert.Equal(("Internal", "Success", $"{Agent1},{Agent2}"), (Str(cdr, "ContactType"), Str(cdr, "ContactDisposition"), Str(cdr, "AgentIds")));
        Assert.Equal(("8001", Ext2, "agent"), (Str(cdr, "CallingNumber"), Str(cdr, "CalledNumber"), Str(cdr, "ReleaseInitiator")));
        Assert.Equal(10, cdr.GetProperty("TalkTime").GetInt64());
        var listed = (await Ok("ListCallDetailRecords", ("PageNumber", "1"), ("PageSize", "10"), ("ContactType", "Internal"))).GetProperty("List");
        Assert.Equal(jobId, Str(listed.EnumerateArray().Single(), "ContactId"));
    }

    [Fact]
    public async Task A_called_agent_who_is_not_READY_gives_UserBusy_and_an_unknown_extension_gives_NotExists_Extension()
    {
        await Ready(Agent1, Sales);
        await Ok("SignInGroup", ("UserId", Agent2), ("DeviceId", "dev-2"), ("SignedSkillGroupIdList", $"[\"{Sales}\"]")); // signed in, on BREAK

        var onBreak = await Call("MakeCall", ("UserId", Agent1), ("Callee", Ext2));
        var offline = await Call("MakeCall", ("UserId", Agent1), ("Callee", "8003"));
        var self = await Call("MakeCall", ("UserId", Agent1), ("Callee", "8001"));
        var unknown = await Call("MakeCall", ("UserId", Agent1), ("Callee", "8099"));

        Assert.Equal((HttpStatusCode.BadRequest, "UserBusy"), (onBreak.Status, onBreak.Code));
        Assert.Equal($"The user {Agent2} you called was busy. Please try again later.", onBreak.Body.GetProperty("Message").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, "UserBusy"), (offline.Status, offline.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "UserBusy"), (self.Status, self.Code));
        Assert.Equal((HttpStatusCode.NotFound, "NotExists.Extension"), (unknown.Status, unknown.Code));
        Assert.Equal("READY", StateOf(Agent1));
    }

    [Fact]
    public async Task An_internal_call_nobody_answers_is_released_after_the_agent_ring_timeout_with_a_NoAnswer_CDR_and_the_callee_stays_READY()
    {
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Ext2)));

        Advance(29_999);
        Assert.Equal("RINGING", StateOf(Agent2));
        Advance(1);

        Assert.Equal("READY", StateOf(Agent2)); // not BREAK: the 30 s break rule is for offered inbound calls
        Assert.Equal("WORKING", StateOf(Agent1)); // the caller's softphone leg was up, as for an unanswered outbound dial
        var cdr = await Cdr(jobId);
        Assert.Equal(("Internal", "NoAnswer", "NoAnswer"), (Str(cdr, "ContactType"), Str(cdr, "ContactDisposition"), Str(cdr, "EarlyMediaState")));
        Assert.Equal(("system", "480 - Temporarily Unavailable", $"{Agent1},{Agent2}"), (Str(cdr, "ReleaseInitiator"), Str(cdr, "ReleaseReason"), Str(cdr, "AgentIds")));
        Assert.Equal(JsonValueKindNull, cdr.GetProperty("EstablishedTime").ValueKind);
        Assert.DoesNotContain("RingingTimeout", EventNames(jobId));
    }

    [Fact]
    public async Task The_called_agent_rejecting_with_ReleaseCall_ends_the_internal_call_as_Reject()
    {
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Ext2)));

        await Ok("ReleaseCall", ("UserId", Agent2), ("JobId", jobId));

        Assert.Equal("READY", StateOf(Agent2));
        var cdr = await Cdr(jobId);
        Assert.Equal(("Reject", "agent", "603 - Decline"), (Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseInitiator"), Str(cdr, "ReleaseReason")));
    }

    [Fact]
    public async Task Carrier_rules_do_not_apply_to_internal_calls_O2_does_not_count_them_and_no_outbound_number_is_used()
    {
        await Settings("""{"dailyCallsPerCallee":1,"outboundConcurrencyPerNumber":1,"outboundBlacklist":["8002"],"hideCustomerNumbers":true,"afterCallWorkSeconds":0}""");
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);
        await AutoAnswer(Agent2);

        for (var i = 0; i < 6; i++)
        {
            var made = await Ok("MakeCall", ("UserId", Agent1), ("Callee", Ext2), ("Caller", BeijingLine));
            Assert.All(Channels(made).EnumerateArray(), c => Assert.Equal(Ext2, Str(c, "Destination"))); // A2 does not mask extensions
            Advance(1_000);
            await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", JobId(made)));
        }

        var outbound = await Call("MakeCall", ("UserId", Agent1), ("Callee", "13800000001"), ("Caller", BeijingLine));

        Assert.Equal("OK", outbound.Code);
        Assert.Equal(BeijingLine, Str(Channels(outbound.Data).EnumerateArray().Single(c => Str(c, "UserId") == ""), "Originator"));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
