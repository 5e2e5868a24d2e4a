using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>CDRs (docs/reference/api-conventions.md#call-detail-records), the TotalCount paging quirk, filters, and GetMonoRecording's WAV.</summary>
public sealed class CallRecordTests : CallTestBase
{
    private const string Customer = "13800000001";

    private async Task<string> TalkedOutbound(string callee, int talkMs)
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        if (StateOf(Agent1) == "OFFLINE")
        {
            await Ready(Agent1, Sales);
        }

        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", callee), ("Caller", BeijingLine)));
        Advance(1000);
        Advance(talkMs);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));
        return jobId;
    }

    [Fact]
    public async Task GetCallDetailRecord_has_the_reference_fields_a_numeric_CallDuration_and_the_event_arrays()
    {
        var jobId = await TalkedOutbound(Customer, 12_000);

        var r = await Call("GetCallDetailRecord", ("ContactId", jobId));
        var cdr = r.Data;
        var listed = await Cdr(jobId);

        Assert.False(r.HasParams);
        Assert.Equal(JsonValueKind.Number, cdr.GetProperty("CallDuration").ValueKind);
        Assert.Equal(13, cdr.GetProperty("CallDuration").GetInt64());
        Assert.Equal(("Outbound", BeijingLine, Customer), (Str(cdr, "ContactType"), Str(cdr, "CallingNumber"), Str(cdr, "CalledNumber")));
        Assert.Equal(("北京-北京", "Alice Wang", Sales), (Str(cdr, "CalleeLocation"), Str(cdr, "AgentNames"), Str(cdr, "SkillGroupIds")));
        Assert.True(cdr.GetProperty("RecordingReady").GetBoolean());
        Assert.Equal((1L, 12L, 12L), (listed.GetProperty("DialingTime").GetInt64(), listed.GetProperty("TalkTime").GetInt64(), listed.GetProperty("RecordingDuration").GetInt64()));
        foreach (var name in new[] { "ContactId", "InstanceId", "ContactDisposition", "CallerLocation", "StartTime", "EstablishedTime", "ReleaseTime", "ReleaseInitiator", "ReleaseReason", "EarlyMediaState", "Satisfaction", "SatisfactionSurveyChannel", "AnalyticsReport", "AnalyticsReportReady", "OutsideNumberReleaseReason", "IvrEvents", "QueueEvents" })
        {
            Assert.True(cdr.TryGetProperty(name, out _), name);
        }

        // Fields the cloud's GetCallDetailRecord model does not have (they are in the list models only).
        foreach (var name in new[] { "Broker", "TalkTime", "TransferCount", "RingTime", "CallIds", "SatisfactionIndex" })
        {
            Assert.False(cdr.TryGetProperty(name, out _), name);
        }

        Assert.Equal(JsonValueKind.Object, cdr.GetProperty("AnalyticsReport").ValueKind);
        Assert.False(cdr.GetProperty("AnalyticsReportReady").GetBoolean());

        var agentEvents = cdr.GetProperty("AgentEvents")[0];
        Assert.Equal(Agent1, Str(agentEvents, "AgentId"));
        Assert.Equal(["AgentDialing", "AgentTalk", "Released"], agentEvents.GetProperty("EventSequence").EnumerateArray().Select(e => Str(e, "Event")));
        Assert.Equal(Customer, Str(cdr.GetProperty("CustomerEvents")[0], "CustomerId"));
        Assert.Equal(["CDRReady", "RecordingReady"], EventNames(jobId).TakeLast(2));
    }

    [Fact]
    public async Task ListCallDetailRecords_returns_CallDuration_as_a_string_and_TotalCount_only_on_page_one()
    {
        for (var i = 0; i < 3; i++)
        {
            await TalkedOutbound("1380000000" + i, 2000);
        }

        var page1 = await Call("ListCallDetailRecords", ("PageNumber", "1"), ("PageSize", "2"));
        var page2 = await Ok("ListCallDetailRecords", ("PageNumber", "2"), ("PageSize", "2"));
        var v2Page2 = await Ok("ListCallDetailRecordsV2", ("PageNumber", "2"), ("PageSize", "2"));

        Assert.False(page1.HasParams);
        Assert.Equal(3, page1.Data.GetProperty("TotalCount").GetInt32());
        Assert.Equal(0, page2.GetProperty("TotalCount").GetInt32()); // the cloud's quirk (docs/reference/api-conventions.md#paging)
        Assert.Equal(3, v2Page2.GetProperty("TotalCount").GetInt32());
        Assert.Single(page2.GetProperty("List").EnumerateArray());
        var item = page1.Data.GetProperty("List")[0];
        Assert.Equal(JsonValueKind.String, item.GetProperty("CallDuration").ValueKind);
        Assert.Equal("3", item.GetProperty("CallDuration").GetString());
        Assert.False(item.TryGetProperty("AgentEvents", out _));
        Assert.Equal("13800000002", Str(item, "CalledNumber")); // default SortOrder DESC by StartTime
    }

    [Fact]
    public async Task ListCallDetailRecords_filters_by_number_type_disposition_agent_contact_and_time()
    {
        var first = await TalkedOutbound("13800000001", 1000);
        var second = await TalkedOutbound("13900000002", 1000);
        var inbound = await Inbound("13700000003", BeijingLine, ",\"skillGroupId\":\"support@ccc-local\"");
        Advance(60_000); // queues, times out

        async Task<string[]> Ids(params (string, string)[] filter) =>
            (await Ok("ListCallDetailRecords", [("PageNumber", "1"), ("PageSize", "100"), ("SortOrder", "ASC"), .. filter]))
                .GetProperty("List").EnumerateArray().Select(e => Str(e, "ContactId")).ToArray();

        Assert.Equal([first, second, inbound], await Ids());
        Assert.Equal([second], await Ids(("CalledNumber", "13900000002")));
        Assert.Equal([inbound], await Ids(("CallingNumber", "13700000003")));
        Assert.Equal([inbound], await Ids(("ContactType", "Inbound")));
        Assert.Equal([first, second], await Ids(("ContactTypeList", "[\"OUTBOUND\"]")));
        Assert.Equal([inbound], await Ids(("ContactDispositionList", "[\"QueuingTimeout\"]")));
        Assert.Equal([first, second], await Ids(("AgentId", Agent1)));
        Assert.Equal([inbound], await Ids(("SkillGroupId", Support)));
        Assert.Equal([first], await Ids(("ContactId", first), ("ContactType", "Inbound"))); // ContactId ignores other filters
        var now = H.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Empty(await Ids(("StartTime", Num(now - 1000)), ("EndTime", Num(now))));
        Assert.Equal([second, first], (await Ok("ListCallDetailRecords", ("PageNumber", "1"), ("PageSize", "100"), ("ContactTypeList", "[\"Outbound\"]"), ("SortOrder", "DESC")))
            .GetProperty("List").EnumerateArray().Select(e => Str(e, "ContactId")));
    }

    [Fact]
    public async Task ListCallDetailRecords_defaults_to_today_and_yesterdays_calls_need_a_StartTime()
    {
        var yesterday = await TalkedOutbound(Customer, 1000);
        Advance((long)TimeSpan.FromDays(1).TotalMilliseconds);

        var today = await Ok("ListCallDetailRecords", ("PageNumber", "1"), ("PageSize", "10"));
        var ranged = await Ok("ListCallDetailRecords", ("PageNumber", "1"), ("PageSize", "10"), ("StartTime", "0"));

        Assert.Equal(0, today.GetProperty("TotalCount").GetInt32());
        Assert.Equal(yesterday, Str(ranged.GetProperty("List")[0], "ContactId"));
    }

    [Fact]
    public async Task GetCallDetailRecord_of_an_unknown_contact_is_NotExists_JobId()
    {
        var r = await Call("GetCallDetailRecord", ("ContactId", "job-1"));

        Assert.Equal((HttpStatusCode.NotFound, "NotExists.JobId"), (r.Status, r.Code));
    }

    [Fact]
    public async Task GetMonoRecording_returns_a_URL_to_an_8kHz_16bit_mono_WAV_as_long_as_the_talk_time()
    {
        var jobId = await TalkedOutbound(Customer, 2500);

        var data = await Ok("GetMonoRecording", ("ContactId", jobId), ("ExpireSeconds", "60"));
        var url = new Uri(Str(data, "FileUrl"));
        using var response = await H.Http.GetAsync(url.PathAndQuery);
        var wav = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(jobId + ".wav", Str(data, "FileName"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVEfmt ", Encoding.ASCII.GetString(wav, 8, 8));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20))); // PCM
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22))); // mono
        Assert.Equal(8000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal(2500 * 8 * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(44 + (2500 * 8 * 2), wav.Length);
        Assert.Contains(wav.Skip(44).Take(100), b => b != 0); // a tone, not silence

        Advance(61_000);
        using var expired = await H.Http.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        using var forged = await H.Http.GetAsync(url.PathAndQuery.Replace("Expires=", "Expires=9", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task GetMonoRecording_of_a_call_that_never_connected_is_NotExists_Recording()
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, """{"behavior":"busy"}""");
        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));
        Advance(1);

        var r = await Call("GetMonoRecording", ("ContactId", jobId));

        Assert.Equal("NotExists.Recording", r.Code);
    }

    [Fact]
    public async Task Every_call_writes_exactly_one_CDR()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent1, Sales);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", "1380000" + (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            ids.Add(jobId);
            Advance(1000);
            await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));
            await Call("ReleaseCall", ("UserId", Agent1), ("JobId", jobId)); // a second release must not add a record
        }

        var list = await Ok("ListCallDetailRecords", ("PageNumber", "1"), ("PageSize", "100"));
        Assert.Equal(ids.Order(), list.GetProperty("List").EnumerateArray().Select(e => Str(e, "ContactId")).Order());
    }
}
