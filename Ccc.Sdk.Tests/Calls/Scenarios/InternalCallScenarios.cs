namespace Ccc.Sdk.Tests.Calls.Scenarios;

/// <summary>
/// INTERNAL calls (MakeCall to another agent's extension) and a carrier's EARLY_MEDIA, through <see cref="CccClient"/>
/// (docs/emulator-calls.md, "Internal calls" and "Early media").
/// </summary>
public sealed class InternalCallScenarios : ScenarioTestBase
{
    private const string Customer = "13800000001";

    private Task<CccResponse<CallControlResult>> Dial(string userId, string callee) =>
        Client.MakeCallAsync(new MakeCallRequest { UserId = userId, Callee = callee });

    [Fact]
    public async Task An_agent_calls_a_colleagues_extension_the_colleague_answers_and_the_record_is_an_Internal_Success_with_both_agents()
    {
        await Ready(Agent1);
        await Ready(Agent2);

        var made = (await Dial(Agent1, "8002")).Value;
        var jobId = made.CallContext!.JobId!;
        var ringing = await StateOf(Agent2);
        Advance(3_000);
        var answered = await Answer(Agent2, jobId);
        var talking = (await StateOf(Agent1), await StateOf(Agent2));
        Advance(20_000);
        await Release(Agent1, jobId);
        var record = await Cdr(jobId);

        Assert.Equal("INTERNAL", made.CallContext.CallType);
        Assert.Equal("RINGING", AgentChannel(made, Agent2).ChannelState);
        Assert.Equal("Ringing", ringing);
        Assert.All(answered.CallContext!.ChannelContexts!, c => Assert.Equal("ANSWERED", c.ChannelState));
        Assert.Equal(("Talking", "Talking"), talking);
        Assert.Equal(("Internal", "Success", $"{Agent1},{Agent2}"), (record.ContactType, record.ContactDisposition, record.AgentIds));
        Assert.Equal(("8001", "8002"), (record.CallingNumber, record.CalledNumber));
    }

    [Fact]
    public async Task Calling_a_colleague_who_is_not_READY_throws_UserBusy_and_an_unknown_extension_NotExists_Extension()
    {
        await Ready(Agent1);

        var busy = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Dial(Agent1, "8002"));
        var unknown = await Assert.ThrowsAsync<CccNotFoundException>(() => Dial(Agent1, "8099"));

        Assert.Equal(("UserBusy", 400), (busy.Code, busy.HttpStatusCode));
        Assert.Equal(("NotExists.Extension", 404), (unknown.Code, unknown.HttpStatusCode));
    }

    [Fact]
    public async Task A_customer_phone_with_early_media_shows_EARLY_MEDIA_then_answers_on_time_and_a_busy_one_records_Busy()
    {
        await Ready(Agent1);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":4000,"earlyMediaAfterMs":1500}""");
        var jobId = (await Dial(Agent1, Customer)).Value.CallContext!.JobId!;
        Advance(1_500);

        var early = (await Client.MuteCallAsync(new MuteCallRequest { UserId = Agent1, JobId = jobId })).Value;
        Advance(2_500);
        var talking = await StateOf(Agent1);
        await Release(Agent1, jobId);

        Assert.Equal("EARLY_MEDIA", CustomerChannel(early).ChannelState);
        Assert.Equal("Talking", talking);
        Assert.Equal("Success", (await Cdr(jobId)).ContactDisposition);

        await Settings("""{"afterCallWorkSeconds":0}""");
        await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent1 });
        await SetPhone(Customer, """{"behavior":"busy","answerAfterMs":3000,"earlyMediaAfterMs":1000}""");
        var busyJob = (await Dial(Agent1, Customer)).Value.CallContext!.JobId!;
        Advance(3_000);
        var busy = await Cdr(busyJob);

        Assert.Equal(("NoAnswer", "Busy"), (busy.ContactDisposition, busy.EarlyMediaState));
    }
}
