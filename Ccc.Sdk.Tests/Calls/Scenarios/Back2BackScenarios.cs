namespace Ccc.Sdk.Tests.Calls.Scenarios;

/// <summary>
/// Every outcome of a double call (docs/reference/api-conventions.md#double-call, docs/emulator-calls.md "Double call") through
/// <see cref="CccClient.StartBack2BackCallAsync"/>, each read back from the record.
/// </summary>
public sealed class Back2BackScenarios : ScenarioTestBase
{
    private const string Rep = "13900000011";
    private const string Customer = "13800000012";

    private async Task<string> Start(int? timeoutSeconds = null)
    {
        var started = (await Client.StartBack2BackCallAsync(new StartBack2BackCallRequest
        {
            Caller = Rep, Callee = Customer, Broker = ShanghaiLine, AdditionalBroker = BeijingLine, TimeoutSeconds = timeoutSeconds,
        })).Value;
        Assert.Equal("BACK2BACK", started.CallContext!.CallType);
        Assert.Equal("", started.UserContext!.UserId); // no agent acts in a double call: the empty UserContext
        return started.CallContext.JobId!;
    }

    private async Task<bool> CustomerWasDialled(string jobId) => (await Events(jobId)).Any(e => e.Destination == Customer);

    [Fact]
    public async Task Success_dials_the_caller_first_the_callee_only_after_the_caller_answers_and_bridges_them()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":2000}""");
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":3000}""");
        var startedAt = Clock.GetUtcNow();

        var started = (await Client.StartBack2BackCallAsync(new StartBack2BackCallRequest { Caller = Rep, Callee = Customer, Broker = ShanghaiLine, AdditionalBroker = BeijingLine })).Value;
        string jobId = started.CallContext!.JobId!;
        var callerLeg = Assert.Single(started.CallContext.ChannelContexts!);
        Assert.Equal((ShanghaiLine, Rep, "RINGING"), (callerLeg.Originator, callerLeg.Destination, callerLeg.ChannelState));
        Advance(1_999);
        Assert.False(await CustomerWasDialled(jobId));
        Advance(1);
        Assert.True(await CustomerWasDialled(jobId));
        Advance(3_000);
        Advance(6_000);

        var ended = (await Client.ReleaseCallAsync(new ReleaseCallRequest { JobId = jobId })).Value; // no UserId: the whole call
        var legs = ended.CallContext!.ChannelContexts!;
        Assert.Equal(ShanghaiLine, legs.Single(c => c.Destination == Rep).Originator); // Broker on the caller leg
        Assert.Equal(BeijingLine, legs.Single(c => c.Destination == Customer).Originator); // AdditionalBroker on the callee leg
        Assert.All(legs, c => Assert.Equal("RELEASED", c.ChannelState));
        var cdr = await Cdr(jobId);
        Assert.Equal(("Back2Back", "Success", Rep, Customer), (cdr.ContactType, cdr.ContactDisposition, cdr.CallingNumber, cdr.CalledNumber));
        Assert.Equal((ShanghaiLine, BeijingLine), (cdr.Broker, cdr.AdditionalBroker));
        Assert.Equal(startedAt, cdr.StartTime);
        Assert.Equal(startedAt.AddSeconds(2), cdr.EstablishedTime); // docs/reference/api-conventions.md#double-call: the first leg's answer
        Assert.Equal(TimeSpan.FromSeconds(6), cdr.TalkTime);
        Assert.True(cdr.RecordingReady);
    }

    [Fact]
    public async Task A_caller_who_does_not_answer_ends_the_call_as_NoAnswer_before_the_callee_is_ever_dialled()
    {
        await SetPhone(Rep, """{"behavior":"noAnswer"}""");
        var jobId = await Start(timeoutSeconds: 20);

        Advance(20_000);

        var cdr = await Cdr(jobId);
        Assert.Equal(("NoAnswer", "system", "480 - Temporarily Unavailable", "NoAnswer"), (cdr.ContactDisposition, cdr.ReleaseInitiator, cdr.ReleaseReason, cdr.EarlyMediaState));
        Assert.Null(cdr.EstablishedTime);
        Assert.False(await CustomerWasDialled(jobId));
    }

    [Fact]
    public async Task A_busy_callee_ends_both_legs_as_NoAnswer_with_Busy_early_media()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":0}""");
        await SetPhone(Customer, """{"behavior":"busy","answerAfterMs":500}""");
        var jobId = await Start();

        Advance(500);

        var cdr = await Cdr(jobId);
        Assert.Equal(("NoAnswer", "customer", "486 - Busy Here", "Busy"), (cdr.ContactDisposition, cdr.ReleaseInitiator, cdr.ReleaseReason, cdr.EarlyMediaState));
        Assert.Equal(TimeSpan.Zero, cdr.TalkTime);
        await Assert.ThrowsAsync<CccNotFoundException>(() => Client.ReleaseCallAsync(new ReleaseCallRequest { JobId = jobId })); // both legs are gone
    }

    [Fact]
    public async Task A_callee_who_does_not_answer_ends_both_legs_after_TimeoutSeconds()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":0}""");
        await SetPhone(Customer, """{"behavior":"noAnswer"}""");
        var jobId = await Start(timeoutSeconds: 40);

        Advance(39_999);
        await Assert.ThrowsAsync<CccNotFoundException>(() => CdrDetails(jobId)); // still ringing: no record yet
        Advance(1);

        var cdr = await Cdr(jobId);
        Assert.Equal(("NoAnswer", "system", "480 - Temporarily Unavailable", "NoAnswer"), (cdr.ContactDisposition, cdr.ReleaseInitiator, cdr.ReleaseReason, cdr.EarlyMediaState));
        Assert.NotNull(cdr.EstablishedTime); // the caller leg did connect
        Assert.Equal(TimeSpan.Zero, cdr.TalkTime);
    }

    [Fact]
    public async Task A_callee_who_rejects_ends_the_call_as_Reject()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":0}""");
        await SetPhone(Customer, """{"behavior":"reject","answerAfterMs":1000}""");
        var jobId = await Start();

        Advance(1_000);

        var cdr = await Cdr(jobId);
        Assert.Equal(("Reject", "customer", "603 - Decline", "Rejected"), (cdr.ContactDisposition, cdr.ReleaseInitiator, cdr.ReleaseReason, cdr.EarlyMediaState));
    }

    [Fact]
    public async Task The_caller_hanging_up_while_the_callee_rings_is_AbandonedInRing_initiated_by_the_agent_side()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":0,"hangUpAfterMs":5000}""");
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":8000}""");
        var jobId = await Start();

        Advance(5_000);

        var cdr = await Cdr(jobId);
        Assert.Equal(("AbandonedInRing", "agent", "200 - Okay"), (cdr.ContactDisposition, cdr.ReleaseInitiator, cdr.ReleaseReason));
    }

    [Theory]
    [InlineData(Rep, "agent")] // decision 0003 #10: the Caller leg counts as the agent side
    [InlineData(Customer, "customer")]
    public async Task After_the_bridge_either_side_hanging_up_ends_both_legs_with_Success_and_that_side_as_initiator(string hangsUp, string initiator)
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":0}""");
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":1000}""");
        await SetPhone(hangsUp, hangsUp == Rep
            ? """{"behavior":"answer","answerAfterMs":0,"hangUpAfterMs":9000}"""
            : """{"behavior":"answer","answerAfterMs":1000,"hangUpAfterMs":8000}""");
        var jobId = await Start();

        Advance(1_000);
        Advance(8_000);

        var cdr = await Cdr(jobId);
        Assert.Equal(("Success", initiator, "200 - Okay"), (cdr.ContactDisposition, cdr.ReleaseInitiator, cdr.ReleaseReason));
        Assert.Equal(TimeSpan.FromSeconds(8), cdr.TalkTime);
    }

    [Fact]
    public async Task ListCallDetailRecordsV2_finds_double_calls_by_Broker_and_outcome()
    {
        var from = Clock.GetUtcNow();
        await SetPhone(Customer, """{"behavior":"busy"}""");
        var busy = await Start();
        Advance(1_000);
        Advance(1);

        var found = new List<CallDetailRecord>();
        await foreach (var r in Client.ListCallDetailRecordsV2Async(new ListCallDetailRecordsV2Request
        {
            StartTime = from, EndTime = Clock.GetUtcNow(), Broker = ShanghaiLine, ContactTypeList = ["Back2Back"], ContactDispositionList = ["NoAnswer"],
        }))
        {
            found.Add(r);
        }

        var cdr = Assert.Single(found);
        Assert.Equal((busy, "Busy", BeijingLine), (cdr.ContactId, cdr.EarlyMediaState, cdr.AdditionalBroker));
    }

    [Fact]
    public async Task Rule_N2_an_inbound_only_400_number_cannot_be_the_Broker()
    {
        var ex = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Client.StartBack2BackCallAsync(new StartBack2BackCallRequest { Caller = Rep, Callee = Customer, Broker = Hotline }));

        Assert.Equal("Parameter.Invalid", ex.Code);
    }
}
