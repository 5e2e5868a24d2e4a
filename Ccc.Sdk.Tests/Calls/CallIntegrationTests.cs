namespace Ccc.Sdk.Tests.Calls;

/// <summary>The SDK's call and record actions against the real in-process emulator.</summary>
public sealed class CallIntegrationTests : EmulatorCallTestBase
{
    private const string Customer = "13800000001";
    private const string Rep = "13900000011";
    private const string B2BCustomer = "13800000012";

    [Fact]
    public async Task MakeCall_to_a_customer_who_answers_ends_with_a_Success_record_and_a_recording()
    {
        await Ready(Agent1);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":500}""");
        var from = Clock.GetUtcNow();

        var made = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer, Caller = BeijingLine })).Value;
        Assert.Equal("OUTBOUND", made.CallContext!.CallType);
        Assert.Equal("DIALING", made.UserContext!.UserState);
        var customer = made.CallContext.ChannelContexts!.Single(c => c.UserId == "");
        Assert.Equal(("RINGING", BeijingLine, Customer), (customer.ChannelState, customer.Originator, customer.Destination));
        Assert.Equal(from, customer.Timestamp);
        string jobId = made.CallContext.JobId!;

        Advance(500);
        Advance(5_000);
        var released = (await Client.ReleaseCallAsync(new ReleaseCallRequest { JobId = jobId, UserId = Agent1 })).Value;

        Assert.All(released.CallContext!.ChannelContexts!, c => Assert.Equal("RELEASED", c.ChannelState));
        var cdr = await Ccc.Sdk.Tests.Emulator.Conformance.ListedCdr.ListedCdrAsync(Client, jobId);
        Assert.Equal(("Success", "agent", "Outbound"), (cdr.ContactDisposition, cdr.ReleaseInitiator, cdr.ContactType));
        Assert.Equal(TimeSpan.FromSeconds(5), cdr.TalkTime);
        Assert.Equal(from.AddMilliseconds(500), cdr.EstablishedTime);
        Assert.Equal(Agent1, cdr.AgentIds);
        Assert.NotEmpty((await Client.GetCallDetailRecordAsync(jobId)).Value.AgentEvents!);

        var listed = Assert.Single(await RecordsTo(Customer, from));
        Assert.Equal(jobId, listed.ContactId);
        Assert.Equal(cdr.CallDuration, listed.CallDuration); // a string in the list, a number in Get
        Assert.Equal(cdr.StartTime, listed.StartTime);

        var recording = (await Client.GetMonoRecordingAsync(jobId, 600)).Value;
        Assert.Equal(jobId + ".wav", recording.FileName);
        Assert.StartsWith("http", recording.FileUrl, StringComparison.Ordinal);
        Assert.InRange(recording.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddSeconds(590), DateTimeOffset.UtcNow.AddSeconds(600)); // reckoned on the client's clock
    }

    [Fact]
    public async Task A_double_call_both_sides_answer_gives_a_Back2Back_Success_record()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":1000}""");
        await SetPhone(B2BCustomer, """{"behavior":"answer","answerAfterMs":1000,"hangUpAfterMs":5000}""");

        var started = (await Client.StartBack2BackCallAsync(new StartBack2BackCallRequest { Caller = Rep, Callee = B2BCustomer, Broker = ShanghaiLine, AdditionalBroker = BeijingLine })).Value;
        Assert.Equal("BACK2BACK", started.CallContext!.CallType);
        Assert.Equal("", started.UserContext!.UserId); // no agent: the empty UserContext
        Assert.Equal(ShanghaiLine, Assert.Single(started.CallContext.ChannelContexts!).Originator);

        Advance(1_000);
        Advance(1_000);
        Advance(5_000);

        var cdr = await Ccc.Sdk.Tests.Emulator.Conformance.ListedCdr.ListedCdrAsync(Client, started.CallContext.JobId!);
        Assert.Equal(("Back2Back", "Success", "customer"), (cdr.ContactType, cdr.ContactDisposition, cdr.ReleaseInitiator));
        Assert.Equal((ShanghaiLine, BeijingLine), (cdr.Broker, cdr.AdditionalBroker));
        Assert.Equal(TimeSpan.FromSeconds(5), cdr.TalkTime);
    }

    [Fact]
    public async Task A_double_call_to_a_busy_callee_gives_a_NoAnswer_record_with_Busy_early_media()
    {
        await SetPhone(Rep, """{"behavior":"answer","answerAfterMs":1000}""");
        await SetPhone(B2BCustomer, """{"behavior":"busy"}""");

        var started = (await Client.StartBack2BackCallAsync(new StartBack2BackCallRequest { Caller = Rep, Callee = B2BCustomer, Broker = ShanghaiLine })).Value;
        Advance(1_000);
        Advance(100);

        var cdr = await Ccc.Sdk.Tests.Emulator.Conformance.ListedCdr.ListedCdrAsync(Client, started.CallContext!.JobId!);
        Assert.Equal(("NoAnswer", "customer", "486 - Busy Here", "Busy"), (cdr.ContactDisposition, cdr.ReleaseInitiator, cdr.ReleaseReason, cdr.EarlyMediaState));
    }

    [Fact]
    public async Task HoldCall_and_RetrieveCall_flag_the_customer_channel_and_the_record_counts_the_held_time()
    {
        await Ready(Agent1);
        var made = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer })).Value;
        string jobId = made.CallContext!.JobId!;
        string customer = made.CallContext.ChannelContexts!.Single(c => c.UserId == "").ChannelId!;
        Advance(1_000); // the default phone answers after 1 000 ms

        // HoldCall's and RetrieveCall's models have no ChannelFlags; PollUserStatus's has.
        await Client.HoldCallAsync(new HoldCallRequest { UserId = Agent1, JobId = jobId, ChannelId = customer });
        var held = (await Client.PollUserStatusAsync(new PollUserStatusRequest { UserId = Agent1 })).Value;
        Assert.Contains("HELD", held.CallContext!.ChannelContexts!.Single(c => c.ChannelId == customer).ChannelFlags, StringComparison.Ordinal);
        Advance(3_000);
        await Client.RetrieveCallAsync(new RetrieveCallRequest { UserId = Agent1, JobId = jobId, ChannelId = customer });
        var retrieved = (await Client.PollUserStatusAsync(new PollUserStatusRequest { UserId = Agent1 })).Value;
        Assert.DoesNotContain("HELD", retrieved.CallContext!.ChannelContexts!.Single(c => c.ChannelId == customer).ChannelFlags, StringComparison.Ordinal);
        Advance(2_000);
        await Client.ReleaseCallAsync(new ReleaseCallRequest { UserId = Agent1, JobId = jobId });

        var cdr = await Ccc.Sdk.Tests.Emulator.Conformance.ListedCdr.ListedCdrAsync(Client, jobId);
        Assert.Equal(TimeSpan.FromSeconds(3), cdr.HeldTime);
        Assert.Equal(TimeSpan.FromSeconds(5), cdr.TalkTime);
    }

    [Fact]
    public async Task A_call_control_error_from_the_emulator_surfaces_as_a_CccException_with_the_code()
    {
        await Ready(Agent1);

        var ex = await Assert.ThrowsAnyAsync<CccException>(() => Client.HoldCallAsync(new HoldCallRequest { UserId = Agent1, JobId = "job-0000000000000000000", ChannelId = "ch:nope" }));

        Assert.Equal("NotExists.JobId", ex.Code);
    }
}
