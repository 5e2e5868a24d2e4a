using System.Net;
using System.Text.RegularExpressions;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>MakeCall, AnswerCall-free outbound flow, ReleaseCall, after-call work and the outbound rules (O1, O2, N2, N3, R6, A2).</summary>
public sealed partial class OutboundCallTests : CallTestBase
{
    private const string Customer = "13800000001"; // 138 = Beijing in the built-in location table.

    [GeneratedRegex(@"^job-\d{48}$")]
    private static partial Regex JobIdPattern();

    [Fact]
    public async Task MakeCall_dials_the_customer_and_connects_when_the_simulated_phone_answers()
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":500}""");

        var r = await Call("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine));
        Assert.Equal("OK", r.Code);
        Assert.True(r.HasParams);
        var jobId = JobId(r.Data);
        Assert.Matches(JobIdPattern(), jobId);
        Assert.Equal("OUTBOUND", Str(r.Data.GetProperty("CallContext"), "CallType"));
        Assert.True(r.Data.GetProperty("ContextId").GetInt64() > 0);
        Assert.Equal("DIALING", Str(r.Data.GetProperty("UserContext"), "UserState"));
        var customer = Channels(r.Data).EnumerateArray().Single(c => Str(c, "UserId") == "");
        Assert.Equal("RINGING", Str(customer, "ChannelState"));
        Assert.Equal(BeijingLine, Str(customer, "Originator"));
        Assert.Equal($"ch:user:{BeijingLine}->{Customer}:{H.Clock.GetUtcNow().ToUnixTimeMilliseconds()}:{jobId}", Str(customer, "ChannelId"));

        Advance(500);

        Assert.Equal("TALKING", StateOf(Agent1));
        Assert.Equal(
            ["AgentDialing", "Dialing", "Ringing", "AgentTalk", "Established", "Established"],
            EventNames(jobId));
    }

    [Fact]
    public async Task ReleaseCall_by_the_agent_ends_the_call_writes_a_Success_CDR_and_starts_after_call_work()
    {
        await Ready(Agent1, Sales);
        var data = await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer));
        var jobId = JobId(data);
        Advance(1000); // Default phone: answers after 1 000 ms.
        Advance(20_000);

        var released = await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));

        Assert.All(Channels(released).EnumerateArray(), c => Assert.Equal("RELEASED", Str(c, "ChannelState")));
        Assert.Equal("WORKING", StateOf(Agent1));
        var cdr = await Cdr(jobId);
        Assert.Equal("Success", Str(cdr, "ContactDisposition"));
        Assert.Equal("agent", Str(cdr, "ReleaseInitiator"));
        Assert.Equal(20, cdr.GetProperty("TalkTime").GetInt64());
        Assert.Equal(Agent1, Str(cdr, "AgentIds"));
        Advance(14_999);
        Assert.Equal("WORKING", StateOf(Agent1));
        Advance(1);
        Assert.Equal("READY", StateOf(Agent1));
        Assert.Contains("CDRReady", EventNames(jobId));
    }

    [Fact]
    public async Task After_call_work_lasts_the_configured_seconds_and_zero_means_straight_back_to_READY()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent1, Sales);
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));
        Advance(1000);

        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));

        Assert.Equal("READY", StateOf(Agent1));
    }

    [Fact]
    public async Task The_customer_hanging_up_ends_the_call_with_the_customer_as_initiator()
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":0,"hangUpAfterMs":3000}""");
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));

        Advance(3000);

        var cdr = await Cdr(jobId);
        Assert.Equal(("Success", "customer", 3L), (Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseInitiator"), cdr.GetProperty("TalkTime").GetInt64()));
        Assert.Equal("WORKING", StateOf(Agent1));
    }

    [Theory]
    [InlineData("""{"behavior":"busy"}""", "NoAnswer", "486 - Busy Here", "Busy")]
    [InlineData("""{"behavior":"reject","answerAfterMs":2000}""", "Reject", "603 - Decline", "Rejected")]
    [InlineData("""{"behavior":"noAnswer"}""", "NoAnswer", "480 - Temporarily Unavailable", "NoAnswer")]
    public async Task An_unanswered_outbound_call_ends_with_the_phone_behaviour_in_the_CDR(string behavior, string disposition, string reason, string earlyMedia)
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, behavior);
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));

        Advance(30_000);

        var cdr = await Cdr(jobId);
        Assert.Equal((disposition, reason, earlyMedia), (Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseReason"), Str(cdr, "EarlyMediaState")));
        Assert.Equal(JsonNull, cdr.GetProperty("EstablishedTime").ValueKind);
        Assert.False(cdr.GetProperty("RecordingReady").GetBoolean());
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MakeCall_by_an_agent_who_is_not_READY_is_UserStateNotAllowed(bool signedIn)
    {
        if (signedIn)
        {
            await Ok("SignInGroup", ("UserId", Agent1), ("DeviceId", "d"), ("SignedSkillGroupIdList", "[\"sales@ccc-local\"]")); // BREAK
        }

        var r = await Call("MakeCall", ("UserId", Agent1), ("Callee", Customer));

        Assert.Equal((HttpStatusCode.BadRequest, "UserStateNotAllowed"), (r.Status, r.Code));
    }

    [Fact]
    public async Task MakeCall_during_a_call_is_refused_because_the_agent_is_not_READY()
    {
        await Ready(Agent1, Sales);
        await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer));

        var r = await Call("MakeCall", ("UserId", Agent1), ("Callee", "13800000002"));

        Assert.Equal("UserStateNotAllowed", r.Code);
    }

    [Theory]
    [InlineData("13800000001", BeijingLine)] // O1 same city: 138 = 北京
    [InlineData("13900000007", ShanghaiLine)] // 139 = 上海
    [InlineData("02012345678", PartnerLine)] // 020 = 广州 (the partner number is in 广州)
    [InlineData("075512345678", PartnerLine)] // 0755 = 深圳: no number in the city, same province 广东
    public async Task Rule_O1_auto_caller_picks_a_number_in_the_callees_city_then_province(string callee, string expected)
    {
        await Ready(Agent1, Sales);

        var data = await Ok("MakeCall", ("UserId", Agent1), ("Callee", callee), ("Caller", "auto"));

        Assert.Equal(expected, Str(Channels(data)[1], "Originator"));
    }

    [Fact]
    public async Task Rule_O1_auto_caller_without_a_local_number_takes_any_outbound_number()
    {
        await Ready(Agent1, Sales);

        var data = await Ok("MakeCall", ("UserId", Agent1), ("Callee", "057112345678")); // 杭州: no number there

        Assert.Contains(Str(Channels(data)[1], "Originator"), new[] { ShanghaiLine, BeijingLine, PartnerLine });
    }

    [Fact]
    public async Task Rule_N2_an_inbound_only_400_number_cannot_be_the_caller()
    {
        await Ready(Agent1, Sales);

        var r = await Call("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", Hotline));

        Assert.Equal((HttpStatusCode.BadRequest, "Parameter.Invalid"), (r.Status, r.Code));
        Assert.Contains("inbound-only", r.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal("READY", StateOf(Agent1));
    }

    [Fact]
    public async Task A_caller_number_outside_the_instance_is_NotExists_Number()
    {
        await Ready(Agent1, Sales);

        var r = await Call("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", "02199999999"));

        Assert.Equal((HttpStatusCode.NotFound, "NotExists.Number"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Rule_N3_a_number_at_its_outbound_concurrency_limit_restricts_the_next_call()
    {
        await Settings("""{"outboundConcurrencyPerNumber":1}""");
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);
        await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine));

        var r = await Call("MakeCall", ("UserId", Agent2), ("Callee", "13800000002"), ("Caller", BeijingLine));
        var auto = await Ok("MakeCall", ("UserId", Agent2), ("Callee", "13800000002"));

        Assert.Equal((HttpStatusCode.BadRequest, "CallRestricted.Concurrency"), (r.Status, r.Code));
        Assert.NotEqual(BeijingLine, Str(Channels(auto)[1], "Originator")); // auto skips the full number
    }

    [Fact]
    public async Task Rule_O2_the_sixth_call_from_one_number_to_one_callee_in_a_day_is_restricted_and_the_next_day_is_free()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent1, Sales);
        for (var i = 0; i < 5; i++)
        {
            var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine)));
            await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));
        }

        var sixth = await Call("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine));
        var otherNumber = await Call("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", ShanghaiLine));
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", JobId(otherNumber.Data)));
        Advance((long)TimeSpan.FromDays(1).TotalMilliseconds);
        var tomorrow = await Call("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine));

        Assert.Equal((HttpStatusCode.BadRequest, "CallRestricted.Frequency"), (sixth.Status, sixth.Code));
        Assert.Equal("OK", otherNumber.Code);
        Assert.Equal("OK", tomorrow.Code);
    }

    [Fact]
    public async Task Rule_R6_a_callee_on_the_outbound_blacklist_is_restricted()
    {
        await Settings("""{"outboundBlacklist":["13800000666"]}""");
        await Ready(Agent1, Sales);

        var r = await Call("MakeCall", ("UserId", Agent1), ("Callee", "13800000666"));

        Assert.Equal((HttpStatusCode.BadRequest, "CallRestricted.Blacklist"), (r.Status, r.Code));
    }

    [Fact]
    public async Task Rule_A2_MaskedCallee_is_what_the_agent_sees_while_the_real_number_is_dialled()
    {
        await Ready(Agent1, Sales);

        var data = await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("MaskedCallee", "138****0001"));
        var cdr = (await Ok("ListCallDetailRecords", ("PageNumber", "1"), ("PageSize", "10"))).GetProperty("List");

        Assert.All(Channels(data).EnumerateArray(), c => Assert.Equal("138****0001", Str(c, "Destination")));
        Assert.Equal(0, cdr.GetArrayLength()); // still ringing: no CDR yet
        Advance(1000);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", JobId(data)));
        Assert.Equal(Customer, Str(await Cdr(JobId(data)), "CalledNumber")); // records keep the real number
    }

    [Fact]
    public async Task Rule_A2_the_instance_setting_hides_customer_numbers_in_agent_facing_data()
    {
        await Settings("""{"hideCustomerNumbers":true}""");
        await Ready(Agent1, Sales);

        var data = await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer));

        Assert.All(Channels(data).EnumerateArray(), c => Assert.Equal("138****0001", Str(c, "Destination")));
    }

    [Fact]
    public async Task An_OFF_SITE_agent_is_rung_on_the_mobile_first_and_the_customer_after_the_agent_answers()
    {
        await Ready(Agent1, Sales);
        await Ok("ChangeWorkMode", ("UserId", Agent1), ("WorkMode", "OFF_SITE"), ("Mobile", "13900000001"));
        await SetPhone("13900000001", """{"behavior":"answer","answerAfterMs":2000}""");

        var data = await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine));
        Assert.Single(Channels(data).EnumerateArray());
        Advance(2000);
        Advance(1000);

        Assert.Equal("TALKING", StateOf(Agent1));
        var cdr = await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", JobId(data)));
        Assert.Equal(2, Channels(cdr).GetArrayLength());
        Assert.Equal(Agent1, Str(await Cdr(JobId(data)), "OffSiteAgentIds"));
    }

    [Fact]
    public async Task MakeCall_TimeoutSeconds_outside_30_to_300_is_refused()
    {
        await Ready(Agent1, Sales);

        var r = await Call("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("TimeoutSeconds", "10"));

        Assert.Equal("Parameter.Minimum", r.Code);
    }
}
