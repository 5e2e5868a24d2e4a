using System.Globalization;
using System.Net;
using Ccc.Sdk.Emulator.Reports;
using Ccc.Sdk.Tests.Emulator.Calls;

namespace Ccc.Sdk.Tests.Emulator.Reports;

/// <summary>The reports' edges: the bounded state log, windows, filters and the cloud's errors for bad input.</summary>
public sealed class ReportActionTests : CallTestBase
{
    private static string Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_state_log_keeps_only_the_newest_entries_of_an_instance_beyond_its_capacity()
    {
        var log = new AgentStateLog(H.Emulator.State.Engine, id => H.Emulator.State.GetInstance(id), capacity: 3);

        await Ready(Agent1, Sales); // BREAK, READY
        await Ok("TakeBreak", ("UserId", Agent1), ("Code", "meeting")); // BREAK meeting
        await Ok("SignOutGroup", ("UserId", Agent1)); // OFFLINE

        var instance = H.Emulator.State.GetInstance(Instance);
        lock (instance.Gate)
        {
            Assert.Equal(
                [("READY", ""), ("BREAK", "meeting"), ("OFFLINE", "")],
                log.Entries(Instance).Select(e => (e.State, e.BreakCode)).ToList());
        }
    }

    [Fact]
    public async Task An_agent_whose_state_never_changed_reports_the_emulators_start_as_StateTime_not_1970()
    {
        var started = H.Clock.GetUtcNow();
        Advance(7_000);

        var page = await Ok("ListRealtimeAgentStates", ("PageNumber", "1"), ("PageSize", "10"), ("AgentIdList", $"[\"{Agent3}\"]"));

        var agent3 = page.GetProperty("List")[0];
        Assert.Equal(("Offline", started.ToUnixTimeMilliseconds(), 7L), (Str(agent3, "State"), agent3.GetProperty("StateTime").GetInt64(), agent3.GetProperty("Duration").GetInt64()));
        Assert.False(agent3.TryGetProperty("StateCode", out _));
    }

    [Fact]
    public async Task A_call_outside_the_window_or_of_another_media_type_is_not_counted()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent1, Sales);
        var contactId = await Inbound("13800000001", BeijingLine);
        await Ok("AnswerCall", ("UserId", Agent1), ("JobId", contactId));
        Advance(4_000);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));
        var afterCall = H.Clock.GetUtcNow();
        Advance(1_000);

        var all = await Ok("GetHistoricalInstanceReport", ("StartTime", Ms(afterCall.AddHours(-1))), ("EndTime", Ms(afterCall.AddHours(1))));
        var later = await Ok("GetHistoricalInstanceReport", ("StartTime", Ms(afterCall)), ("EndTime", Ms(afterCall.AddHours(1))));
        var chat = await Ok("GetHistoricalInstanceReport", ("StartTime", Ms(afterCall.AddHours(-1))), ("EndTime", Ms(afterCall.AddHours(1))), ("MediaType", "CHAT"));

        Assert.Equal((1L, 4L), (all.GetProperty("Inbound").GetProperty("CallsHandled").GetInt64(), all.GetProperty("Inbound").GetProperty("TotalTalkTime").GetInt64()));
        Assert.Equal(0L, later.GetProperty("Inbound").GetProperty("CallsOffered").GetInt64());
        Assert.Equal(0L, chat.GetProperty("Overall").GetProperty("TotalCalls").GetInt64());
    }

    [Fact]
    public async Task Fields_the_emulator_cannot_compute_are_left_out_of_the_report()
    {
        var data = await Ok("GetHistoricalInstanceReport");

        Assert.True(data.GetProperty("Inbound").TryGetProperty("CallsOffered", out _));
        Assert.False(data.GetProperty("Inbound").TryGetProperty("CallsVoicemail", out _));
        Assert.False(data.GetProperty("Inbound").TryGetProperty("SatisfactionIndex", out _));
        Assert.False(data.GetProperty("Outbound").TryGetProperty("CallsBlindTransferred", out _));
    }

    [Theory]
    [InlineData("ListIntervalInstanceReport", "Interval", "Weekly", "Parameter.Enumeration")]
    [InlineData("GetHistoricalInstanceReport", "EndTime", "1000", "Parameter.Invalid")]
    [InlineData("ListAgentStateLogs", "AgentId", "nobody@ccc-local", "NotExists.UserId")]
    [InlineData("ListIntervalSkillGroupReport", "SkillGroupId", "vip@ccc-local", "NotExists.SkillGroupId")]
    [InlineData("ListHistoricalSkillGroupReport", "SkillGroupIdList", "[\"vip@ccc-local\"]", "NotExists.SkillGroupId")]
    [InlineData("ListHistoricalAgentReport", "AgentIdList", "[\"nobody@ccc-local\"]", "NotExists.UserId")]
    [InlineData("ListSkillGroupStates", "SkillGroupIds", "vip@ccc-local", "NotExists.SkillGroupId")]
    [InlineData("ListAgentStates", "State", "SLEEPING", "Parameter.Enumeration")]
    public async Task Bad_input_gets_the_clouds_error_not_a_500(string action, string name, string value, string code)
    {
        var parameters = new List<(string, string)> { (name, value), ("StartTime", "5000") };
        if (action is "ListHistoricalSkillGroupReport" or "ListHistoricalAgentReport" or "ListSkillGroupStates" or "ListAgentStates")
        {
            parameters.AddRange([("PageNumber", "1"), ("PageSize", "10")]);
        }

        if (action == "ListAgentStateLogs" || action.StartsWith("ListInterval", StringComparison.Ordinal))
        {
            parameters.Add(action switch
            {
                "ListIntervalSkillGroupReport" => ("Interval", "Hourly"),
                "ListIntervalInstanceReport" => ("EndTime", "7205000"),
                _ => ("EndTime", "6000"),
            });
        }

        var r = await Call(action, [.. parameters]);

        Assert.Equal(code, r.Code);
        Assert.NotEqual(HttpStatusCode.InternalServerError, r.Status);
    }

    [Fact]
    public async Task Too_many_intervals_are_refused()
    {
        var r = await Call("ListIntervalInstanceReport", ("StartTime", "0"), ("EndTime", Ms(H.Clock.GetUtcNow())), ("Interval", "HalfHourly"));

        Assert.Equal(("Parameter.Invalid", HttpStatusCode.BadRequest), (r.Code, r.Status));
    }
}
