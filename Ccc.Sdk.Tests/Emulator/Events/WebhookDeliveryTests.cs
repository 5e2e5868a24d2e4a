using System.Net;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator.Events;

/// <summary>Delivery mechanics: retries on the schedule (fake clock), timeouts, late CDR re-push, secret rotation, chaos, control API.</summary>
public sealed class WebhookDeliveryTests : EventTestBase
{
    private static readonly TimeSpan[] Schedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10),
    ];

    /// <summary>One AgentCheckIn event.</summary>
    private async Task CheckIn(string userId = Agent1) =>
        await Ok("SignInGroup", ("UserId", userId), ("DeviceId", "d-" + userId), ("SignedSkillGroupIdList", $"[\"{Sales}\"]"));

    /// <summary>An answered outbound call, released: its CDRReady is pushed.</summary>
    private async Task<string> AnsweredCall()
    {
        await Ready(Agent1, Sales);
        await SetPhone("13800000002", """{"behavior":"answer","answerAfterMs":500}""");
        var contactId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", "13800000002")));
        await Settle(500);
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));
        return contactId;
    }

    [Fact]
    public async Task A_500_is_retried_5_seconds_later_with_the_same_webhook_id_and_a_new_timestamp()
    {
        await Subscribe("AgentCheckIn");
        Receiver.AnswerNext(500);
        await CheckIn();
        await WaitForState(s => Count(s, "attempts") == 1 && Count(s, "waitingForRetry") == 1, "the first attempt to fail");

        Advance(4_999);
        await Task.Delay(150);
        Assert.Single(Receiver.Received);
        Advance(1);
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the retry");

        var (first, second) = (Receiver.Received[0], Receiver.Received[1]);
        Assert.Equal((500, 200), (first.AnsweredStatus, second.AnsweredStatus));
        Assert.Equal(first.WebhookId, second.WebhookId);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(long.Parse(first.Timestamp!) + 5, long.Parse(second.Timestamp!));
        var secret = Assert.Single(await Secrets());
        Assert.True(SignedWith(first, secret) && SignedWith(second, secret));
        var state = await WaitForState(s => Count(s, "pending") == 0, "nothing pending");
        Assert.Equal((1, 0, 2), (Count(state, "delivered"), Count(state, "failed"), Count(state, "attempts")));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_on_the_whole_schedule_then_dropped_and_counted()
    {
        int port = FreePort.Next(); // nothing listens there: connections are refused

        await SubscribeTo($"http://127.0.0.1:{port}/hook", "AgentCheckIn");
        await CheckIn();
        for (var attempt = 1; attempt <= Schedule.Length; attempt++)
        {
            await WaitForState(s => Count(s, "attempts") == attempt && Count(s, "waitingForRetry") == 1, $"attempt {attempt} to fail");
            H.Clock.Advance(Schedule[attempt - 1] - TimeSpan.FromMilliseconds(1));
            await Task.Delay(50);
            Assert.Equal(attempt, Count(await State(), "attempts")); // not one millisecond early
            Advance(1);
        }

        var state = await WaitForState(s => Count(s, "failed") == 1, "the event to be given up");
        Assert.Equal((7, 0, 0, 0), (Count(state, "attempts"), Count(state, "pending"), Count(state, "delivered"), Count(state, "waitingForRetry")));
        H.Clock.Advance(TimeSpan.FromHours(24));
        await Task.Delay(100);
        Assert.Equal(7, Count(await State(), "attempts"));
    }

    [Fact]
    public async Task A_receiver_slower_than_10_seconds_times_out_and_the_event_is_retried()
    {
        Receiver.Delay = TimeSpan.FromSeconds(30);
        await Subscribe("AgentCheckIn");
        await CheckIn();
        await WaitForState(s => Count(s, "attempts") == 1, "the first attempt");
        await Task.Delay(100);
        H.Clock.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(100);
        Assert.Equal(0, Count(await State(), "waitingForRetry")); // still waiting for the answer
        Receiver.Delay = TimeSpan.Zero;
        H.Clock.Advance(TimeSpan.FromSeconds(1)); // the 10 s timeout on the emulator's clock
        await WaitForState(s => Count(s, "waitingForRetry") == 1, "the timeout");
        H.Clock.Advance(TimeSpan.FromSeconds(5));

        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the retry");
        Assert.Equal(1, Count(await WaitForState(s => Count(s, "pending") == 0, "delivered"), "delivered"));
    }

    [Fact]
    public async Task Every_CDRReady_is_pushed_again_an_hour_later_with_the_same_webhook_id()
    {
        await Subscribe("CDRReady");
        var contactId = await AnsweredCall();
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the CDR");
        await Settle();

        H.Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(150);
        Assert.Single(Receiver.Received);
        Advance(1);
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 2, "the late re-push");

        var (first, again) = (Receiver.Accepted[0], Receiver.Accepted[1]);
        Assert.Equal(first.WebhookId, again.WebhookId);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(contactId, Str(again.Json, "contactId"));
        Assert.Equal(long.Parse(first.Timestamp!) + 3600, long.Parse(again.Timestamp!));
        H.Clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(100);
        Assert.Equal(2, Receiver.Received.Count); // once, not every hour
    }

    [Fact]
    public async Task The_CDR_re_push_delay_is_configurable_and_can_be_switched_off()
    {
        await using var off = await EmulatorHarness.StartAsync(o => o.WebhookCdrRepushDelay = TimeSpan.Zero);
        var r = await off.CallAsync("UpdateSubscription", ("InstanceId", Instance), ("AccessPoint", Receiver.Url), ("EventSubscriptionsJson", """[{"Name":"AgentCheckIn"}]"""));
        Assert.Equal("OK", r.Code);
        Assert.Equal("OK", (await off.CallAsync("SignInGroup", ("InstanceId", Instance), ("UserId", Agent1), ("DeviceId", "d"), ("SignedSkillGroupIdList", "[]"))).Code);
        await Receiver.WaitUntilAsync(x => x.Accepted.Count == 1, "the event from the second emulator");
    }

    [Fact]
    public async Task Rotation_signs_with_old_and_new_secret_until_the_old_one_is_deleted_or_expires()
    {
        await Subscribe("AgentCheckIn", "AgentCheckOut");
        var old = Assert.Single(await Secrets());
        var (status, rotated) = await Control(HttpMethod.Post, $"/_emulator/subscriptions/{Instance}/rotate-secret");
        Assert.Equal(HttpStatusCode.OK, status);
        var secrets = rotated.GetProperty("secrets").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Equal(2, secrets.Count);
        Assert.Equal(old, secrets[0]);
        var fresh = secrets[1];

        await CheckIn(); // during the overlap: two signatures
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the first event");
        var during = Receiver.Accepted[0];
        Assert.Equal(2, during.Signature!.Split(' ').Length);
        Assert.True(SignedWith(during, old) && SignedWith(during, fresh));

        (status, _) = await Control(HttpMethod.Delete, $"/_emulator/subscriptions/{Instance}/secrets/0");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([fresh], await Secrets());
        await Ok("SignOutGroup", ("UserId", Agent1));
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 2, "the second event");
        var after = Receiver.Accepted[1];
        Assert.Single(after.Signature!.Split(' '));
        Assert.True(SignedWith(after, fresh));
        Assert.False(SignedWith(after, old));

        (status, var last) = await Control(HttpMethod.Delete, $"/_emulator/subscriptions/{Instance}/secrets/0");
        Assert.Equal((HttpStatusCode.Conflict, "LastSecret"), (status, Str(last, "Code")));
        (status, _) = await Control(HttpMethod.Delete, $"/_emulator/subscriptions/{Instance}/secrets/5");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task An_old_secret_expires_after_the_overlap_and_a_given_secret_can_be_rotated_in()
    {
        await Subscribe("AgentCheckIn");
        const string Given = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var (status, body) = await Control(HttpMethod.Post, $"/_emulator/subscriptions/{Instance}/rotate-secret", $"{{\"secret\":\"{Given}\",\"overlapSeconds\":60}}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("secrets").GetArrayLength());
        Assert.Equal(JsonValueKind.String, body.GetProperty("secretExpiries")[0].ValueKind);

        H.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal([Given], await Secrets());
        await CheckIn();
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the event");
        Assert.True(SignedWith(Receiver.Accepted[0], Given));

        (status, _) = await Control(HttpMethod.Post, $"/_emulator/subscriptions/{Instance}/rotate-secret", """{"secret":"sk_nope"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await Control(HttpMethod.Post, $"/_emulator/subscriptions/{Instance}/rotate-secret", """{"secret":"whsec_AA=="}""");
        Assert.Equal(HttpStatusCode.BadRequest, status); // one byte: a forger's first guess would do
        Assert.Equal([Given], await Secrets());
        (status, _) = await Control(HttpMethod.Post, $"/_emulator/subscriptions/{Instance}/rotate-secret", """{"overlapSeconds":-1}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Chaos_duplicate_delivers_every_event_twice_with_the_same_id()
    {
        await Subscribe("AgentCheckIn", "AgentReady");
        var (status, chaos) = await Control(HttpMethod.Put, $"/_emulator/subscriptions/{Instance}/chaos", """{"duplicate":1.0,"seed":42}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1.0, chaos.GetProperty("chaos").GetProperty("duplicate").GetDouble());
        await Ready(Agent1, Sales);

        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 4, "two events twice");
        var ids = Receiver.Accepted.Select(p => p.WebhookId).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.All(ids.GroupBy(i => i), g => Assert.Equal(2, g.Count()));
        Assert.Equal(2, Count(await State(), "delivered")); // counted once each
    }

    [Fact]
    public async Task Chaos_reorder_lets_later_events_overtake_earlier_ones()
    {
        await Subscribe(EngineTypes);
        await Ready(Agent1, Sales);
        await Settle();
        await Control(HttpMethod.Put, $"/_emulator/subscriptions/{Instance}/chaos", """{"reorder":1.0,"seed":42}""");
        Receiver.Delay = TimeSpan.FromMilliseconds(300); // the call's first events pile up behind the first POST

        var contactId = await Inbound("13800000001", BeijingLine);
        var logged = LoggedFor(contactId, EngineTypes);
        await Receiver.WaitUntilAsync(r => PushedFor(contactId).Count == logged.Count, "every event of the call");

        var pushed = PushedFor(contactId);
        Assert.Equal(logged.Order(), pushed.Order()); // nothing lost
        Assert.NotEqual(logged, pushed); // but not in order
    }

    [Fact]
    public async Task Chaos_drop_loses_every_push_of_an_event_its_CDR_re_push_included()
    {
        await Subscribe("CDRReady");
        await Control(HttpMethod.Put, $"/_emulator/subscriptions/{Instance}/chaos", """{"drop":1.0}""");
        await AnsweredCall();
        await WaitForState(s => Count(s, "dropped") == 1, "the CDR dropped");
        H.Clock.Advance(TimeSpan.FromHours(2));
        var state = await WaitForState(s => Count(s, "dropped") == 2, "the re-push dropped too");
        Assert.Equal((0, 0), (Count(state, "delivered"), Count(state, "pending")));
        Assert.Empty(Receiver.Received);
    }

    [Fact]
    public async Task The_control_API_reports_the_subscription_and_refuses_bad_input()
    {
        await Subscribe("AgentCheckIn");
        await CheckIn();
        var state = await WaitForState(s => Count(s, "delivered") == 1, "one delivery");
        Assert.Equal(Receiver.Url, Str(state, "accessPoint"));
        Assert.StartsWith("whsec_", state.GetProperty("secrets")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 0), (Count(state, "pending"), Count(state, "failed")));

        foreach (var bad in new[] { """{"duplicate":1.5}""", """{"reorder":"x"}""", """{"typo":1}""", "[]", """{"seed":1.5}""" })
        {
            var (status, body) = await Control(HttpMethod.Put, $"/_emulator/subscriptions/{Instance}/chaos", bad);
            Assert.True(status == HttpStatusCode.BadRequest, bad + " " + body);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Control(HttpMethod.Get, "/_emulator/subscriptions/nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Control(HttpMethod.Get, $"/_emulator/subscriptions/{Instance}/what")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Control(HttpMethod.Delete, $"/_emulator/subscriptions/{Instance}")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Control(HttpMethod.Get, $"/_emulator/subscriptions/{Instance}/rotate-secret")).Status);
    }

    [Fact]
    public async Task A_full_queue_counts_overflow_instead_of_blocking()
    {
        await using var small = await EmulatorHarness.StartAsync(o => o.WebhookQueueCapacity = 2);
        Receiver.Delay = TimeSpan.FromSeconds(30);
        Assert.Equal("OK", (await small.CallAsync("UpdateSubscription", ("InstanceId", Instance), ("AccessPoint", Receiver.Url),
            ("EventSubscriptionsJson", """[{"Name":"AgentCheckIn"},{"Name":"AgentCheckOut"}]"""))).Code);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("OK", (await small.CallAsync("SignInGroup", ("InstanceId", Instance), ("UserId", Agent1), ("DeviceId", "d"), ("SignedSkillGroupIdList", "[]"))).Code);
            Assert.Equal("OK", (await small.CallAsync("SignOutGroup", ("InstanceId", Instance), ("UserId", Agent1))).Code);
        }

        using var document = JsonDocument.Parse(await small.Http.GetStringAsync($"/_emulator/subscriptions/{Instance}"));
        Assert.Equal((2, 4), (document.RootElement.GetProperty("pending").GetInt64(), document.RootElement.GetProperty("overflow").GetInt64()));
    }
}
