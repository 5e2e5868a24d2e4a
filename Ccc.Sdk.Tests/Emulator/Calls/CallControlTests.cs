using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>Hold/retrieve, blind and attended transfers (O3), DTMF, mute, and the call-control error codes.</summary>
public sealed class CallControlTests : CallTestBase
{
    private const string Customer = "13800000001";

    /// <summary>agent1 talks to the customer on an inbound call; returns the contact id and the customer's channel id.</summary>
    private async Task<(string ContactId, string CustomerChannel)> Talking()
    {
        await Ready(Agent1, Sales);
        var contactId = await Inbound(Customer, BeijingLine);
        var data = await Ok("AnswerCall", ("UserId", Agent1), ("JobId", contactId));
        var customer = Channels(data).EnumerateArray().First(c => Str(c, "UserId") == "");
        return (contactId, Str(customer, "ChannelId"));
    }

    [Fact]
    public async Task HoldCall_and_RetrieveCall_flag_the_customer_channel_and_count_held_time()
    {
        var (contactId, customer) = await Talking();

        // HoldCall's and RetrieveCall's models have no ChannelFlags; PollUserStatus's has.
        await Ok("HoldCall", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", customer));
        var held = await Ok("PollUserStatus", ("UserId", Agent1));
        Advance(7000);
        await Ok("RetrieveCall", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", customer));
        var retrieved = await Ok("PollUserStatus", ("UserId", Agent1));
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));

        Assert.Equal("HELD", Str(ChannelTo(held, Customer), "ChannelFlags"));
        Assert.Equal("", Str(ChannelTo(retrieved, Customer), "ChannelFlags"));
        Assert.Equal(7, (await Cdr(contactId)).GetProperty("HeldTime").GetInt64());
        var heldEvent = Events(contactId).Single(e => e.EventType == "Held");
        Assert.Equal(customer, heldEvent.HeldChannelId);
        Assert.Equal(customer, Events(contactId).Single(e => e.EventType == "Retrieved").RetrievedChannelId);
    }

