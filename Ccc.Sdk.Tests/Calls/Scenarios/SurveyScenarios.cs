namespace Ccc.Sdk.Tests.Calls.Scenarios;

/// <summary>A satisfaction survey through <see cref="CccClient"/>: the agent launches it, the customer's phone presses a key, the CDR shows it.</summary>
public sealed class SurveyScenarios : ScenarioTestBase
{
    private const string Customer = "13800000041";

    [Fact]
    public async Task The_agent_launches_the_survey_the_phone_presses_1_and_the_CDR_shows_the_answer()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":1000,"surveyDigit":"1","surveyAfterMs":3000}""");
        await Ready(Agent1);
        var jobId = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer })).Value.CallContext!.JobId!;
        Advance(1_000); // the customer answers
        Advance(8_000); // they talk

        var launched = (await Client.LaunchSurveyAsync(new LaunchSurveyRequest { UserId = Agent1, JobId = jobId, SurveyChannel = "IVR" })).Value;
        Advance(3_000); // the customer listens and presses 1

        Assert.Equal("RELEASED", launched.CallContext!.ChannelContexts!.Single(c => c.UserId == Agent1).ChannelState);
        Assert.Equal(1, (await CdrDetails(jobId)).Satisfaction);
        var listed = await Cdr(jobId);
        Assert.Equal(((int?)1, (string?)"IVR", (bool?)true), (listed.SatisfactionIndex, listed.SatisfactionSurveyChannel, listed.SatisfactionSurveyOffered));
        Assert.Equal(TimeSpan.FromSeconds(8), listed.TalkTime);
        var events = (await Events(jobId)).Select(e => e.EventType).ToList();
        Assert.Equal(["SatisfactionSurveyOffer", "SatisfactionSurveyResponse"], events.Where(e => e.StartsWith("Satisfaction", StringComparison.Ordinal)));
        Assert.True(events.IndexOf("SatisfactionSurveyResponse") < events.IndexOf("CDRReady"));
    }
}
