using System.Net;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator.Events;

/// <summary>LaunchSurvey: the IVR survey, the simulated phone's survey key, the CDR's satisfaction fields, and the survey events (pushed).</summary>
public sealed class SurveyTests : EventTestBase
{
    private const string Customer = "13800000031";
    private static readonly string[] SurveyTypes = ["SatisfactionSurveyOffer", "SatisfactionSurveyResponse", "AgentRelease", "Released", "CDRReady"];

    /// <summary>Agent 1 calls the customer, who answers after a second; they talk <paramref name="talkMs"/>. Returns the contact id.</summary>
    private async Task<string> Talking(int talkMs)
    {
        await Settings("""{"afterCallWorkSeconds":30}""");
        await Ready(Agent1, Sales);
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine)));
        Advance(1000);
        Advance(talkMs);
        return jobId;
    }

    [Fact]
    public async Task The_agent_launches_the_survey_the_phone_presses_1_and_the_CDR_and_the_pushed_events_show_it()
    {
        await Subscribe(SurveyTypes);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":1000,"surveyDigit":"1","surveyAfterMs":1500}""");
        var jobId = await Talking(5000);

        var launched = await Ok("LaunchSurvey", ("UserId", Agent1), ("JobId", jobId), ("SurveyChannel", "IVR"));
        var agentChannel = Channels(launched).EnumerateArray().Single(c => Str(c, "UserId") == Agent1);
        Assert.Equal("RELEASED", Str(agentChannel, "ChannelState")); // the agent left for the survey
        Assert.Equal("WORKING", StateOf(Agent1)); // after-call work while the customer answers
        Assert.Equal("NotExists.JobId", (await Call("GetCallDetailRecord", ("ContactId", jobId))).Code); // still in the survey

        await Settle(1500); // the phone presses 1
        await WaitForState(_ => PushedFor(jobId).Contains("CDRReady"), "the CDR");

        var cdr = await CdrDetail(jobId);
        Assert.Equal(1, cdr.GetProperty("Satisfaction").GetInt32());
        Assert.Equal("IVR", Str(cdr, "SatisfactionSurveyChannel"));
        Assert.True(cdr.GetProperty("SatisfactionSurveyOffered").GetBoolean());
        var listed = await Cdr(jobId);
        Assert.Equal(1, listed.GetProperty("SatisfactionIndex").GetInt32());
        Assert.Equal(5, listed.GetProperty("TalkTime").GetInt64()); // the survey is not talk time
        Assert.Equal("system", Str(listed, "ReleaseInitiator")); // the survey hung up

        var pushed = PushedFor(jobId);
        Assert.Equal(LoggedFor(jobId, SurveyTypes), pushed);
        Assert.True(pushed.ToList().IndexOf("SatisfactionSurveyOffer") < pushed.ToList().IndexOf("SatisfactionSurveyResponse"));
        Assert.Equal("CDRReady", pushed[^1]);
        var offer = First(jobId, "SatisfactionSurveyOffer");
        Assert.Equal(("IVR", Agent1), (Str(offer, "surveyChannel"), Str(offer, "agentId")));
        var response = First(jobId, "SatisfactionSurveyResponse");
        Assert.Equal("IVR", Str(response, "surveyChannel"));
        Assert.Equal(1, response.GetProperty("rating").GetInt32());
    }

    [Fact]
    public async Task A_phone_without_a_survey_key_lets_the_survey_time_out_offered_but_unanswered()
    {
        var jobId = await Talking(2000);

        await Ok("LaunchSurvey", ("UserId", Agent1), ("JobId", jobId));
        Advance(9_999);
        Assert.Equal("NotExists.JobId", (await Call("GetCallDetailRecord", ("ContactId", jobId))).Code);
        Advance(1);

        var cdr = await CdrDetail(jobId);
        Assert.Equal(JsonValueKind.Null, cdr.GetProperty("Satisfaction").ValueKind);
        Assert.True(cdr.GetProperty("SatisfactionSurveyOffered").GetBoolean());
        Assert.Equal("IVR", Str(cdr, "SatisfactionSurveyChannel")); // the default channel
        Assert.Contains("SatisfactionSurveyOffer", EventNames(jobId));
        Assert.DoesNotContain("SatisfactionSurveyResponse", EventNames(jobId));
    }

    [Fact]
    public async Task An_SMS_survey_is_marked_offered_and_the_call_goes_on_without_an_answer()
    {
        await SetPhone(Customer, """{"behavior":"answer","surveyDigit":"5"}""");
        var jobId = await Talking(1000);

        await Ok("LaunchSurvey", ("UserId", Agent1), ("JobId", jobId), ("SurveyChannel", "SMS"));
        Advance(5000);
        Assert.Equal("TALKING", StateOf(Agent1));
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));

        var cdr = await CdrDetail(jobId);
        Assert.Equal(("SMS", true), (Str(cdr, "SatisfactionSurveyChannel"), cdr.GetProperty("SatisfactionSurveyOffered").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, cdr.GetProperty("Satisfaction").ValueKind);
    }

    [Fact]
    public async Task A_call_without_a_survey_says_so_in_its_CDR()
    {
        var jobId = await Talking(1000);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));

        var cdr = await CdrDetail(jobId);

        Assert.False(cdr.GetProperty("SatisfactionSurveyOffered").GetBoolean());
        Assert.Equal("", Str(cdr, "SatisfactionSurveyChannel"));
        Assert.Equal(JsonValueKind.Null, cdr.GetProperty("Satisfaction").ValueKind);
    }

    [Fact]
    public async Task LaunchSurvey_is_refused_before_the_customer_answers_twice_on_a_call_for_a_stranger_and_for_bad_parameters()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent1, Sales);
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));

        var ringing = await Call("LaunchSurvey", ("UserId", Agent1), ("JobId", jobId));
        Advance(1000);
        var stranger = await Call("LaunchSurvey", ("UserId", Agent2), ("JobId", jobId));
        var badChannel = await Call("LaunchSurvey", ("UserId", Agent1), ("JobId", jobId), ("SurveyChannel", "EMAIL"));
        var unknown = await Call("LaunchSurvey", ("UserId", Agent1), ("JobId", "job-404"));
        var noJob = await Call("LaunchSurvey", ("UserId", Agent1));
        await Ok("LaunchSurvey", ("UserId", Agent1), ("JobId", jobId), ("SurveyChannel", "SMS"));
        var second = await Call("LaunchSurvey", ("UserId", Agent1), ("JobId", jobId));

        Assert.Equal((HttpStatusCode.BadRequest, "ChannelStateNotAllowed"), (ringing.Status, ringing.Code));
        Assert.Equal((HttpStatusCode.Forbidden, "Permission.User"), (stranger.Status, stranger.Code));
        Assert.Equal("Parameter.Enumeration", badChannel.Code);
        Assert.Equal("NotExists.JobId", unknown.Code);
        Assert.Equal(HttpStatusCode.BadRequest, noJob.Status);
        Assert.Equal("ChannelStateNotAllowed", second.Code);
    }

    [Fact]
    public async Task The_control_API_keeps_a_phones_survey_key_and_refuses_anything_but_one_digit()
    {
        await SetPhone(Customer, """{"behavior":"answer","surveyDigit":"7","surveyAfterMs":300}""");
        var (_, shown) = await Control(HttpMethod.Get, $"/_emulator/phones/{Customer}");
        var (tooLong, _) = await Control(HttpMethod.Put, $"/_emulator/phones/{Customer}", """{"behavior":"answer","surveyDigit":"12"}""");
        var (star, _) = await Control(HttpMethod.Put, $"/_emulator/phones/{Customer}", """{"behavior":"answer","surveyDigit":"*"}""");
        var (number, _) = await Control(HttpMethod.Put, $"/_emulator/phones/{Customer}", """{"behavior":"answer","surveyDigit":1}""");

        Assert.Equal(("7", 300), (Str(shown, "surveyDigit"), shown.GetProperty("surveyAfterMs").GetInt32()));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (tooLong, star, number));
    }
}
