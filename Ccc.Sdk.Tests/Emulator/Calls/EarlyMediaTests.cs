using System.Net;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>A simulated phone's <c>earlyMediaAfterMs</c>: RINGING → EARLY_MEDIA, the final outcome on its original schedule.</summary>
public sealed class EarlyMediaTests : CallTestBase
{
    private const string Customer = "13800000001";

    private async Task<string> CustomerState(string jobId)
    {
        var muted = await Ok("MuteCall", ("UserId", Agent1), ("JobId", jobId)); // any call-control response shows every channel
        await Ok("UnmuteCall", ("UserId", Agent1), ("JobId", jobId));
        return Str(Channels(muted).EnumerateArray().Single(c => Str(c, "UserId") == ""), "ChannelState");
    }

    [Fact]
    public async Task A_ringing_customer_moves_to_EARLY_MEDIA_and_still_answers_at_the_original_time()
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":5000,"earlyMediaAfterMs":1000}""");
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));

        var states = new List<string> { await CustomerState(jobId) };
        Advance(999);
        states.Add(await CustomerState(jobId));
        Advance(1);
        states.Add(await CustomerState(jobId));
        Advance(3_999);
        states.Add(await CustomerState(jobId));
        Advance(1);
        states.Add(await CustomerState(jobId));

        Assert.Equal(["RINGING", "RINGING", "EARLY_MEDIA", "EARLY_MEDIA", "ANSWERED"], states);
        Assert.Equal("TALKING", StateOf(Agent1));
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));
        var cdr = await Cdr(jobId);
        Assert.Equal(("Success", ""), (Str(cdr, "ContactDisposition"), Str(cdr, "EarlyMediaState")));
    }

    [Theory]
    [InlineData("busy", 3000, "NoAnswer", "Busy", "486 - Busy Here")]
    [InlineData("reject", 3000, "Reject", "Rejected", "603 - Decline")]
    [InlineData("noAnswer", 0, "NoAnswer", "NoAnswer", "480 - Temporarily Unavailable")]
    public async Task Early_media_keeps_the_final_outcome_and_the_CDR_EarlyMediaState(string behavior, int afterMs, string disposition, string earlyMedia, string reason)
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, $$"""{"behavior":"{{behavior}}","answerAfterMs":{{afterMs}},"earlyMediaAfterMs":500}""");
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));
        Advance(500);
        Assert.Equal("EARLY_MEDIA", await CustomerState(jobId));

        Advance(afterMs == 0 ? 29_500 : afterMs - 500);

        var cdr = await Cdr(jobId);
        Assert.Equal((disposition, earlyMedia, reason), (Str(cdr, "ContactDisposition"), Str(cdr, "EarlyMediaState"), Str(cdr, "ReleaseReason")));
        var filtered = (await Ok("ListCallDetailRecords", ("PageNumber", "1"), ("PageSize", "10"), ("EarlyMediaStateList", $"[\"{earlyMedia}\"]"))).GetProperty("List");
        Assert.Equal(jobId, Str(filtered.EnumerateArray().Single(), "ContactId"));
    }

    [Fact]
    public async Task The_agent_releasing_an_EARLY_MEDIA_call_cancels_it_like_a_ringing_one()
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":5000,"earlyMediaAfterMs":0}""");
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));
        Assert.Equal("EARLY_MEDIA", await CustomerState(jobId));

        var released = await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));
        Advance(10_000);

        var customer = Channels(released).EnumerateArray().Single(c => Str(c, "UserId") == "");
        Assert.Equal(("RELEASED", "487 - Request Terminated"), (Str(customer, "ChannelState"), Str(customer, "ReleaseReason")));
        Assert.Equal("NoAnswer", Str(await Cdr(jobId), "ContactDisposition"));
    }

    [Fact]
    public async Task Early_media_at_or_after_the_final_outcome_is_never_shown_and_the_control_API_echoes_it()
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":1000,"earlyMediaAfterMs":1000}""");
        var (status, body) = await Control(HttpMethod.Get, $"/_emulator/phones/{Customer}");
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));
        Advance(1000);

        Assert.Equal((HttpStatusCode.OK, 1000), (status, body.GetProperty("earlyMediaAfterMs").GetInt32()));
        Assert.Equal("ANSWERED", await CustomerState(jobId));
        var (bad, _) = await Control(HttpMethod.Put, $"/_emulator/phones/{Customer}", """{"behavior":"answer","earlyMediaAfterMs":-1}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
    }
}
