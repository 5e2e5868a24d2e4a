using System.Net;
using System.Text.Json;
using Ccc.Sdk.Tests.Emulator.Events;

namespace Ccc.Sdk.Tests.Emulator.Visibility;

/// <summary>
/// <c>GET /_emulator/health</c> and the read-only lists (calls, agents, phones, subscriptions, recent events) over real
/// Kestrel on 127.0.0.1: what they show follows the emulator's state; unknown ids are 404, bad queries 400, never 500.
/// </summary>
public sealed class InspectionEndpointTests : EventTestBase
{
    private const string Customer = "13800000007";

    [Fact]
    public async Task Health_is_ok_with_the_version_and_each_instance_and_follows_calls_in_progress()
    {
        var (status, health) = await Control(HttpMethod.Get, "/_emulator/health");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", Str(health, "status"));
        Assert.Matches(@"^\d+\.\d+\.\d+", Str(health, "version"));
        Assert.Equal("2020-07-01", Str(health, "apiVersion"));
        Assert.True(health.GetProperty("uptimeSeconds").GetDouble() >= 0);
        var instance = Assert.Single(health.GetProperty("instances").EnumerateArray());
        Assert.Equal(Instance, Str(instance, "instanceId"));
        Assert.Equal(SeededUsers(), instance.GetProperty("agents").GetInt32());
        Assert.Equal(0, instance.GetProperty("callsInProgress").GetInt32());
        Assert.False(instance.GetProperty("subscribed").GetBoolean());

        await SetPhone(Customer, """{"behavior":"manual"}""");
        await Ready(Agent1);
        await Inbound(Customer);
        await Subscribe("AgentReady");
        (_, health) = await Control(HttpMethod.Get, "/_emulator/health");
        instance = health.GetProperty("instances")[0];
        Assert.Equal(1, instance.GetProperty("callsInProgress").GetInt32());
        Assert.True(instance.GetProperty("subscribed").GetBoolean());

        var (post, body) = await Control(HttpMethod.Post, "/_emulator/health");
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "MethodNotAllowed"), (post, Str(body, "Code")));
        var (query, _) = await Control(HttpMethod.Get, "/_emulator/health?verbose=1");
        Assert.Equal(HttpStatusCode.BadRequest, query);
    }

    [Fact]
    public async Task Agents_lists_every_agent_with_its_live_state_and_filters_by_instance()
    {
        var (_, agents) = await Control(HttpMethod.Get, "/_emulator/agents");
        Assert.Equal(SeededUsers(), agents.GetArrayLength());
        Assert.Equal("OFFLINE", Str(AgentIn(agents, Agent1), "state"));

        await Ready(Agent1);
        await AutoAnswer(Agent1, 500);
        var (status, filtered) = await Control(HttpMethod.Get, $"/_emulator/agents?instanceId={Instance}");
        Assert.Equal(HttpStatusCode.OK, status);
        var agent = AgentIn(filtered, Agent1);
        Assert.Equal(("READY", Instance, true, 500), (Str(agent, "state"), Str(agent, "instanceId"), agent.GetProperty("autoAnswer").GetBoolean(), agent.GetProperty("answerAfterMs").GetInt32()));

        var (missing, body) = await Control(HttpMethod.Get, "/_emulator/agents?instanceId=no-such-instance");
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (missing, Str(body, "Code")));
        var (bad, badBody) = await Control(HttpMethod.Get, "/_emulator/agents?state=READY");
        Assert.Equal((HttpStatusCode.BadRequest, "BadRequest"), (bad, Str(badBody, "Code")));
    }

    [Fact]
    public async Task Calls_lists_the_calls_in_progress_one_is_readable_by_contact_id_and_an_unknown_one_is_404()
    {
        var (_, none) = await Control(HttpMethod.Get, "/_emulator/calls");
        Assert.Equal(0, none.GetArrayLength());

        await Ready(Agent1);
        var contactId = await Inbound(Customer);
        var (status, calls) = await Control(HttpMethod.Get, "/_emulator/calls");
        Assert.Equal(HttpStatusCode.OK, status);
        var call = Assert.Single(calls.EnumerateArray());
        Assert.Equal((contactId, Instance, Customer), (Str(call, "contactId"), Str(call, "instanceId"), Str(call, "callingNumber")));
        Assert.NotEqual(0, call.GetProperty("channels").GetArrayLength());

        var (one, single) = await Control(HttpMethod.Get, $"/_emulator/calls/{contactId}");
        Assert.Equal(HttpStatusCode.OK, one);
        Assert.Equal(contactId, Str(single, "contactId"));

        var (missing, body) = await Control(HttpMethod.Get, "/_emulator/calls/job-that-does-not-exist");
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (missing, Str(body, "Code")));
        var (unknownInstance, _) = await Control(HttpMethod.Get, "/_emulator/calls?instanceId=nope");
        Assert.Equal(HttpStatusCode.NotFound, unknownInstance);
    }

    [Fact]
    public async Task Phones_lists_the_numbers_given_a_behaviour()
    {
        var (_, before) = await Control(HttpMethod.Get, "/_emulator/phones");
        Assert.DoesNotContain(before.EnumerateArray(), p => Str(p, "number") == Customer);

        await SetPhone(Customer, """{"behavior":"busy"}""");
        var (status, phones) = await Control(HttpMethod.Get, "/_emulator/phones");
        Assert.Equal(HttpStatusCode.OK, status);
        var phone = Assert.Single(phones.EnumerateArray(), p => Str(p, "number") == Customer);
        Assert.Equal("busy", Str(phone, "behavior"));
    }

    [Fact]
    public async Task Subscriptions_lists_counters_and_target_but_never_a_secret_the_password_or_the_query()
    {
        var (_, none) = await Control(HttpMethod.Get, "/_emulator/subscriptions");
        Assert.Equal(0, none.GetArrayLength());

        await Ok("UpdateSubscription", ("AccessPoint", Receiver.Url + "?token=QueryTokenNotListed"), ("ProducerId", "PID_Webhook"),
            ("DefaultTopic", "Topic_Webhook"), ("Password", "PasswordNotListed"),
            ("EventSubscriptionsJson", """[{"Name":"AgentReady","Disabled":false}]"""));
        await Ready(Agent1);
        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the push");
        await WaitForState(s => Count(s, "delivered") == 1, "the delivery to be counted");

        using var response = await H.Http.GetAsync("/_emulator/subscriptions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var subscription = Assert.Single(JsonDocument.Parse(raw).RootElement.EnumerateArray());
        Assert.Equal((Instance, Receiver.Url), (Str(subscription, "instanceId"), Str(subscription, "accessPoint")));
        Assert.Equal(1, subscription.GetProperty("delivered").GetInt64());
        Assert.Equal(1, subscription.GetProperty("activeSecrets").GetInt32());
        Assert.Equal(["AgentReady"], subscription.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        foreach (var secret in (string[])[.. await Secrets(), "QueryTokenNotListed", "PasswordNotListed", "whsec_"])
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Events_returns_the_most_recent_ones_oldest_first_up_to_the_limit_and_refuses_a_bad_limit()
    {
        await Ready(Agent1);
        await Ready(Agent2);
        var all = H.Emulator.State.EventLog.All();
        Assert.True(all.Count >= 3);

        var (status, events) = await Control(HttpMethod.Get, "/_emulator/events?limit=2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            all.TakeLast(2).Select(e => (e.EventType, e.AgentId)),
            events.EnumerateArray().Select(e => (Str(e, "EventType"), e.TryGetProperty("AgentId", out var a) ? a.GetString() : null)));
        var (_, filtered) = await Control(HttpMethod.Get, $"/_emulator/events?instanceId={Instance}");
        Assert.Equal(all.Count, filtered.GetArrayLength());

        foreach (var query in (string[])["limit=0", "limit=1001", "limit=ten", "limit=-1", "limit=1&limit=2", "since=1"])
        {
            var (bad, body) = await Control(HttpMethod.Get, "/_emulator/events?" + query);
            Assert.True(bad == HttpStatusCode.BadRequest, $"{query}: {(int)bad} {body}");
        }

        var (missing, _) = await Control(HttpMethod.Get, "/_emulator/events?instanceId=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    private int SeededUsers()
    {
        var instance = H.Emulator.State.GetInstance(Instance);
        lock (instance.Gate)
        {
            return instance.Users.Count;
        }
    }

    private static JsonElement AgentIn(JsonElement agents, string userId) =>
        Assert.Single(agents.EnumerateArray(), a => Str(a, "userId") == userId);
}
