using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>GetMultiChannelRecording (a two-channel WAV: channel 1 the customer, channel 2 the agent), ListMonoRecordings and ListMultiChannelRecordings.</summary>
public sealed class RecordingListTests : CallTestBase
{
    private const string Customer = "13800000001";

    /// <summary>An outbound call by agent 1 that talks <paramref name="talkMs"/>, with an optional hold of <paramref name="holdMs"/> in the middle. Returns the contact id, the agent's channel and the talk start.</summary>
    private async Task<(string JobId, string AgentChannel, long TalkStart)> TalkedOutbound(int talkMs, int holdMs = 0)
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent1, Sales);
        var made = await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine));
        var jobId = JobId(made);
        var agentChannel = Channels(made).EnumerateArray().Single(c => Str(c, "UserId") == Agent1).GetProperty("ChannelId").GetString()!;
        Advance(1000); // answered
        var talkStart = H.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (holdMs > 0)
        {
            await Ok("HoldCall", ("UserId", Agent1), ("JobId", jobId), ("ChannelId", CustomerChannelOf(made)));
            Advance(holdMs);
            await Ok("RetrieveCall", ("UserId", Agent1), ("JobId", jobId), ("ChannelId", CustomerChannelOf(made)));
        }

        Advance(talkMs - holdMs);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));
        return (jobId, agentChannel, talkStart);
    }

    private static string CustomerChannelOf(JsonElement made) =>
        Channels(made).EnumerateArray().Single(c => Str(c, "UserId").Length == 0).GetProperty("ChannelId").GetString()!;

    private async Task<byte[]> Download(string url)
    {
        using var response = await H.Http.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task GetMultiChannelRecording_returns_a_two_channel_WAV_with_the_customer_on_channel_1_and_the_agent_on_channel_2()
    {
        var (jobId, _, _) = await TalkedOutbound(1500);

        var r = await Call("GetMultiChannelRecording", ("ContactId", jobId));
        var wav = await Download(Str(r.Data, "FileUrl"));

        Assert.Equal("OK", r.Code);
        Assert.Equal(jobId + ".2ch.wav", Str(r.Data, "FileName"));
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20))); // PCM
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22))); // two channels
        Assert.Equal(8000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(8000 * 2 * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(28))); // byte rate
        Assert.Equal(4, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(32))); // block align: two 16-bit samples
        Assert.Equal(1500 * 8 * 2 * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(44 + (1500 * 8 * 2 * 2), wav.Length);

        // Channel 1 is the mono recording's 400 Hz customer tone; channel 2 is a different (agent) tone.
        var mono = await Download(Str(await Ok("GetMonoRecording", ("ContactId", jobId)), "FileUrl"));
        var left = Enumerable.Range(0, 200).Select(i => BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(44 + (i * 4)))).ToArray();
        var right = Enumerable.Range(0, 200).Select(i => BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(44 + (i * 4) + 2))).ToArray();
        var monoSamples = Enumerable.Range(0, 200).Select(i => BinaryPrimitives.ReadInt16LittleEndian(mono.AsSpan(44 + (i * 2)))).ToArray();
        Assert.Equal(monoSamples, left);
        Assert.NotEqual(left, right);
        Assert.Contains(right, s => s != 0);
    }

    [Fact]
    public async Task A_mono_URL_does_not_open_the_two_channel_file_and_the_two_channel_URL_expires_after_an_hour()
    {
        var (jobId, _, _) = await TalkedOutbound(1000);
        var mono = new Uri(Str(await Ok("GetMonoRecording", ("ContactId", jobId)), "FileUrl")).PathAndQuery;
        var stereo = new Uri(Str(await Ok("GetMultiChannelRecording", ("ContactId", jobId)), "FileUrl")).PathAndQuery;

        using var swapped = await H.Http.GetAsync(mono.Replace(".wav?", ".2ch.wav?", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, swapped.StatusCode);
        Advance(3_601_000);
        using var expired = await H.Http.GetAsync(stereo);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task GetMultiChannelRecording_refuses_an_unknown_contact_a_call_that_never_connected_and_a_missing_ContactId()
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, """{"behavior":"busy"}""");
        var busy = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));
        Advance(1);

        var unknown = await Call("GetMultiChannelRecording", ("ContactId", "job-404"));
        var never = await Call("GetMultiChannelRecording", ("ContactId", busy));
        var missing = await Call("GetMultiChannelRecording");

        Assert.Equal((HttpStatusCode.NotFound, "NotExists.JobId"), (unknown.Status, unknown.Code));
        Assert.Equal((HttpStatusCode.NotFound, "NotExists.Recording"), (never.Status, never.Code));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("ContactId", missing.Code + missing.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListMonoRecordings_lists_the_calls_recording_with_its_agent_string_duration_and_start()
    {
        var (jobId, _, talkStart) = await TalkedOutbound(2600);

        var r = await Call("ListMonoRecordings", ("ContactId", jobId));
        var item = Assert.Single(r.Data.EnumerateArray());
        var wav = await Download(Str(item, "FileUrl"));

        Assert.Equal("OK", r.Code);
        Assert.Equal((jobId, Agent1, "Alice Wang", Sales), (Str(item, "ContactId"), Str(item, "AgentId"), Str(item, "AgentName"), Str(item, "SkillGroupId")));
        Assert.Equal(JsonValueKind.String, item.GetProperty("Duration").ValueKind);
        Assert.Equal("2", Str(item, "Duration"));
        Assert.Equal(JsonValueKind.String, item.GetProperty("StartTime").ValueKind);
        Assert.Equal(talkStart.ToString(CultureInfo.InvariantCulture), Str(item, "StartTime"));
        Assert.Equal(jobId + ".wav", Str(item, "FileName"));
        Assert.Matches("^[0-9]+$", Str(item, "RamId"));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(44 + (2600 * 16), wav.Length);
    }

    [Fact]
    public async Task ListMultiChannelRecordings_gives_the_agents_channel_a_numeric_start_and_the_hold_segments()
    {
        var (jobId, agentChannel, talkStart) = await TalkedOutbound(6000, holdMs: 2500);

        var item = Assert.Single((await Ok("ListMultiChannelRecordings", ("ContactId", jobId))).EnumerateArray());
        var wav = await Download(Str(item, "FileUrl"));

        Assert.Equal((jobId, Agent1, agentChannel), (Str(item, "ContactId"), Str(item, "AgentId"), Str(item, "AgentChannelId")));
        Assert.Equal(JsonValueKind.Number, item.GetProperty("StartTime").ValueKind);
        Assert.Equal(talkStart, item.GetProperty("StartTime").GetInt64());
        Assert.Equal("6", Str(item, "Duration"));
        var hold = Assert.Single(item.GetProperty("HoldTimeSegments").EnumerateArray());
        Assert.Equal(talkStart, hold.GetProperty("StartTime").GetInt64());
        Assert.Equal(talkStart + 2500, hold.GetProperty("EndTime").GetInt64());
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
    }

    [Fact]
    public async Task The_recording_lists_are_empty_for_another_agent_or_channel_an_unknown_contact_or_a_call_without_recording()
    {
        var (jobId, agentChannel, _) = await TalkedOutbound(1000);
        await SetPhone("13800000009", """{"behavior":"busy"}""");
        await Ok("ReadyForService", ("UserId", Agent1));
        var busy = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", "13800000009")));
        Advance(1);

        foreach (var action in new[] { "ListMonoRecordings", "ListMultiChannelRecordings" })
        {
            Assert.Single((await Ok(action, ("ContactId", jobId), ("AgentId", Agent1), ("AgentChannelId", agentChannel))).EnumerateArray());
            Assert.Empty((await Ok(action, ("ContactId", jobId), ("AgentId", Agent2))).EnumerateArray());
            Assert.Empty((await Ok(action, ("ContactId", jobId), ("AgentChannelId", "ch-other"))).EnumerateArray());
            Assert.Empty((await Ok(action, ("ContactId", "job-404"))).EnumerateArray());
            Assert.Empty((await Ok(action, ("ContactId", busy))).EnumerateArray());
            Assert.Equal(HttpStatusCode.BadRequest, (await Call(action)).Status);
        }
    }
}
