using System.Text;
using System.Text.Json;
using Ccc.Sdk.Events;

namespace Ccc.Sdk.Tests.Events;

/// <summary>Samples shaped like the cloud's event-push messages (docs/reference/events.md), one per family.</summary>
public class CccEventParserTests
{
    private static CccEvent Parse(string json) => CccEventParser.Parse(Encoding.UTF8.GetBytes(json));

    private static readonly DateTimeOffset At = new(2026, 11, 26, 2, 34, 0, 447, TimeSpan.Zero);

    [Fact]
    public void An_agent_event_has_its_typed_fields()
    {
        var e = Assert.IsType<CccAgentEvent>(Parse("""
            {"eventTime":"2026-11-26T02:34:00.447Z","eventType":"AgentTalk","instanceId":"ccc-test",
             "agentId":"agent1@ccc-test","skillGroupIds":["sg-sales","sg-vip"],"contactId":"job-42",
             "channelId":"ch-1","callType":"OUTBOUND","skillGroupId":"sg-sales","scenario":"CONSULTED"}
            """));

        Assert.Equal("AgentTalk", e.EventType);
        Assert.Equal(At, e.EventTime);
        Assert.Equal(TimeSpan.Zero, e.EventTime.Offset);
        Assert.Equal("ccc-test", e.InstanceId);
        Assert.Equal("agent1@ccc-test", e.AgentId);
        Assert.Equal("job-42", e.ContactId);
        Assert.Equal(["sg-sales", "sg-vip"], e.SkillGroupIds);
        Assert.Equal("ch-1", e.ChannelId);
        Assert.Equal("OUTBOUND", e.CallType);
        Assert.Equal("sg-sales", e.SkillGroupId);
        Assert.Equal("CONSULTED", e.Scenario);
        Assert.Null(e.BreakCode);
    }

    [Fact]
    public void Agent_ready_break_and_check_in_read_their_own_fields()
    {
        var ready = Assert.IsType<CccAgentEvent>(Parse("""{"eventTime":"2026-11-26T02:34:00.447Z","eventType":"AgentReady","instanceId":"i","agentId":"a","skillGroupIds":"sg1, sg2","outboundScenario":1}"""));
        var brk = Assert.IsType<CccAgentEvent>(Parse("""{"eventTime":"2026-11-26T02:34:00.447Z","eventType":"AgentBreak","instanceId":"i","agentId":"a","breakCode":"Lunch"}"""));
        var checkIn = Assert.IsType<CccAgentEvent>(Parse("""{"eventTime":"2026-11-26T02:34:00.447Z","eventType":"AgentCheckIn","instanceId":"i","agentId":"a","skillLevels":{"sg1":5}}"""));

        Assert.True(ready.OutboundScenario);
        Assert.Equal(["sg1", "sg2"], ready.SkillGroupIds);
        Assert.Null(ready.ContactId);
        Assert.Equal("Lunch", brk.BreakCode);
        Assert.Empty(brk.SkillGroupIds);
        Assert.Equal(5, checkIn.SkillLevels!.Value.GetProperty("sg1").GetInt32());
    }

    [Fact]
    public void A_call_event_has_its_typed_fields()
    {
        var e = Assert.IsType<CccCallEvent>(Parse("""
            {"eventTime":"2026-11-26T02:34:00.447Z","eventType":"Released","instanceId":"ccc-test","contactId":"job-42",
             "channelId":"ch-2","callType":"BACK2BACK","caller":"13800000000","callee":"13900000000","broker":"057100000",
             "additionalBroker":"057100001","contactFlowId":"flow-1","releaseReason":"200 - Okay"}
            """));

        Assert.Equal("job-42", e.ContactId);
        Assert.Equal("ch-2", e.ChannelId);
        Assert.Equal("BACK2BACK", e.CallType);
        Assert.Equal("13800000000", e.Caller);
        Assert.Equal("13900000000", e.Callee);
        Assert.Equal("057100000", e.Broker);
        Assert.Equal("057100001", e.AdditionalBroker);
        Assert.Equal("flow-1", e.ContactFlowId);
        Assert.Equal("200 - Okay", e.ReleaseReason);
        Assert.Null(e.AgentId);
    }