    [Fact]
    public async Task RetrieveCall_of_a_channel_not_held_and_HoldCall_of_an_unknown_channel_are_refused()
    {
        var (contactId, customer) = await Talking();

        var notHeld = await Call("RetrieveCall", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", customer));
        var unknown = await Call("HoldCall", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", "ch:nope"));
        var noJob = await Call("HoldCall", ("UserId", Agent1), ("JobId", "job-0000000000000000000"), ("ChannelId", customer));

        Assert.Equal("ChannelStateNotAllowed", notHeld.Code);
        Assert.Equal((System.Net.HttpStatusCode.NotFound, "NotExists.ChannelId"), (unknown.Status, unknown.Code));
        Assert.Equal((System.Net.HttpStatusCode.NotFound, "NotExists.JobId"), (noJob.Status, noJob.Code));
        Assert.True(noJob.HasParams);
    }

    [Fact]
    public async Task BlindTransfer_to_an_agent_releases_the_transferor_into_after_call_work_and_rings_the_transferee()
    {
        var (contactId, _) = await Talking();
        await Ready(Agent2, Sales);
        await AutoAnswer(Agent2);

        await Ok("BlindTransfer", ("UserId", Agent1), ("JobId", contactId), ("Transferee", Agent2), ("TransfereeType", "Agent"));

        Assert.Equal(("WORKING", "TALKING"), (StateOf(Agent1), StateOf(Agent2)));
        await Ok("ReleaseCall", ("UserId", Agent2), ("JobId", contactId));
        var cdr = await Cdr(contactId);
        Assert.Equal(($"{Agent1},{Agent2}", 1), (Str(cdr, "AgentIds"), cdr.GetProperty("TransferCount").GetInt32()));
        var transfer = Events(contactId).Single(e => e.EventType == "BlindTransfer");
        Assert.Equal((Agent1, Agent2), (transfer.Originator, transfer.Destination));
    }

    [Fact]
    public async Task BlindTransfer_to_a_busy_agent_is_UserBusy()
    {
        var (contactId, _) = await Talking();

        var r = await Call("BlindTransfer", ("UserId", Agent1), ("JobId", contactId), ("Transferee", "8002"));

        Assert.Equal("UserBusy", r.Code);
        Assert.Equal("TALKING", StateOf(Agent1));
    }

    [Fact]
    public async Task Rule_O3_BlindTransfer_to_an_external_number_shows_an_outbound_landline_to_the_external_phone()
    {
        var (contactId, _) = await Talking();

        var data = await Ok("BlindTransfer", ("UserId", Agent1), ("JobId", contactId), ("Transferee", "13700000005"), ("Transferor", ShanghaiLine));
        Advance(1000);

        var external = ChannelTo(data, "13700000005");
        Assert.Equal(ShanghaiLine, Str(external, "Originator"));
        Assert.Equal("WORKING", StateOf(Agent1));
        var refused = await Call("BlindTransfer", ("UserId", Agent1), ("JobId", contactId), ("Transferee", "13700000005"), ("Transferor", Hotline));
        Assert.Equal("UserStateNotAllowed", refused.Code); // agent1 already left the call
    }

    [Fact]
    public async Task BlindTransfer_to_a_skill_group_routes_the_call_again()
    {
        var (contactId, _) = await Talking();
        await Ready(Agent3, Support);

        await Ok("BlindTransfer", ("UserId", Agent1), ("JobId", contactId), ("Transferee", Support));

        Assert.Equal("RINGING", StateOf(Agent3));
    }

    [Fact]
    public async Task Attended_transfer_holds_the_customer_consults_and_on_completion_leaves_customer_and_transferee_talking()
    {
        var (contactId, customer) = await Talking();
        await Ready(Agent2, Sales);

        var consulting = await Ok("InitiateAttendedTransfer", ("UserId", Agent1), ("JobId", contactId), ("Transferee", Agent2));
        Assert.Equal("HELD", Str(Channels(consulting).EnumerateArray().Single(c => Str(c, "ChannelId") == customer), "ChannelFlags"));
        Assert.Equal("RINGING", StateOf(Agent2));
        var early = await Call("CompleteAttendedTransfer", ("UserId", Agent1), ("JobId", contactId));
        Assert.Equal("ChannelStateNotAllowed", early.Code);
        await Ok("AnswerCall", ("UserId", Agent2), ("JobId", contactId));
        var done = await Ok("CompleteAttendedTransfer", ("UserId", Agent1), ("JobId", contactId));

        Assert.Equal(("WORKING", "TALKING"), (StateOf(Agent1), StateOf(Agent2)));
        Assert.Equal("", Str(Channels(done).EnumerateArray().Single(c => Str(c, "ChannelId") == customer), "ChannelFlags"));
        Assert.Contains("AttendedTransfer", EventNames(contactId));
    }

    [Fact]
    public async Task CancelAttendedTransfer_releases_the_consulted_party_and_retrieves_the_customer()
    {
        var (contactId, customer) = await Talking();
        await Ready(Agent2, Sales);
        await Ok("InitiateAttendedTransfer", ("UserId", Agent1), ("JobId", contactId), ("Transferee", Agent2));

        var cancelled = await Ok("CancelAttendedTransfer", ("UserId", Agent1), ("JobId", contactId));

        Assert.Equal(("TALKING", "READY"), (StateOf(Agent1), StateOf(Agent2)));
        Assert.Equal("", Str(Channels(cancelled).EnumerateArray().Single(c => Str(c, "ChannelId") == customer), "ChannelFlags"));
    }

    [Fact]
    public async Task SendDtmfSignaling_plays_the_digits_to_the_simulated_phone()
    {
        var (contactId, customer) = await Talking();

        await Ok("SendDtmfSignaling", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", customer), ("Dtmf", "12#"));
        await Ok("SendDtmfSignaling", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", customer), ("Dtmf", "9"));
        var bad = await Call("SendDtmfSignaling", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", customer), ("Dtmf", "1x"));

        var (_, phone) = await Control(HttpMethod.Get, $"/_emulator/phones/{Customer}");
        Assert.Equal("12#9", Str(phone, "dtmfReceived"));
        Assert.Equal("Parameter.Format", bad.Code);
    }

    [Fact]
    public async Task MuteCall_without_ChannelId_mutes_the_agents_own_channel_and_UnmuteCall_clears_it()
    {
        var (contactId, _) = await Talking();

        var muted = await Ok("MuteCall", ("UserId", Agent1), ("JobId", contactId));
        var unmuted = await Ok("UnmuteCall", ("UserId", Agent1));

        static string Flags(JsonElement data) => Str(Channels(data).EnumerateArray().Single(c => Str(c, "UserId") == Agent1), "ChannelFlags");
        Assert.Equal(("MUTED", ""), (Flags(muted), Flags(unmuted)));
        Assert.Equal(["Muted", "Unmuted"], EventNames(contactId).Where(n => n.EndsWith("uted", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnswerCall_by_an_agent_who_is_not_ringing_is_refused()
    {
        var (contactId, _) = await Talking();

        var talking = await Call("AnswerCall", ("UserId", Agent1), ("JobId", contactId));
        var outsider = await Call("AnswerCall", ("UserId", Agent2), ("JobId", contactId));

        Assert.Equal("UserStateNotAllowed", talking.Code);
        // Not a party of the call at all: refused before the state is looked at (decision 0006).
        Assert.Equal((System.Net.HttpStatusCode.Forbidden, "Permission.User"), (outsider.Status, outsider.Code));
    }
}
