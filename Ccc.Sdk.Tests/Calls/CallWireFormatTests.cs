using System.Net;
using Ccc.Sdk.Tests.Client;
using Microsoft.AspNetCore.WebUtilities;

namespace Ccc.Sdk.Tests.Calls;

public sealed class CallWireFormatTests
{
    private const string CallData = """
        {"ContextId":42,"CallContext":{"InstanceId":"ccc-test","JobId":"job-1","CallType":"OUTBOUND","ChannelContexts":[
          {"ChannelId":"ch-1","ChannelState":"RINGING","ChannelFlags":"","CallType":"OUTBOUND","Originator":"01050000002","Destination":"13800000001",
           "UserId":"","UserExtension":"","JobId":"job-1","Timestamp":1764144000000,"ReleaseInitiator":"","ReleaseReason":"","Index":1,"SkillGroupId":"sales@ccc-test","ChannelVariables":""}]},
         "UserContext":{"UserId":"agent1@ccc-test","UserState":"DIALING","SignedSkillGroupIdList":["sales@ccc-test"]}}
        """;

    private static Dictionary<string, string> Query(SeenRequest seen) =>
        QueryHelpers.ParseQuery(new Uri("http://x" + seen.PathAndQuery).Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    private static async Task<(string Action, Dictionary<string, string> Query)> Send(Func<CccClient, Task> act)
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Ok(CallData) };
        using var client = fake.CreateClient();
        await act(client);
        var seen = Assert.Single(fake.Requests);
        return (seen.Headers["x-acs-action"], Query(seen));
    }

    public static TheoryData<string, Func<CccClient, Task>, string> Actions => new()
    {
        { "MakeCall", c => c.MakeCallAsync(new() { Callee = "13800000001", Caller = "01050000002", UserId = "a@ccc-test", DeviceId = "d", TimeoutSeconds = 60, MaskedCallee = "138****0001", MediaType = "AUDIO", Tags = "t", FlashSmsVariables = "{}" }),
            "Callee=13800000001 Caller=01050000002 DeviceId=d FlashSmsVariables={} InstanceId=ccc-test MaskedCallee=138****0001 MediaType=AUDIO Tags=t TimeoutSeconds=60 UserId=a@ccc-test" },
        { "StartBack2BackCall", c => c.StartBack2BackCallAsync(new() { Caller = "13900000011", Callee = "13800000012", Broker = "02150000001", AdditionalBroker = "01050000002", TimeoutSeconds = 20, Tags = "t" }),
            "AdditionalBroker=01050000002 Broker=02150000001 Callee=13800000012 Caller=13900000011 InstanceId=ccc-test Tags=t TimeoutSeconds=20" },
        { "AnswerCall", c => c.AnswerCallAsync(new() { JobId = "job-1", UserId = "a", DeviceId = "d" }), "DeviceId=d InstanceId=ccc-test JobId=job-1 UserId=a" },
        { "ReleaseCall", c => c.ReleaseCallAsync(new() { JobId = "job-1", ChannelId = "ch-1", UserId = "a" }), "ChannelId=ch-1 InstanceId=ccc-test JobId=job-1 UserId=a" },
        { "HoldCall", c => c.HoldCallAsync(new() { JobId = "job-1", ChannelId = "ch-1", Music = "m", UserId = "a" }), "ChannelId=ch-1 InstanceId=ccc-test JobId=job-1 Music=m UserId=a" },
        { "RetrieveCall", c => c.RetrieveCallAsync(new() { JobId = "job-1", ChannelId = "ch-1", DeviceId = "d" }), "ChannelId=ch-1 DeviceId=d InstanceId=ccc-test JobId=job-1" },
        { "BlindTransfer", c => c.BlindTransferAsync(new() { JobId = "job-1", Transferee = "agent2@ccc-test", TransfereeType = "Agent", Transferor = "021", TimeoutSeconds = 60, SkillGroupId = "sg", RoutingType = "r", StrategyName = "s", StrategyParams = "p", QueuingTimeoutSeconds = 30, QueuingOverflowThreshold = 5, CallPriority = 1, ContactFlowVariables = "v", Tags = "t", UserId = "a", DeviceId = "d" }),
            "CallPriority=1 ContactFlowVariables=v DeviceId=d InstanceId=ccc-test JobId=job-1 QueuingOverflowThreshold=5 QueuingTimeoutSeconds=30 RoutingType=r SkillGroupId=sg StrategyName=s StrategyParams=p Tags=t TimeoutSeconds=60 Transferee=agent2@ccc-test TransfereeType=Agent Transferor=021 UserId=a" },
        { "InitiateAttendedTransfer", c => c.InitiateAttendedTransferAsync(new() { JobId = "job-1", Transferee = "8002", TransfereeType = "Extension", QueuingTimeoutSeconds = 30, UserId = "a" }),
            "InstanceId=ccc-test JobId=job-1 QueuingTimeoutSeconds=30 Transferee=8002 TransfereeType=Extension UserId=a" },
        { "CompleteAttendedTransfer", c => c.CompleteAttendedTransferAsync(new() { JobId = "job-1", UserId = "a" }), "InstanceId=ccc-test JobId=job-1 UserId=a" },
        { "CancelAttendedTransfer", c => c.CancelAttendedTransferAsync(new() { JobId = "job-1", DeviceId = "d" }), "DeviceId=d InstanceId=ccc-test JobId=job-1" },
        { "SendDtmfSignaling", c => c.SendDtmfSignalingAsync(new() { JobId = "job-1", ChannelId = "ch-1", Dtmf = "5#", UserId = "a" }), "ChannelId=ch-1 Dtmf=5# InstanceId=ccc-test JobId=job-1 UserId=a" },
        { "MuteCall", c => c.MuteCallAsync(new() { JobId = "job-1", ChannelId = "ch-1" }), "ChannelId=ch-1 InstanceId=ccc-test JobId=job-1" },
        { "UnmuteCall", c => c.UnmuteCallAsync(), "InstanceId=ccc-test" },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Each_call_action_sends_the_reference_parameters_and_nothing_else(string action, Func<CccClient, Task> act, string expected)
    {
        var (sentAction, query) = await Send(act);

        Assert.Equal(action, sentAction);
        Assert.Equal(expected, string.Join(" ", query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
    }

    public static TheoryData<string, Func<CccClient, Task>> MissingRequired => new()
    {
        { "Callee", c => c.MakeCallAsync(new() { Caller = "021" }) },
        { "Broker", c => c.StartBack2BackCallAsync(new() { Caller = "139", Callee = "138" }) },
        { "JobId", c => c.ReleaseCallAsync(new()) },
        { "ChannelId", c => c.HoldCallAsync(new() { JobId = "job-1" }) },
        { "ChannelId", c => c.RetrieveCallAsync(new() { JobId = "job-1" }) },
        { "Transferee", c => c.BlindTransferAsync(new() { JobId = "job-1" }) },
        { "Transferee", c => c.InitiateAttendedTransferAsync(new() { JobId = "job-1" }) },
        { "Dtmf", c => c.SendDtmfSignalingAsync(new() { JobId = "job-1", ChannelId = "ch-1" }) },
        { "JobId", c => c.MuteCallAsync(new()) },
        { "JobId", c => c.AnswerCallAsync(new()) },
        { "contactId", c => c.GetCallDetailRecordAsync("") },
    };

    [Theory]
    [MemberData(nameof(MissingRequired))]
    public async Task A_missing_required_parameter_throws_ArgumentException_and_sends_nothing(string parameter, Func<CccClient, Task> act)
    {
        var fake = new FakeCcc();
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => act(client));

        Assert.Equal(parameter, ex.ParamName);
        Assert.Equal(0, fake.Count);
    }

    [Fact]
    public async Task CallControlData_parses_into_the_call_its_channels_and_the_agent()
    {
        var fake = new FakeCcc().ThenJson($$"""{"RequestId":"r","Code":"OK","HttpStatusCode":200,"Data":{{CallData}}}""");
        using var client = fake.CreateClient();

        CallControlResult result = await client.MakeCallAsync(new() { Callee = "13800000001" });

        Assert.Equal(42, result.ContextId);
        Assert.Equal(("job-1", "OUTBOUND"), (result.CallContext!.JobId, result.CallContext.CallType));
        var channel = Assert.Single(result.CallContext.ChannelContexts!);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764144000000), channel.Timestamp);
        Assert.Equal((1L, "sales@ccc-test", ""), (channel.Index, channel.SkillGroupId, channel.ChannelVariables));
        Assert.Equal("DIALING", result.UserContext!.UserState);
    }

    [Fact]
    public async Task MakeCall_is_not_retried_after_the_request_was_sent_and_the_error_says_how_to_check_before_dialling_again()
    {
        var fake = new FakeCcc().ThenThrow(new HttpRequestException("reset", new IOException("connection reset")));
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() => client.MakeCallAsync(new() { Callee = "13800001234", UserId = "a" }));

        Assert.Equal(1, fake.Count);
        Assert.Equal("MakeCall", ex.Action);
        Assert.Contains("*******1234", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("13800001234", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2025-01-02T03:04:05.000Z", ex.Message, StringComparison.Ordinal); // the fake client's clock
        Assert.Contains("ListCallDetailRecords", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CalledNumber", ex.Message, StringComparison.Ordinal);
        Assert.Contains("StartTime = 1735787045000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartBack2BackCall_is_not_retried_after_a_timeout_and_names_the_masked_callee()
    {
        var fake = new FakeCcc().ThenThrow(new TaskCanceledException("timed out"));
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() => client.StartBack2BackCallAsync(new() { Caller = "13900000011", Callee = "13800000012", Broker = "021" }));

        Assert.Equal(1, fake.Count);
        Assert.StartsWith("StartBack2BackCall to callee *******0012", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MakeCall_is_retried_on_throttling_because_the_service_refused_it()
    {
        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Error(HttpStatusCode.TooManyRequests, "Throttling.User"))
            .Then(_ => FakeCcc.Ok(CallData));
        using var client = fake.CreateClient(o => o.Retry.BaseDelay = TimeSpan.Zero);

        var result = await client.MakeCallAsync(new() { Callee = "13800000001" });

        Assert.Equal(2, fake.Count);
        Assert.Equal("job-1", result.Value.CallContext!.JobId);
    }

    [Fact]
    public async Task Call_detail_records_read_CallDuration_as_a_string_in_the_list_and_as_a_number_in_Get()
    {
        var item = """{"ContactId":"job-1","StartTime":1764144000000,"EstablishedTime":"","ReleaseTime":1764144030000,"CallDuration":"30","TalkTime":25,"RecordingReady":false}""";
        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(1, 100, 1, item)))
            .Then(_ => FakeCcc.Ok("""{"ContactId":"job-1","CallDuration":30,"AgentEvents":[{"AgentId":"a","EventSequence":[{"Event":"Dialing","EventTime":1764144000000,"Duration":1000}]}],"QueueEvents":[{"QueueId":"q","QueueType":1,"EventSequence":[]}]}"""));
        using var client = fake.CreateClient();

        var listed = new List<CallDetailRecord>();
        await foreach (var r in client.ListCallDetailRecordsAsync())
        {
            listed.Add(r);
        }

        var details = (await client.GetCallDetailRecordAsync("job-1")).Value;
        var record = Assert.Single(listed);
        Assert.Equal(TimeSpan.FromSeconds(30), record.CallDuration);
        Assert.Equal(TimeSpan.FromSeconds(25), record.TalkTime);
        Assert.Null(record.EstablishedTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764144000000), record.StartTime);
        Assert.Equal(record.CallDuration, details.CallDuration);
        Assert.Equal("Dialing", details.AgentEvents![0].EventSequence![0].Event);
        Assert.Equal(1, details.QueueEvents![0].QueueType);
    }
}
