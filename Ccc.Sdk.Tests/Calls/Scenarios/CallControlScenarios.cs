namespace Ccc.Sdk.Tests.Calls.Scenarios;

/// <summary>Hold/retrieve, blind and attended transfers (rule O3), DTMF and mute through the SDK's call-control methods.</summary>
public sealed class CallControlScenarios : ScenarioTestBase
{
    private const string Customer = "13800000001";
    private const string External = "13700000005";

    /// <summary>agent1 answers an inbound call from the customer; returns the job id and the customer's channel id.</summary>
    private async Task<(string JobId, string CustomerChannelId)> Talking()
    {
        await Ready(Agent1);
        var jobId = await Inbound(Customer);
        var answered = await Answer(Agent1, jobId);
        return (jobId, CustomerChannel(answered).ChannelId!);
    }

    /// <summary>The agent's current call as PollUserStatus reports it (its model has the channels' flags).</summary>
    private async Task<CallControlResult> Polled(string userId)
    {
        var status = (await Client.PollUserStatusAsync(new PollUserStatusRequest { UserId = userId })).Value;
        return new CallControlResult { CallContext = status.CallContext, UserContext = status.UserContext };
    }

    private static string? FlagsOf(CallControlResult result, string channelId) =>
        result.CallContext!.ChannelContexts!.Single(c => c.ChannelId == channelId).ChannelFlags;

    [Fact]
    public async Task HoldCall_and_RetrieveCall_flag_the_customer_channel_and_the_record_counts_the_held_time()
    {
        var (jobId, customer) = await Talking();

        // HoldCall's and RetrieveCall's models have no ChannelFlags: the flags are read with PollUserStatus.
        await Client.HoldCallAsync(new HoldCallRequest { UserId = Agent1, JobId = jobId, ChannelId = customer });
        var held = await Polled(Agent1);
        Advance(7_000);
        await Client.RetrieveCallAsync(new RetrieveCallRequest { UserId = Agent1, JobId = jobId, ChannelId = customer });
        var retrieved = await Polled(Agent1);
        Advance(2_000);
        await Release(Agent1, jobId);

        Assert.Equal(("HELD", ""), (FlagsOf(held, customer), FlagsOf(retrieved, customer)));
        var cdr = await Cdr(jobId);
        Assert.Equal((TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(9)), (cdr.HeldTime, cdr.TalkTime));
    }

    [Fact]
    public async Task RetrieveCall_of_a_channel_that_is_not_held_and_HoldCall_of_an_unknown_channel_throw_typed_exceptions()
    {
        var (jobId, customer) = await Talking();

        var notHeld = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Client.RetrieveCallAsync(new RetrieveCallRequest { UserId = Agent1, JobId = jobId, ChannelId = customer }));
        var unknown = await Assert.ThrowsAsync<CccNotFoundException>(() => Client.HoldCallAsync(new HoldCallRequest { UserId = Agent1, JobId = jobId, ChannelId = "ch:nope" }));

