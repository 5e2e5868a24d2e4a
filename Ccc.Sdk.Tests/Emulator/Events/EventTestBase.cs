using System.Globalization;
using System.Net;
using System.Text.Json;
using Ccc.Sdk.Emulator.Events;
using Ccc.Sdk.Tests.Emulator.Calls;

namespace Ccc.Sdk.Tests.Emulator.Events;

/// <summary>An emulator on a fake clock plus a real webhook receiver; helpers to subscribe and to check signatures.</summary>
public abstract class EventTestBase : CallTestBase, IAsyncLifetime
{
    /// <summary>Every event type the call engine emits today.</summary>
    protected static readonly string[] EngineTypes =
    [
        "AgentCheckIn", "AgentReady", "AgentDialing", "AgentRinging", "AgentTalk", "AgentRelease", "AgentBreak", "AgentCheckOut",
        "Dialing", "Ringing", "Established", "Released", "Held", "Retrieved", "BlindTransfer", "AttendedTransfer",
        "InitiateConsultant", "Route2IVR", "Abandoned", "Enqueue", "AssignAgent", "QueueingTimeout", "QueueingOverflow",
        "DispatchingFailure", "RingingTimeout", "RecordingReady", "CDRReady", "Muted", "Unmuted",
    ];

    private protected WebhookReceiver Receiver { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Receiver.DisposeAsync();
    }

    private protected async Task Subscribe(params string[] types) => await SubscribeTo(Receiver.Url, types);

    private protected async Task SubscribeTo(string url, params string[] types)
    {
        var json = JsonSerializer.Serialize(types.Select(t => new { Name = t, Disabled = false }));
        await Ok("UpdateSubscription", ("AccessPoint", url), ("ProducerId", "PID_Webhook"), ("DefaultTopic", "Topic_Webhook"),
            ("EventSubscriptionsJson", json));
    }

    private protected async Task<JsonElement> State()
    {
        var (status, body) = await Control(HttpMethod.Get, $"/_emulator/subscriptions/{Instance}");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private protected async Task<IReadOnlyList<string>> Secrets() =>
        (await State()).GetProperty("secrets").EnumerateArray().Select(s => s.GetString()!).ToList();

    /// <summary>Waits (real time) until the control API's counters satisfy <paramref name="condition"/>.</summary>
    private protected async Task<JsonElement> WaitForState(Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var state = await State();
            if (condition(state))
            {
                return state;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}: {state}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Waits until no delivery is queued or in flight (only retries waiting for their timer), then advances the fake
    /// clock. Advancing it by 10 s while a POST is in flight would time that attempt out, as a slow receiver would.
    /// </summary>
    private protected async Task Settle(long advanceMilliseconds = 0)
    {
        await WaitForState(s => Count(s, "pending") == Count(s, "waitingForRetry"), "the deliveries to settle");
        if (advanceMilliseconds > 0)
        {
            Advance(advanceMilliseconds);
        }
    }

    private protected static long Count(JsonElement state, string name) => state.GetProperty(name).GetInt64();

    /// <summary>The signatures of the push that verify with <paramref name="secret"/> (vector-proven signer).</summary>
    private protected static bool SignedWith(ReceivedPush push, string secret)
    {
        var expected = WebhookSigner.Sign(secret, push.WebhookId!, long.Parse(push.Timestamp!, CultureInfo.InvariantCulture), push.Body);
        return push.Signature!.Split(' ').Contains(expected);
    }

    /// <summary>Events of a contact as pushed (2xx answers, in arrival order).</summary>
    private protected IReadOnlyList<string> PushedFor(string contactId) =>
        Receiver.Accepted.Where(p => p.Json.TryGetProperty("contactId", out var c) && c.GetString() == contactId).Select(p => p.EventType).ToList();

    /// <summary>The first pushed event of a type for a contact.</summary>
    private protected JsonElement First(string contactId, string eventType) =>
        Receiver.Accepted.Select(p => p.Json).First(j => j.TryGetProperty("contactId", out var c) && c.GetString() == contactId && Str(j, "eventType") == eventType);

    /// <summary>The engine's own log of the contact, restricted to <paramref name="types"/>.</summary>
    private protected IReadOnlyList<string> LoggedFor(string contactId, IEnumerable<string> types)
    {
        var set = types.ToHashSet();
        return EventNames(contactId).Where(set.Contains).ToList();
    }
}
