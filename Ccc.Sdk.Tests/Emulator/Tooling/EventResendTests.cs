using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Tests.Emulator.Events;

namespace Ccc.Sdk.Tests.Emulator.Tooling;

/// <summary>
/// What the <c>ccc</c> tool's <c>events</c> commands stand on: event ids and pushes in the control API's event lists,
/// <c>POST /_emulator/events/{id}/resend</c> (decisions/0024) and <c>GET /_emulator/event-types</c>. Fake clock, real
/// Kestrel receiver.
/// </summary>
public sealed class EventResendTests : EventTestBase
{
    [Fact]
    public async Task Listed_events_carry_stable_ids_and_their_push_while_the_pushed_body_carries_no_id()
    {
        await Subscribe("AgentReady");
        await Ready(Agent1);
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the AgentReady push");
        await Settle();

        var events = await ListedEvents();
        var ids = events.Select(e => e.GetProperty("Id").GetString()!).ToList();
        Assert.All(ids, id => Assert.Matches("^evt_[1-9][0-9]*$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Select(Number).Order(), ids.Select(Number));

        var checkIn = Assert.Single(events, e => Str(e, "EventType") == "AgentCheckIn");
        Assert.Equal(JsonValueKind.Null, checkIn.GetProperty("Delivery").ValueKind); // not subscribed: not pushed
        var ready = Assert.Single(events, e => Str(e, "EventType") == "AgentReady");
        var delivery = ready.GetProperty("Delivery");
        var push = Assert.Single(Receiver.Accepted);
        Assert.Equal(push.WebhookId, Str(delivery, "WebhookId"));
        Assert.Equal("delivered", Str(delivery, "State"));
        Assert.Equal(1, delivery.GetProperty("Attempts").GetInt32());
        Assert.Equal("200", Str(delivery, "LastAnswer"));

        // The id is the control API's: the cloud's event body does not carry it.
        var body = Encoding.UTF8.GetString(push.Body);
        Assert.DoesNotContain("evt_", body, StringComparison.Ordinal);
        Assert.False(push.Json.TryGetProperty("id", out _));
        Assert.False(push.Json.TryGetProperty("Id", out _));

        // Stable: the same event keeps its id as more events come.
        await Ready(Agent2);
        var later = await ListedEvents();
        Assert.Equal(Str(ready, "Id"), Str(later.First(e => Str(e, "EventType") == "AgentReady" && Str(e, "AgentId") == Agent1), "Id"));

        // A contact's events carry the same ids as the recent list.
        var contactId = await Inbound("13800000007");
        var (status, ofContact) = await Control(HttpMethod.Get, $"/_emulator/calls/{contactId}/events");
        Assert.Equal(HttpStatusCode.OK, status);
        var all = await ListedEvents();
        Assert.All(ofContact.EnumerateArray(), e => Assert.Contains(all, a => Str(a, "Id") == Str(e, "Id") && Str(a, "EventType") == Str(e, "EventType")));
    }

    [Fact]
    public async Task Resend_sends_the_first_bytes_and_webhook_id_signed_now_and_a_success_settles_the_waiting_retry()
    {
        await Subscribe("AgentReady");
        Receiver.AnswerNext(503);
        await Ready(Agent1);
        await Receiver.WaitUntilAsync(r => r.Received.Count == 1, "the first, failed attempt");
        await Settle();
        var ready = Assert.Single(await ListedEvents(), e => Str(e, "EventType") == "AgentReady");
        Assert.Equal("waitingForRetry", Str(ready.GetProperty("Delivery"), "State"));
        Assert.Equal("503", Str(ready.GetProperty("Delivery"), "LastAnswer"));

        // Two seconds later (the retry waits 5 s) and after a secret rotation, resend.
        Advance(2000);
        var (rotated, _) = await Control(HttpMethod.Post, $"/_emulator/subscriptions/{Instance}/rotate-secret", "{\"secret\":\"whsec_" + Convert.ToBase64String(new byte[32]) + "\",\"overlapSeconds\":0}");
        Assert.Equal(HttpStatusCode.OK, rotated);
        var (status, answer) = await Control(HttpMethod.Post, $"/_emulator/events/{Str(ready, "Id")}/resend");

        Assert.True(status == HttpStatusCode.OK, answer.ToString());
        Assert.True(answer.GetProperty("delivered").GetBoolean());
        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.Equal(Str(ready, "Id"), Str(answer, "id"));
        Assert.Equal("AgentReady", Str(answer, "eventType"));
        Assert.Equal(Receiver.Url, Str(answer, "accessPoint"));
        Assert.Equal("delivered", Str(answer, "state"));
        Assert.Equal(2, answer.GetProperty("attempts").GetInt32());
        var (first, again) = (Receiver.Received[0], Receiver.Received[1]);
        Assert.Equal(first.WebhookId, again.WebhookId);
        Assert.Equal(first.WebhookId, Str(answer, "webhookId"));
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(H.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), again.Timestamp);
        Assert.NotEqual(first.Timestamp, again.Timestamp);
        var secrets = await Secrets();
        Assert.True(SignedWith(again, Assert.Single(secrets)), "the resend is signed with the secret active now");
        Assert.False(SignedWith(first, secrets[0]));

        // The retry that was waiting is not sent: the event counts as delivered once.
        var state = await WaitForState(s => Count(s, "pending") == 0 && Count(s, "delivered") == 1, "the resend to settle the event");
        Assert.Equal(0, Count(state, "failed"));
        Advance(5000);
        await WaitForState(s => Count(s, "waitingForRetry") == 0, "the skipped retry's timer");
        await Task.Delay(200);
        Assert.Equal(2, Receiver.Received.Count);
        state = await State();
        Assert.Equal(1, Count(state, "delivered"));
        Assert.Equal(0, Count(state, "pending"));
    }

    [Fact]
    public async Task A_resend_the_receiver_refuses_changes_nothing_but_the_attempts_and_the_retry_still_comes()
    {
        await Subscribe("AgentReady");
        Receiver.AnswerNext(500, 500);
        await Ready(Agent1);
        await Settle();
        var id = Str(Assert.Single(await ListedEvents(), e => Str(e, "EventType") == "AgentReady"), "Id");

        var (status, answer) = await Control(HttpMethod.Post, $"/_emulator/events/{id}/resend");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(answer.GetProperty("delivered").GetBoolean());
        Assert.Equal(500, answer.GetProperty("status").GetInt32());
        Assert.Equal("waitingForRetry", Str(answer, "state"));
        Advance(5000);
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the scheduled retry");
        var state = await WaitForState(s => Count(s, "delivered") == 1 && Count(s, "pending") == 0, "the retry's delivery");
        Assert.Equal(0, Count(state, "failed"));
    }

    [Fact]
    public async Task Resend_answers_404_for_an_unknown_id_and_409_for_an_event_it_cannot_resend()
    {
        await Ready(Agent1); // events with no subscription
        var checkIn = Str(Assert.Single(await ListedEvents(), e => Str(e, "EventType") == "AgentCheckIn"), "Id");

        await AssertError(HttpMethod.Post, $"/_emulator/events/{checkIn}/resend", HttpStatusCode.Conflict, "NoSubscription");
        await Subscribe("AgentReady");
        await AssertError(HttpMethod.Post, $"/_emulator/events/{checkIn}/resend", HttpStatusCode.Conflict, "NotPushed");
        foreach (var id in (string[])["evt_999999", "evt_0", "42", "evt_-1", "evt_x"])
        {
            await AssertError(HttpMethod.Post, $"/_emulator/events/{id}/resend", HttpStatusCode.NotFound, "NotFound");
        }

        await AssertError(HttpMethod.Get, $"/_emulator/events/{checkIn}/resend", HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        await AssertError(HttpMethod.Post, $"/_emulator/events/{checkIn}/resend?x=1", HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task Event_types_lists_every_name_UpdateSubscription_accepts_sorted()
    {
        var (status, types) = await Control(HttpMethod.Get, "/_emulator/event-types");

        Assert.Equal(HttpStatusCode.OK, status);
        var names = types.EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(EngineTypes, t => Assert.Contains(t, names));
        await Subscribe([.. names]); // every listed name is accepted
        Assert.Equal(names.Count, (await State()).GetProperty("eventTypes").GetArrayLength());
    }

    private async Task<IReadOnlyList<JsonElement>> ListedEvents()
    {
        var (status, events) = await Control(HttpMethod.Get, "/_emulator/events?limit=1000");
        Assert.Equal(HttpStatusCode.OK, status);
        return events.EnumerateArray().ToList();
    }

    private async Task AssertError(HttpMethod method, string path, HttpStatusCode expected, string code)
    {
        var (status, body) = await Control(method, path);
        Assert.True(status == expected, $"{method} {path}: {(int)status} {body}");
        Assert.Equal(code, Str(body, "Code"));
    }

    private static long Number(string id) => long.Parse(id["evt_".Length..], CultureInfo.InvariantCulture);
}