        Assert.Equal(("ChannelStateNotAllowed", "NotExists.ChannelId"), (notHeld.Code, unknown.Code));
    }

    [Fact]
    public async Task BlindTransfer_to_an_agent_puts_the_transferor_in_after_call_work_and_rings_the_transferee()
    {
        var (jobId, _) = await Talking();
        await Ready(Agent2);

        var transferred = (await Client.BlindTransferAsync(new BlindTransferRequest { UserId = Agent1, JobId = jobId, Transferee = Agent2, TransfereeType = "Agent" })).Value;

        Assert.Equal("WORKING", transferred.UserContext!.UserState);
        Assert.Equal(("ACW", "Ringing"), (await StateOf(Agent1), await StateOf(Agent2)));
        await Answer(Agent2, jobId);
        await Release(Agent2, jobId);
        var cdr = await Cdr(jobId);
        Assert.Equal(($"{Agent1},{Agent2}", 1), (cdr.AgentIds, cdr.TransferCount));
    }

    [Fact]
    public async Task BlindTransfer_to_an_agent_by_extension_who_is_busy_throws_UserBusy_and_the_call_stays()
    {
        var (jobId, _) = await Talking();

        var ex = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Client.BlindTransferAsync(new BlindTransferRequest { UserId = Agent1, JobId = jobId, Transferee = "8002" }));

        Assert.Equal("UserBusy", ex.Code);
        Assert.Equal("Talking", await StateOf(Agent1));
    }

    [Fact]
    public async Task Rule_O3_BlindTransfer_to_an_external_number_dials_it_from_an_outbound_landline()
    {
        var (jobId, _) = await Talking();
        await SetPhone(External, """{"behavior":"answer","answerAfterMs":1000,"hangUpAfterMs":4000}""");

        var transferred = (await Client.BlindTransferAsync(new BlindTransferRequest { UserId = Agent1, JobId = jobId, Transferee = External, Transferor = ShanghaiLine })).Value;
        var external = transferred.CallContext!.ChannelContexts!.Single(c => c.Destination == External);
        Advance(1_000);
        Advance(4_000);

        Assert.Equal(ShanghaiLine, external.Originator);
        Assert.Equal("ACW", await StateOf(Agent1));
        var cdr = await Cdr(jobId);
        Assert.Equal(("Success", 1), (cdr.ContactDisposition, cdr.TransferCount));
    }

    [Fact]
    public async Task Rule_N2_BlindTransfer_to_an_external_number_cannot_use_a_400_number_as_the_Transferor()
    {
        var (jobId, _) = await Talking();

        var ex = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Client.BlindTransferAsync(new BlindTransferRequest { UserId = Agent1, JobId = jobId, Transferee = External, Transferor = Hotline }));

        Assert.Equal("Parameter.Invalid", ex.Code);
        Assert.Equal("Talking", await StateOf(Agent1));
    }

    [Fact]
    public async Task BlindTransfer_to_a_skill_group_routes_the_call_again_to_an_agent_of_that_group()
    {
        var (jobId, _) = await Talking();
        await ReadyIn(Agent3, Support);

        await Client.BlindTransferAsync(new BlindTransferRequest { UserId = Agent1, JobId = jobId, Transferee = Support, TransfereeType = "SkillGroup" });

        Assert.Equal("Ringing", await StateOf(Agent3));
        await Answer(Agent3, jobId);
        await Release(Agent3, jobId);
        Assert.Equal($"{Agent1},{Agent3}", (await Cdr(jobId)).AgentIds);
    }

    [Fact]
    public async Task InitiateAttendedTransfer_then_Complete_holds_the_customer_while_consulting_and_leaves_customer_and_transferee_talking()
    {
        var (jobId, customer) = await Talking();
        await Ready(Agent2);

        var consulting = (await Client.InitiateAttendedTransferAsync(new InitiateAttendedTransferRequest { UserId = Agent1, JobId = jobId, Transferee = Agent2 })).Value;
        Assert.Equal("HELD", FlagsOf(consulting, customer));
        Assert.Equal("CONSULTANT", AgentChannel(consulting, Agent2).CallType);
        Assert.Equal("Ringing", await StateOf(Agent2));
        var early = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Client.CompleteAttendedTransferAsync(new CompleteAttendedTransferRequest { UserId = Agent1, JobId = jobId }));
        Assert.Equal("ChannelStateNotAllowed", early.Code); // the consulted agent has not answered yet
        await Answer(Agent2, jobId);

        var completed = (await Client.CompleteAttendedTransferAsync(new CompleteAttendedTransferRequest { UserId = Agent1, JobId = jobId })).Value;

        Assert.Equal("", FlagsOf(completed, customer));
        Assert.Equal(("ACW", "Talking"), (await StateOf(Agent1), await StateOf(Agent2)));
        await Release(Agent2, jobId);
        Assert.Equal($"{Agent1},{Agent2}", (await Cdr(jobId)).AgentIds);
    }

    [Fact]
    public async Task InitiateAttendedTransfer_then_Cancel_releases_the_consulted_agent_and_retrieves_the_customer()
    {
        var (jobId, customer) = await Talking();
        await Ready(Agent2);
        await Client.InitiateAttendedTransferAsync(new InitiateAttendedTransferRequest { UserId = Agent1, JobId = jobId, Transferee = Agent2 });
        await Answer(Agent2, jobId);

        var cancelled = (await Client.CancelAttendedTransferAsync(new CancelAttendedTransferRequest { UserId = Agent1, JobId = jobId })).Value;

        Assert.Equal("", FlagsOf(cancelled, customer));
        Assert.Equal("TALKING", cancelled.UserContext!.UserState);
        Assert.Equal("Talking", await StateOf(Agent1));
        Assert.NotEqual("Talking", await StateOf(Agent2));
    }

    [Fact]
    public async Task Rule_O3_an_attended_transfer_to_an_external_number_completes_once_the_external_phone_answers()
    {
        var (jobId, customer) = await Talking();
        await SetPhone(External, """{"behavior":"answer","answerAfterMs":2000}""");

        var consulting = (await Client.InitiateAttendedTransferAsync(new InitiateAttendedTransferRequest { UserId = Agent1, JobId = jobId, Transferee = External, Transferor = ShanghaiLine })).Value;
        var external = consulting.CallContext!.ChannelContexts!.Single(c => c.Destination == External);
        Assert.Equal(("CONSULTANT", ShanghaiLine), (external.CallType, external.Originator));
        Advance(2_000);
        var completed = (await Client.CompleteAttendedTransferAsync(new CompleteAttendedTransferRequest { UserId = Agent1, JobId = jobId })).Value;

        Assert.Equal("", FlagsOf(completed, customer));
        Assert.Equal("ACW", await StateOf(Agent1));
        await Client.ReleaseCallAsync(new ReleaseCallRequest { JobId = jobId });
        Assert.Equal("Success", (await Cdr(jobId)).ContactDisposition);
    }

    [Fact]
    public async Task The_initiator_hanging_up_during_an_answered_consultation_completes_the_attended_transfer()
    {
        var (jobId, customer) = await Talking();
        await Ready(Agent2);
        await Client.InitiateAttendedTransferAsync(new InitiateAttendedTransferRequest { UserId = Agent1, JobId = jobId, Transferee = Agent2 });
        await Answer(Agent2, jobId);

        await Release(Agent1, jobId);

        Assert.Equal(("ACW", "Talking"), (await StateOf(Agent1), await StateOf(Agent2)));
        await Client.HoldCallAsync(new HoldCallRequest { UserId = Agent2, JobId = jobId, ChannelId = customer });
        Assert.Equal("HELD", FlagsOf(await Polled(Agent2), customer)); // the customer was retrieved, and agent2 now controls the call
    }

    [Fact]
    public async Task A_blind_transfer_the_agent_lets_ring_out_waits_for_that_agent_and_rings_again_when_READY()
    {
        var (jobId, _) = await Talking();
        await Ready(Agent2);
        await Client.BlindTransferAsync(new BlindTransferRequest { UserId = Agent1, JobId = jobId, Transferee = Agent2 });

        Advance(30_000);
        Assert.Equal("Break", await StateOf(Agent2));
        await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent2 });

        Assert.Equal("Ringing", await StateOf(Agent2));
        await Answer(Agent2, jobId);
        await Release(Agent2, jobId);
        Assert.Equal(("Success", $"{Agent1},{Agent2}"), ((await Cdr(jobId)).ContactDisposition, (await Cdr(jobId)).AgentIds));
    }

    [Fact]
    public async Task An_attended_transfer_nobody_answers_ends_the_consultation_and_the_initiator_keeps_the_customer()
    {
        var (jobId, customer) = await Talking();
        await Ready(Agent2);
        await Client.InitiateAttendedTransferAsync(new InitiateAttendedTransferRequest { UserId = Agent1, JobId = jobId, Transferee = Agent2 });

        Advance(60_000);

        Assert.Equal("Talking", await StateOf(Agent1));
        var held = (await Client.HoldCallAsync(new HoldCallRequest { UserId = Agent1, JobId = jobId, ChannelId = customer })).Value;
        Assert.Equal("HELD", FlagsOf(await Polled(Agent1), customer)); // it had been retrieved: agent1 can hold it again
        Assert.Equal("RELEASED", AgentChannel(held, Agent2).ChannelState);
    }

    [Fact]
    public async Task SendDtmfSignaling_plays_the_digits_to_the_simulated_phone_whether_sent_into_its_channel_or_the_agents()
    {
        var (jobId, customer) = await Talking();
        var agentChannel = AgentChannel((await Client.MuteCallAsync(new MuteCallRequest { UserId = Agent1, JobId = jobId })).Value, Agent1).ChannelId!;
        await Client.UnmuteCallAsync(new UnmuteCallRequest { UserId = Agent1 });

        await Client.SendDtmfSignalingAsync(new SendDtmfSignalingRequest { UserId = Agent1, JobId = jobId, ChannelId = customer, Dtmf = "12#" });
        await Client.SendDtmfSignalingAsync(new SendDtmfSignalingRequest { UserId = Agent1, JobId = jobId, ChannelId = agentChannel, Dtmf = "9*" });
        var bad = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Client.SendDtmfSignalingAsync(new SendDtmfSignalingRequest { UserId = Agent1, JobId = jobId, ChannelId = customer, Dtmf = "1x" }));

        Assert.Equal("12#9*", await DtmfHeardBy(Customer));
        Assert.Equal("Parameter.Format", bad.Code);
    }

    [Fact]
    public async Task MuteCall_flags_the_agents_own_channel_MUTED_and_UnmuteCall_without_a_JobId_clears_it()
    {
        var (jobId, customer) = await Talking();

        var muted = (await Client.MuteCallAsync(new MuteCallRequest { UserId = Agent1, JobId = jobId })).Value;
        var unmuted = (await Client.UnmuteCallAsync(new UnmuteCallRequest { UserId = Agent1 })).Value;

        Assert.Equal(("MUTED", ""), (AgentChannel(muted, Agent1).ChannelFlags, AgentChannel(unmuted, Agent1).ChannelFlags));
        Assert.Equal("", FlagsOf(muted, customer)); // the customer is not muted
        Assert.Equal(jobId, unmuted.CallContext!.JobId); // the agent's current call
    }

    [Fact]
    public async Task Call_control_on_a_call_that_has_ended_throws_NotExists_JobId()
    {
        var (jobId, customer) = await Talking();
        await Release(Agent1, jobId);

        var ex = await Assert.ThrowsAsync<CccNotFoundException>(() => Client.HoldCallAsync(new HoldCallRequest { UserId = Agent1, JobId = jobId, ChannelId = customer }));

        Assert.Equal(("NotExists.JobId", 404), (ex.Code, ex.HttpStatusCode));
    }
}