    [Theory]
    [InlineData("""{"eventType":"Ringing","destination":"agent1@i"}""", "destination", "agent1@i")]
    [InlineData("""{"eventType":"Held","heldChannelId":"ch-9"}""", "heldChannelId", "ch-9")]
    [InlineData("""{"eventType":"Retrieved","retrievedChannelId":"ch-9"}""", "retrievedChannelId", "ch-9")]
    [InlineData("""{"eventType":"BlindTransfer","originator":"agent1@i","destination":"agent2@i"}""", "originator", "agent1@i")]
    [InlineData("""{"eventType":"StartMonitor","counterparty":"agent3@i"}""", "counterparty", "agent3@i")]
    [InlineData("""{"eventType":"Abandoned","abandonPhase":"Queuing"}""", "abandonPhase", "Queuing")]
    [InlineData("""{"eventType":"Enqueue","queueType":"SkillGroup","skillGroupId":"sg1"}""", "queueType", "SkillGroup")]
    [InlineData("""{"eventType":"SatisfactionSurveyResponse","surveyChannel":"IVR","rating":5}""", "rating", "5")]
    [InlineData("""{"eventType":"Established","agentId":"agent1@i","skillGroupId":"sg1","scenario":"CONFERENCE"}""", "scenario", "CONFERENCE")]
    public void Each_call_event_reads_its_specific_field(string fields, string field, string expected)
    {
        string json = fields.Replace("{", """{"eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i","contactId":"job-1",""", StringComparison.Ordinal);
        var e = Assert.IsType<CccCallEvent>(Parse(json));

        string? actual = field switch
        {
            "destination" => e.Destination,
            "heldChannelId" => e.HeldChannelId,
            "retrievedChannelId" => e.RetrievedChannelId,
            "originator" => e.Originator,
            "counterparty" => e.Counterparty,
            "abandonPhase" => e.AbandonPhase,
            "queueType" => e.QueueType,
            "rating" => e.Rating,
            "scenario" => e.Scenario,
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        Assert.Equal(expected, actual);
        Assert.Equal("job-1", e.ContactId);
    }

    [Fact]
    public void Ivr_tracking_and_text_stream_are_call_events_with_their_own_fields()
    {
        var ivr = Assert.IsType<CccIvrTrackingEvent>(Parse("""
            {"eventTime":"2026-11-26T02:34:00.447Z","eventType":"IvrTracking","instanceId":"i","contactId":"job-1",
             "flowId":"f1","flowType":"MAIN","nodeId":"n1","nodeName":"Menu","nodeType":"Menu","nodeExitCode":"1",
             "nextNodeId":"n2","nodeAction":"LEAVE","nodeVariables":{"choice":"1"}}
            """));
        var text = Assert.IsType<CccTextStreamEvent>(Parse("""
            {"eventTime":"2026-11-26T02:34:00.447Z","eventType":"TextStream","instanceId":"i","contactId":"job-1",
             "channelType":"customer","channelName":"ch-1","text":"hello","finished":true,"beginTime":1795660440447,
             "beginOffsetMS":1200,"endOffsetMS":"2500"}
            """));

        Assert.IsAssignableFrom<CccCallEvent>(ivr);
        Assert.Equal(("f1", "n1", "Menu", "n2", "LEAVE", "1"), (ivr.FlowId, ivr.NodeId, ivr.NodeName, ivr.NextNodeId, ivr.NodeAction, ivr.NodeExitCode));
        Assert.Equal("1", ivr.NodeVariables!.Value.GetProperty("choice").GetString());
        Assert.Equal("customer", text.ChannelType);
        Assert.Equal("hello", text.Text);
        Assert.True(text.Finished);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795660440447), text.BeginTime);
        Assert.Equal(1200, text.BeginOffsetMilliseconds);
        Assert.Equal(2500, text.EndOffsetMilliseconds);
    }

    [Fact]
    public void Recording_ready_has_its_typed_fields()
    {
        var e = Assert.IsType<CccRecordingReadyEvent>(Parse("""
            {"eventTime":"2026-11-26T02:40:00.000Z","eventType":"DualTrackRecordingReady","instanceId":"i","contactId":"job-42",
             "startTime":"2026-11-26T02:34:00.447Z","endTime":"2026-11-26T02:39:10.000Z","agentIds":["agent1@i"],
             "fileName":"job-42.wav","downloadURL":"https://oss.example/job-42.wav?Signature=x"}
            """));

        Assert.Equal("job-42", e.ContactId);
        Assert.True(e.IsDualTrack);
        Assert.Equal(At, e.StartTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 2, 39, 10, TimeSpan.Zero), e.EndTime);
        Assert.Equal(["agent1@i"], e.AgentIds);
        Assert.Equal("job-42.wav", e.FileName);
        Assert.Equal("oss.example", e.DownloadUrl!.Host);
    }

    [Fact]
    public void Cdr_ready_has_its_typed_fields()
    {
        var e = Assert.IsType<CccCdrReadyEvent>(Parse("""
            {"eventTime":"2026-11-26T02:40:00.000Z","eventType":"CDRReady","instanceId":"i","contactId":"job-42",
             "startTime":"2026-11-26T02:34:00.447Z","establishedTime":"2026-11-26T02:34:05.000Z","endTime":"2026-11-26T02:39:10.000Z",
             "dispositionCode":"Success","agentIds":["agent1@i"],"skillGroupIds":["sg1"]}
            """));

        Assert.Equal("job-42", e.ContactId);
        Assert.Equal(At, e.StartTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 2, 34, 5, TimeSpan.Zero), e.EstablishedTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 2, 39, 10, TimeSpan.Zero), e.EndTime);
        Assert.Equal("Success", e.DispositionCode);
        Assert.Equal(["agent1@i"], e.AgentIds);
        Assert.Equal(["sg1"], e.SkillGroupIds);
    }

    [Fact]
    public void An_unanswered_cdr_has_no_established_time_and_epoch_milliseconds_are_accepted()
    {
        var e = Assert.IsType<CccCdrReadyEvent>(Parse("""
            {"eventTime":1795660800000,"eventType":"CDRReady","instanceId":"i","contactId":"job-43",
             "startTime":1795660440447,"establishedTime":"","endTime":"1795660470000","dispositionCode":"NoAnswer",
             "agentIds":[],"skillGroupIds":[]}
            """));

        Assert.Null(e.EstablishedTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795660800000), e.EventTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795660440447), e.StartTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795660470000), e.EndTime);
        Assert.Empty(e.AgentIds);
    }

    [Fact]
    public void Times_with_an_offset_are_normalised_to_utc()
    {
        var e = Parse("""{"eventTime":"2026-11-26T10:34:00.447+08:00","eventType":"AgentReady","instanceId":"i"}""");

        Assert.Equal(At, e.EventTime);
        Assert.Equal(TimeSpan.Zero, e.EventTime.Offset);
    }

    [Theory]
    [InlineData("CampaignSubmitted")]
    [InlineData("VoicemailReady")]
    [InlineData("SomethingNew2030")]
    public void An_unknown_event_type_is_kept_with_its_raw_json(string type)
    {
        string json = $$$"""{"eventTime":"2026-11-26T02:34:00.447Z","eventType":"{{{type}}}","instanceId":"i","contactId":"job-1","campaignId":"c-7","nested":{"a":[1,2]}}""";

        var e = Assert.IsType<CccUnknownEvent>(Parse(json));

        Assert.Equal(type, e.EventType);
        Assert.Equal("job-1", e.ContactId);
        Assert.Equal("c-7", e.Raw.GetProperty("campaignId").GetString());
        Assert.Equal(2, e.Raw.GetProperty("nested").GetProperty("a")[1].GetInt32());
    }

    [Fact]
    public void Unknown_fields_of_known_events_stay_in_raw_and_raw_outlives_the_input_buffer()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"eventTime":"2026-11-26T02:34:00.447Z","eventType":"Dialing","instanceId":"i","contactId":"job-1","newField":"kept"}""");
        var e = CccEventParser.Parse(body);
        Array.Clear(body);

        Assert.IsType<CccCallEvent>(e);
        Assert.Equal("kept", e.Raw.GetProperty("newField").GetString());
        Assert.Equal(JsonValueKind.Object, e.Raw.ValueKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"eventType\":")]
    [InlineData("[]")]
    [InlineData("\"AgentReady\"")]
    [InlineData("null")]
    [InlineData("{} {}")]
    [InlineData("""{"eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i"}""")]
    [InlineData("""{"eventType":"AgentReady","instanceId":"i"}""")]
    [InlineData("""{"eventType":"AgentReady","eventTime":"2026-11-26T02:34:00.447Z"}""")]
    [InlineData("""{"eventType":"","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i"}""")]
    [InlineData("""{"eventType":7,"eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i"}""")]
    [InlineData("""{"eventType":"AgentReady","eventTime":"yesterday","instanceId":"i"}""")]
    [InlineData("""{"eventType":"AgentReady","eventTime":{"t":1},"instanceId":"i"}""")]
    [InlineData("""{"eventType":"AgentReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i","skillGroupIds":{"a":1}}""")]
    [InlineData("""{"eventType":"CDRReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i","contactId":"j","endTime":"2026-11-26T02:35:00Z"}""")]
    [InlineData("""{"eventType":"CDRReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i","startTime":"2026-11-26T02:34:00Z","endTime":"2026-11-26T02:35:00Z"}""")]
    [InlineData("""{"eventType":"RecordingReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i","contactId":"j","downloadURL":"not a url"}""")]
    public void Malformed_input_is_a_format_exception(string json)
    {
        Assert.Throws<CccEventFormatException>(() => Parse(json));
    }

    [Fact]
    public void Format_errors_do_not_quote_field_values()
    {
        var e = Assert.Throws<CccEventFormatException>(() => Parse("""{"eventType":"AgentReady","eventTime":"secret-looking-value","instanceId":"i"}"""));

        Assert.Contains("eventTime", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-looking-value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_input_is_a_format_exception_not_a_crash()
    {
        string json = """{"eventType":"X","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i","n":""" + new string('[', 1000) + new string(']', 1000) + "}";

        Assert.Throws<CccEventFormatException>(() => Parse(json));
    }

    [Fact]
    public void A_byte_order_mark_is_tolerated()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"eventType":"AgentReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"i"}""")];

        Assert.IsType<CccAgentEvent>(CccEventParser.Parse(body));
    }
}
