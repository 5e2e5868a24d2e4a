namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>StartBack2BackCall (docs/reference/api-conventions.md#double-call): Caller leg first, Callee only after Caller answers; every failure ends both legs and shows in the CDR.</summary>
public sealed class Back2BackCallTests : CallTestBase
{
    private const string Rep = "13900000011";
    private const string Customer = "13800000012";

    private async Task<string> Start(params (string, string)[] extra)
    {
        var data = await Ok("StartBack2BackCall", [("Caller", Rep), ("Callee", Customer), ("Broker", ShanghaiLine), .. extra]);
        Assert.Equal("BACK2BACK", Str(data.GetProperty("CallContext"), "CallType"));
        return JobId(data);
    }

    [Fact]
    public async Task Success_dials_the_caller_then_the_callee_with_the_brokers_and_bridges_them()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":2000}""");
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":3000,"hangUpAfterMs":10000}""");

        var data = await Ok("StartBack2BackCall", ("Caller", Rep), ("Callee", Customer), ("Broker", ShanghaiLine), ("AdditionalBroker", BeijingLine));
        var jobId = JobId(data);
        Assert.Single(Channels(data).EnumerateArray()); // the callee is not dialled yet
        Assert.Equal(ShanghaiLine, Str(Channels(data)[0], "Originator"));
        Advance(2000);
        var ringing = Events(jobId).Last(e => e.EventType == "Ringing");
        Assert.Equal(Customer, ringing.Destination);
        Assert.Contains($"ch:user:{BeijingLine}->{Customer}", ringing.ChannelId, StringComparison.Ordinal); // AdditionalBroker shown to the callee
        Advance(3000);
        Advance(10_000);

        var cdr = await Cdr(jobId);
        Assert.Equal(("Back2Back", "Success", "customer"), (Str(cdr, "ContactType"), Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseInitiator")));
        Assert.Equal((ShanghaiLine, BeijingLine), (Str(cdr, "Broker"), Str(cdr, "AdditionalBroker")));
        Assert.Equal(cdr.GetProperty("StartTime").GetInt64() + 2000, cdr.GetProperty("EstablishedTime").GetInt64()); // first leg
        Assert.Equal(10, cdr.GetProperty("TalkTime").GetInt64());
        Assert.Equal((Rep, Customer), (Str(cdr, "CallingNumber"), Str(cdr, "CalledNumber")));
    }

    [Fact]
    public async Task The_caller_not_answering_ends_the_call_before_the_callee_is_ever_dialled()
    {
        await SetPhone(Rep, """{"behavior":"noAnswer"}""");
        var jobId = await Start(("TimeoutSeconds", "20"));

        Advance(20_000);

        var cdr = await Cdr(jobId);
        Assert.Equal(("NoAnswer", "system", "480 - Temporarily Unavailable"), (Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseInitiator"), Str(cdr, "ReleaseReason")));
        Assert.DoesNotContain(Events(jobId), e => e.Destination == Customer);
    }

    [Fact]
    public async Task A_busy_callee_ends_both_legs()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":0}""");
        await SetPhone(Customer, """{"behavior":"busy","answerAfterMs":500}""");
        var jobId = await Start();

        Advance(500);

        var cdr = await Cdr(jobId);
        Assert.Equal(("NoAnswer", "customer", "486 - Busy Here", "Busy"), (Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseInitiator"), Str(cdr, "ReleaseReason"), Str(cdr, "EarlyMediaState")));
        Assert.Equal(2, Events(jobId).Count(e => e.EventType == "Released"));
    }

    [Fact]
    public async Task An_unanswered_callee_ends_both_legs_after_TimeoutSeconds()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":0}""");
        await SetPhone(Customer, """{"behavior":"noAnswer"}""");
        var jobId = await Start();

        Advance(29_999);
        Assert.Equal(0, (await Ok("ListCallDetailRecords", ("PageNumber", "1"), ("PageSize", "10"))).GetProperty("List").GetArrayLength());
        Advance(1);

        var cdr = await Cdr(jobId);
        Assert.Equal(("NoAnswer", "NoAnswer"), (Str(cdr, "ContactDisposition"), Str(cdr, "EarlyMediaState")));
        Assert.Equal(0, cdr.GetProperty("TalkTime").GetInt64());
    }

    [Fact]
    public async Task The_caller_hanging_up_while_the_callee_rings_is_AbandonedInRing()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":0,"hangUpAfterMs":5000}""");
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":8000}""");
        var jobId = await Start();

        Advance(5000);

        var cdr = await Cdr(jobId);
        Assert.Equal(("AbandonedInRing", "agent"), (Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseInitiator")));
    }

    [Fact]
    public async Task The_caller_hanging_up_after_the_bridge_ends_both_legs_with_the_caller_as_initiator()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":0,"hangUpAfterMs":9000}""");
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":1000}""");
        var jobId = await Start();

        Advance(1000);
        Advance(8000);

        var cdr = await Cdr(jobId);
        Assert.Equal(("Success", "agent", 8L), (Str(cdr, "ContactDisposition"), Str(cdr, "ReleaseInitiator"), cdr.GetProperty("TalkTime").GetInt64()));
        var released = Events(jobId).Where(e => e.EventType == "Released").ToList();
        Assert.Equal(2, released.Count);
    }

    [Fact]
    public async Task The_caller_rejecting_ends_the_call_as_Reject()
    {
        await SetPhone(Rep, """{"behavior":"reject"}""");
        var jobId = await Start();

        Advance(1);

        Assert.Equal("Reject", Str(await Cdr(jobId), "ContactDisposition"));
    }

    [Fact]
    public async Task ReleaseCall_without_an_agent_ends_a_double_call()
    {
        var jobId = await Start();
        Advance(1000); // caller answers (default phone), callee dialled
        Advance(1000);

        await Ok("ReleaseCall", ("JobId", jobId));

        Assert.Equal("Success", Str(await Cdr(jobId), "ContactDisposition"));
        var again = await Call("ReleaseCall", ("JobId", jobId));
        Assert.Equal("NotExists.JobId", again.Code);
    }

    [Theory]
    [InlineData(Hotline, "Parameter.Invalid")] // Rule N2
    [InlineData("02100000000", "NotExists.Number")]
    public async Task The_Broker_must_be_an_outbound_capable_number_of_the_instance(string broker, string code)
    {
        var r = await Call("StartBack2BackCall", ("Caller", Rep), ("Callee", Customer), ("Broker", broker));

        Assert.Equal(code, r.Code);
    }

    [Fact]
    public async Task StartBack2BackCall_without_Broker_is_MissingBroker()
    {
        var r = await Call("StartBack2BackCall", ("Caller", Rep), ("Callee", Customer));

        Assert.Equal("MissingBroker", r.Code);
    }
}
