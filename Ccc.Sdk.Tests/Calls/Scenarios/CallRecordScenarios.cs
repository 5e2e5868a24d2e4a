using System.Buffers.Binary;
using System.Net;

namespace Ccc.Sdk.Tests.Calls.Scenarios;

/// <summary>What the SDK's record methods return after real calls: GetCallDetailRecord's event arrays, the list's view of the same record, and the recording file.</summary>
public sealed class CallRecordScenarios : ScenarioTestBase
{
    private const string Customer = "13800000001";

    [Fact]
    public async Task An_answered_inbound_call_has_a_record_from_IVR_entry_with_agent_customer_and_queue_events()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        var enteredIvr = Clock.GetUtcNow();
        var contactId = await Inbound(Customer);
        Advance(4_000); // queued: nobody READY
        await ReadyIn(Agent1, Sales); // offered at +4 010 ms
        Advance(1_990);
        await Answer(Agent1, contactId);
        Advance(12_000);
        await Release(Agent1, contactId);

        var cdr = await Cdr(contactId);

        Assert.Equal(("Inbound", "Success", "agent", Customer, BeijingLine), (cdr.ContactType, cdr.ContactDisposition, cdr.ReleaseInitiator, cdr.CallingNumber, cdr.CalledNumber));
        Assert.Equal(enteredIvr, cdr.StartTime); // Rule C3: billed and timed from IVR entry
        Assert.Equal(enteredIvr.AddMilliseconds(6_000), cdr.EstablishedTime);
        Assert.Equal(enteredIvr.AddMilliseconds(18_000), cdr.ReleaseTime);
        Assert.Equal(TimeSpan.FromSeconds(18), cdr.CallDuration);
        Assert.Equal(TimeSpan.FromSeconds(12), cdr.TalkTime);
        Assert.Equal(TimeSpan.FromSeconds(4), cdr.QueueTime);
        Assert.Equal(Agent1, cdr.AgentIds);
        Assert.Equal("北京-北京", cdr.CallerLocation);
        Assert.True(cdr.RecordingReady);

        var details = await CdrDetails(cdr.ContactId!);
        var agent = Assert.Single(details.AgentEvents!);
        Assert.Equal(Agent1, agent.AgentId);
        Assert.NotEmpty(agent.EventSequence!);
        Assert.All(agent.EventSequence!, e => Assert.InRange(e.EventTime!.Value, enteredIvr, cdr.ReleaseTime!.Value));
        Assert.NotEmpty(Assert.Single(details.CustomerEvents!).EventSequence!);
        var queue = Assert.Single(details.QueueEvents!);
        Assert.Equal((1, Sales), (queue.QueueType, queue.QueueId));
    }

    [Fact]
    public async Task The_listed_record_matches_GetCallDetailRecord_although_the_list_sends_CallDuration_as_a_string()
    {
        await Ready(Agent1);
        var from = Clock.GetUtcNow();
        var jobId = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer })).Value.CallContext!.JobId!;
        Advance(1_000);
        Advance(65_500);
        await Release(Agent1, jobId);

        var listed = Assert.Single(await RecordsTo(Customer, from));
        var got = await Cdr(jobId);

        Assert.Equal(TimeSpan.FromSeconds(66), got.CallDuration); // whole seconds on the wire
        Assert.Equal((got.ContactId, got.CallDuration, got.TalkTime, got.StartTime, got.ReleaseTime), (listed.ContactId, listed.CallDuration, listed.TalkTime, listed.StartTime, listed.ReleaseTime));
        Assert.IsNotType<CallDetailRecordDetails>(listed); // the list carries no event arrays
    }

    [Fact]
    public async Task ListCallDetailRecords_filters_by_disposition_and_contact_type()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent1);
        var from = Clock.GetUtcNow();
        await SetPhone("13800000009", """{"behavior":"busy"}""");
        var answered = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer })).Value.CallContext!.JobId!;
        Advance(1_000);
        await Release(Agent1, answered);
        var busy = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = "13800000009" })).Value.CallContext!.JobId!;
        Advance(1);
        var b2b = (await Client.StartBack2BackCallAsync(new StartBack2BackCallRequest { Caller = "13900000011", Callee = "13800000012", Broker = ShanghaiLine })).Value.CallContext!.JobId!;
        Advance(1_000);
        Advance(1_000);
        await Client.ReleaseCallAsync(new ReleaseCallRequest { JobId = b2b });

        async Task<List<string?>> Ids(ListCallDetailRecordsRequest request)
        {
            request.StartTime = from;
            request.EndTime = Clock.GetUtcNow();
            request.SortOrder = "ASC";
            var ids = new List<string?>();
            await foreach (var r in Client.ListCallDetailRecordsAsync(request))
            {
                ids.Add(r.ContactId);
            }

            return ids;
        }

        Assert.Equal([answered, busy, b2b], await Ids(new ListCallDetailRecordsRequest()));
        Assert.Equal([busy], await Ids(new ListCallDetailRecordsRequest { ContactDisposition = "NoAnswer" }));
        Assert.Equal([b2b], await Ids(new ListCallDetailRecordsRequest { ContactType = "Back2Back" }));
        Assert.Equal([answered, busy], await Ids(new ListCallDetailRecordsRequest { AgentId = Agent1 }));
    }

    [Fact]
    public async Task GetMonoRecording_gives_a_signed_URL_that_downloads_a_WAV_as_long_as_the_talk_time()
    {
        await Ready(Agent1);
        var jobId = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer })).Value.CallContext!.JobId!;
        Advance(1_000);
        Advance(3_250);
        await Release(Agent1, jobId);

        var recording = (await Client.GetMonoRecordingAsync(jobId, 600)).Value;
        var wav = await Control.GetByteArrayAsync(new Uri(recording.FileUrl!));

        Assert.Equal(jobId + ".wav", recording.FileName);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        Assert.Equal(8_000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24))); // 8 kHz
        Assert.Equal(3_250 * 16, wav.Length - 44); // 8 000 samples/s × 2 bytes = 16 bytes per ms of talk
        Assert.Equal(TimeSpan.FromSeconds(3), (await Cdr(jobId)).TalkTime); // the record rounds to whole seconds
    }

    [Fact]
    public async Task A_recording_URL_that_has_expired_or_was_tampered_with_is_refused()
    {
        await Ready(Agent1);
        var jobId = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer })).Value.CallContext!.JobId!;
        Advance(1_000);
        Advance(1_000);
        await Release(Agent1, jobId);
        var url = (await Client.GetMonoRecordingAsync(jobId, 60)).Value.FileUrl!;

        using var tampered = await Control.GetAsync(url.Replace("Signature=", "Signature=x", StringComparison.Ordinal));
        Advance(61_000);
        using var expired = await Control.GetAsync(url);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (tampered.StatusCode, expired.StatusCode));
    }

    [Fact]
    public async Task A_call_that_never_connected_has_a_record_without_EstablishedTime_and_no_recording()
    {
        await Ready(Agent1);
        await SetPhone(Customer, """{"behavior":"noAnswer"}""");
        var jobId = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer, TimeoutSeconds = 30 })).Value.CallContext!.JobId!;
        Advance(30_000);

        var cdr = await Cdr(jobId);
        var ex = await Assert.ThrowsAsync<CccNotFoundException>(() => Client.GetMonoRecordingAsync(jobId));

        Assert.Equal(("NoAnswer", null, false), (cdr.ContactDisposition, cdr.EstablishedTime, cdr.RecordingReady));
        Assert.Equal("NotExists.Recording", ex.Code);
    }
}
