using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator.Events;

/// <summary>The emulator pushes call events to a real webhook receiver: payloads, order, signatures, subscribed types.</summary>
public sealed class WebhookPushTests : EventTestBase
{
    private const string Caller = "13800000001";
    private const string Customer = "13800000002";

    [Fact]
    public async Task An_inbound_call_pushes_the_typical_event_order_signed_with_the_subscriptions_secret()
    {
        await Settings("""{"afterCallWorkSeconds":5}""");
        await Subscribe(EngineTypes);
        var secret = Assert.Single(await Secrets());
        await Ready(Agent1, Sales);

        var contactId = await Inbound(Caller, BeijingLine);
        await Settle(2_000);
        await Ok("AnswerCall", ("UserId", Agent1), ("JobId", contactId));
        await Settle(30_000);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));
        await Settle(5_000); // after-call work ends: AgentReady
        await WaitForState(s => Count(s, "pending") == 0 && Count(s, "delivered") >= 14, "all events delivered");

        // The inbound order of docs/reference/events.md#typical-orders: Route2IVR → (Enqueue) → AssignAgent → Ringing → AgentRinging → AgentTalk → Established → ...
        var pushed = PushedFor(contactId);
        Assert.Equal(LoggedFor(contactId, EngineTypes), pushed);
        Assert.Equal(["Route2IVR", "AssignAgent", "Ringing", "AgentRinging", "AgentTalk", "Established"], pushed.Take(6));
        Assert.Contains("AgentRelease", pushed);
        Assert.Equal(2, pushed.Count(e => e == "Released"));
        Assert.Equal(["CDRReady", "RecordingReady"], pushed.TakeLast(2));
        var types = Receiver.Accepted.Select(p => p.EventType).ToList();
        Assert.Equal(["AgentCheckIn", "AgentReady"], types.Take(2)); // SignInGroup, ReadyForService
        Assert.Equal("AgentReady", types[^1]); // after-call work over

        var now = H.Clock.GetUtcNow().ToUnixTimeSeconds();
        foreach (var push in Receiver.Accepted)
        {
            Assert.Matches("^msg_[a-z2-7]{26}$", push.WebhookId);
            Assert.True(SignedWith(push, secret), push.ToString());
            Assert.InRange(long.Parse(push.Timestamp!, CultureInfo.InvariantCulture), now - 60, now);
            Assert.Equal("application/json", push.ContentType);
            Assert.Equal("Ccc.Sdk.Emulator/1", push.UserAgent);
            var json = push.Json;
            Assert.Equal(Instance, Str(json, "instanceId"));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", Str(json, "eventTime"));
        }

        Assert.Equal(Receiver.Accepted.Count, Receiver.Accepted.Select(p => p.WebhookId).Distinct().Count());
        var ringing = Receiver.Accepted.First(p => p.EventType == "AgentRinging").Json;
        Assert.Equal((Agent1, contactId, "INBOUND", Caller, BeijingLine), (Str(ringing, "agentId"), Str(ringing, "contactId"), Str(ringing, "callType"), Str(ringing, "caller"), Str(ringing, "callee")));
        Assert.Equal([Sales], ringing.GetProperty("skillGroupIds").EnumerateArray().Select(e => e.GetString()));
        Assert.False(string.IsNullOrEmpty(Str(ringing, "channelId")));
        var released = Receiver.Accepted.First(p => p.EventType == "Released").Json;
        Assert.False(string.IsNullOrEmpty(Str(released, "releaseReason")));
        var ready = Receiver.Accepted.First(p => p.EventType == "AgentReady").Json;
        Assert.Equal(0, ready.GetProperty("outboundScenario").GetInt32());

        var cdr = Receiver.Accepted.Single(p => p.EventType == "CDRReady").Json;
        Assert.Equal(("Success", "2026-11-26T08:00:00.010Z"), (Str(cdr, "dispositionCode"), Str(cdr, "startTime")));
        Assert.Equal("2026-11-26T08:00:02.010Z", Str(cdr, "establishedTime"));
        Assert.Equal("2026-11-26T08:00:32.010Z", Str(cdr, "endTime"));
        Assert.Equal([Agent1], cdr.GetProperty("agentIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([Sales], cdr.GetProperty("skillGroupIds").EnumerateArray().Select(e => e.GetString()));
        var recording = Receiver.Accepted.Single(p => p.EventType == "RecordingReady").Json;
        Assert.Equal(contactId + ".wav", Str(recording, "fileName"));
        Assert.Equal("2026-11-26T08:00:02.010Z", Str(recording, "startTime"));
        using var wav = await H.Http.GetAsync(new Uri(Str(recording, "downloadURL")));
        Assert.Equal(HttpStatusCode.OK, wav.StatusCode);
        Assert.Equal("audio/wav", wav.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Outbound_internal_and_double_calls_push_the_same_events_as_the_engine_logs_in_order()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Subscribe(EngineTypes);
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);

        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":500}""");
        var outbound = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));
        await Settle(500);
        await Settle(10_000);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", outbound));

        var internalCall = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", "8002")));
        await Settle(1_000);
        await Ok("AnswerCall", ("UserId", Agent2), ("JobId", internalCall));
        await Settle(5_000);
        await Ok("ReleaseCall", ("UserId", Agent2), ("JobId", internalCall));

        await SetPhone("13900000011", """{"behavior":"answer","answerAfterMs":1000}""");
        await SetPhone("13800000012", """{"behavior":"answer","answerAfterMs":1000,"hangUpAfterMs":5000}""");
        var b2b = JobId(await Ok("StartBack2BackCall", ("Caller", "13900000011"), ("Callee", "13800000012"), ("Broker", ShanghaiLine), ("AdditionalBroker", BeijingLine)));
        await Settle(1_000);
        await Settle(1_000);
        await Settle(5_000);
        await WaitForState(s => Count(s, "pending") == 0 && PushedFor(b2b).Contains("CDRReady"), "the double call's CDR");

        foreach (var contactId in new[] { outbound, internalCall, b2b })
        {
            Assert.Equal(LoggedFor(contactId, EngineTypes), PushedFor(contactId));
            Assert.Contains("CDRReady", PushedFor(contactId));
        }

        // The outbound order of docs/reference/events.md#typical-orders: AgentDialing → Dialing (agent) → Ringing (customer) → AgentTalk → Established ...
        Assert.Equal(["AgentDialing", "Dialing"], PushedFor(outbound).Take(2));
        Assert.Equal("OUTBOUND", Str(First(outbound, "Dialing"), "callType"));
        Assert.Equal("INTERNAL", Str(First(internalCall, "Established"), "callType"));
        var dialing = First(b2b, "Dialing");
        Assert.Equal(("BACK2BACK", ShanghaiLine, BeijingLine), (Str(dialing, "callType"), Str(dialing, "broker"), Str(dialing, "additionalBroker")));
        Assert.Equal("Success", Str(First(b2b, "CDRReady"), "dispositionCode"));
    }

    [Fact]
    public async Task Agent_state_changes_push_CheckIn_Break_Ready_and_CheckOut()
    {
        await Subscribe("AgentCheckIn", "AgentReady", "AgentBreak", "AgentCheckOut");
        await Ok("SignInGroup", ("UserId", Agent1), ("DeviceId", "d1"), ("SignedSkillGroupIdList", $"[\"{Sales}\"]"));
        await Ok("ReadyForService", ("UserId", Agent1), ("OutboundScenario", "true"));
        await Ok("TakeBreak", ("UserId", Agent1), ("Code", "lunchtime"));
        await Ok("SignOutGroup", ("UserId", Agent1));
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 4, "four agent events");

        Assert.Equal(["AgentCheckIn", "AgentReady", "AgentBreak", "AgentCheckOut"], Receiver.Accepted.Select(p => p.EventType));
        Assert.All(Receiver.Accepted, p => Assert.Equal(Agent1, Str(p.Json, "agentId")));
        var checkIn = Receiver.Accepted[0].Json;
        Assert.Contains(checkIn.GetProperty("skillLevels").EnumerateArray(), l => Str(l, "skillGroupId") == Sales);
        Assert.Equal(1, Receiver.Accepted[1].Json.GetProperty("outboundScenario").GetInt32());
        Assert.Equal("lunchtime", Str(Receiver.Accepted[2].Json, "breakCode"));
    }

    [Fact]
    public async Task Only_the_enabled_event_types_are_pushed()
    {
        await Ok("UpdateSubscription", ("AccessPoint", Receiver.Url),
            ("EventSubscriptionsJson", """[{"Name":"CDRReady"},{"Name":"Ringing","Disabled":true},{"Name":"Released","Disabled":false},{"Name":"Released","Disabled":true}]"""));
        await Ready(Agent1, Sales);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":500}""");
        var contactId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer)));
        Advance(500);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));
        await WaitForState(s => Count(s, "pending") == 0 && Count(s, "delivered") >= 1, "the CDR");
        await Task.Delay(200);

        Assert.Equal(["CDRReady"], Receiver.Received.Select(p => p.EventType));
        Assert.Contains("Ringing", EventNames(contactId)); // the engine did emit them
    }

    [Fact]
    public async Task A_slow_receiver_never_blocks_the_engine()
    {
        Receiver.Delay = TimeSpan.FromSeconds(30);
        await Subscribe("AgentReady", "AgentBreak");
        await Ok("SignInGroup", ("UserId", Agent1), ("DeviceId", "d1"), ("SignedSkillGroupIdList", $"[\"{Sales}\"]"));
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await Ok("ReadyForService", ("UserId", Agent1));
            await Ok("TakeBreak", ("UserId", Agent1), ("Code", "meeting"));
        }

        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"40 state changes took {watch.Elapsed} behind a receiver answering after 30 s");
        var state = await WaitForState(s => Count(s, "attempts") == 1, "the first attempt in flight");
        Assert.Equal(40, Count(state, "pending"));
        Assert.Equal(0, Count(state, "delivered"));
    }
}
