using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Events;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.TestSupport;
using Ccc.Sdk.Tests.Emulator.Events;

using static Ccc.Sdk.Tests.Emulator.Workbench.GatewaySocket;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>
/// The engine's one event stream (docs/emulator-calls.md, "Events"): every agent state change reaches the webhook push
/// and the agent gateway exactly once, in order, with the emulator's (fake) clock's times; nothing polls.
/// </summary>
public sealed class EventFlowTests : EventTestBase
{
    private const string Customer = "13800000001";

    /// <summary>The agent events of the cloud's push that go with a state change.</summary>
    private static readonly string[] AgentStateTypes = ["AgentCheckIn", "AgentReady", "AgentBreak", "AgentRinging", "AgentTalk", "AgentRelease", "AgentCheckOut"];

    [Fact]
    public async Task A_working_day_of_state_changes_reaches_the_webhook_push_and_the_agent_gateway_once_each_in_order_with_the_clocks_times()
    {
        await Settings("""{"afterCallWorkSeconds":5}""");
        await Subscribe(AgentStateTypes);
        var recorder = new Recorder();
        using var subscription = H.Emulator.State.Engine.Subscribe(recorder);
        using var ws = await Connect(Agent1);
        Assert.Equal(1, Code(await NextOf(ws, "statusChange"))); // offline when connected

        // The script, and what the test expects from it: (UserState, break code, pushed event, status code, time).
        var expected = new List<(string State, string BreakCode, string Pushed, int Code, long Time)>();
        async Task Step(string state, string breakCode, string pushed, int code, Func<Task> action)
        {
            await Settle(); // nothing in flight while the clock moves (a POST in flight would time out)
            Advance(1_000);
            expected.Add((state, breakCode, pushed, code, Now()));
            await action();
        }

        string contactId = "";
        await Step("BREAK", "", "AgentCheckIn", 2, () => Ok("SignInGroup", ("UserId", Agent1), ("DeviceId", "dev-1"), ("SignedSkillGroupIdList", $"[\"{Sales}\"]")));
        await Step("READY", "", "AgentReady", 3, () => Ok("ReadyForService", ("UserId", Agent1)));
        await Step("BREAK", "lunchtime", "AgentBreak", 2, () => Ok("TakeBreak", ("UserId", Agent1), ("Code", "lunchtime")));
        await Step("BREAK", "meeting", "AgentBreak", 2, () => Ok("TakeBreak", ("UserId", Agent1), ("Code", "meeting")));
        await Step("READY", "", "AgentReady", 3, () => Ok("ReadyForService", ("UserId", Agent1)));
        await Step("RINGING", "", "AgentRinging", 6, async () => contactId = await Inbound(Customer, BeijingLine));
        Assert.Equal("RINGING", StateOf(Agent1));
        await Step("TALKING", "", "AgentTalk", 9, () => Ok("AnswerCall", ("UserId", Agent1), ("JobId", contactId)));
        await Step("WORKING", "", "AgentRelease", 5, () => Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId)));
        await Settle();
        H.Clock.Advance(TimeSpan.FromSeconds(5)); // after-call work ends on the fake clock
        expected.Add(("READY", "", "AgentReady", 3, Now()));
        Assert.Equal("READY", StateOf(Agent1));
        await Step("OFFLINE", "", "AgentCheckOut", 1, () => Ok("SignOutGroup", ("UserId", Agent1)));

        // The stream itself: the changes the test scripted, in order, at the clock's times.
        Assert.Equal(expected.Select(e => (e.State, e.BreakCode, e.Time)), recorder.Changes.Where(c => c.UserId == Agent1).Select(c => (c.State, c.BreakCode, c.Time)));

        // (a) The webhook push: one event per change, in order, with the change's time.
        await WaitForState(s => Count(s, "pending") == 0 && Count(s, "delivered") >= expected.Count, "every push delivered");
        var pushed = Receiver.Accepted.Select(p => p.Json).Where(j => Str(j, "agentId") == Agent1).ToList();
        Assert.Equal(expected.Select(e => e.Pushed), pushed.Select(j => Str(j, "eventType")));
        Assert.Equal(expected.Select(e => Iso(e.Time)), pushed.Select(j => Str(j, "eventTime")));
        Assert.Equal(["lunchtime", "meeting"], pushed.Where(j => Str(j, "eventType") == "AgentBreak").Select(j => Str(j, "breakCode")));

        // (b) The agent gateway: one statusChange per change, in order, with the change's time; nothing more queued.
        var statuses = await StatusesUntilPong(ws);
        Assert.Equal(expected.Select(e => (e.Code, e.State, e.BreakCode, e.Time)), statuses.Select(s =>
            (Code(s), Str(s.GetProperty("context"), "userState"), Str(s.GetProperty("context"), "breakCode"), s.GetProperty("context").GetProperty("time").GetInt64())));
        Assert.Equal(new[] { 1 }.Concat(expected.Select(e => e.Code).SkipLast(1)), statuses.Select(s => s.GetProperty("lastCode").GetInt32()));
    }

    [Fact]
    public async Task A_call_message_comes_before_the_status_it_causes_and_talk_is_the_inbound_code()
    {
        await Ready(Agent1, Sales);
        using var ws = await Connect(Agent1);
        await NextOf(ws, "statusChange");
        var contactId = await Inbound(Customer, BeijingLine);
        await Ok("AnswerCall", ("UserId", Agent1), ("JobId", contactId));
        var types = new List<string>();
        await Send(ws, """{"type":"ping"}""");
        while (await Next(ws) is var message && Str(message, "type") != "pong")
        {
            types.Add(Str(message, "type") + (Str(message, "type") == "statusChange" ? ":" + Code(message) : ""));
        }

        Assert.Equal(["callComing", "statusChange:6", "callEstablish", "statusChange:9"], types);
    }

    [Fact]
    public async Task The_agent_gateway_sends_a_status_only_for_a_state_change_of_the_stream_and_never_polls()
    {
        await Ready(Agent1, Sales);
        using var ws = await Connect(Agent1);
        Assert.Equal(3, Code(await NextOf(ws, "statusChange")));
        var instance = H.Emulator.State.GetInstance(Instance);
        var agent = instance.Users[Agent1];
        lock (instance.Gate)
        {
            agent.UserState = "BREAK"; // behind the stream's back: the old 200 ms poll on the real clock sent a status for it
        }

        await Task.Delay(TimeSpan.FromMilliseconds(800)); // four of the old poll's periods (real time: the point of the test)
        await AssertSilent(ws);

        lock (instance.Gate)
        {
            agent.UserState = "READY";
            H.Emulator.State.Engine.SetAgentState(instance, agent, "WORKING");
        }

        var statuses = await StatusesUntilPong(ws);
        Assert.Equal([(5, "WORKING")], statuses.Select(s => (Code(s), Str(s.GetProperty("context"), "userState"))));
    }

    [Fact]
    public async Task Event_push_works_with_no_agent_gateway_wired()
    {
        var clock = new FakeClock(EmulatorHarness.DefaultNow);
        var state = SeedLoader.Load(null, clock);
        Assert.Null(state.AgentGateway); // no web app, no workbench endpoints: only the engine and its subscribers
        using var events = state.Events;
        events.Subscribe(new EventSubscription
        {
            InstanceId = Instance,
            AccessPoint = Receiver.Url,
            EventSubscriptionsJson = "[]",
            EventSubscriptions = [("AgentCheckIn", false, EventSubscription.WebhookTopic), ("AgentBreak", false, EventSubscription.WebhookTopic)],
            EnabledTypes = new HashSet<string>(["AgentCheckIn", "AgentBreak"], StringComparer.Ordinal),
            IsWebhook = true,
        });
        var instance = state.GetInstance(Instance);
        lock (instance.Gate)
        {
            var agent = instance.Users[Agent1];
            state.Engine.SetAgentState(instance, agent, "BREAK");
            state.Engine.AgentStateEvent(instance, agent, "AgentCheckIn");
            CallEngine.Drain(instance);
        }

        await Receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the AgentCheckIn push");
        var push = Assert.Single(Receiver.Accepted).Json;
        Assert.Equal(("AgentCheckIn", Agent1, Iso(clock.GetUtcNow().ToUnixTimeMilliseconds())), (Str(push, "eventType"), Str(push, "agentId"), Str(push, "eventTime")));
        Assert.Equal("AgentCheckIn", Assert.Single(state.EventLog.All()).EventType);
    }

    [Fact]
    public void The_event_log_keeps_every_field_of_an_event_and_the_last_events_up_to_its_capacity()
    {
        var properties = typeof(CallEvent).GetProperties().Where(p => p.CanWrite).ToList();
        var full = new CallEvent { EventType = "Ringing", EventTime = 42, InstanceId = Instance };
        foreach (var property in properties.Where(p => p.PropertyType == typeof(string)))
        {
            property.SetValue(full, property.Name + "-value"); // init-only setters are settable by reflection
        }

        var log = new InMemoryCallEventLog(capacity: 3);
        log.Publish(full);
        Assert.Equal(full, Assert.Single(log.All())); // record equality: every property came back

        for (var i = 0; i < 5; i++)
        {
            log.Publish(new CallEvent { EventType = "E" + i.ToString(CultureInfo.InvariantCulture), EventTime = i, InstanceId = Instance, ContactId = i % 2 == 0 ? "even" : "odd" });
        }

        Assert.Equal(["E2", "E3", "E4"], log.All().Select(e => e.EventType));
        Assert.Equal(["E2", "E4"], log.ForContact("even").Select(e => e.EventType));
    }

    private long Now() => H.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Iso(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static int Code(JsonElement status) => status.GetProperty("code").GetInt32();

    /// <summary>Every statusChange queued for <paramref name="ws"/>, up to the pong of a ping sent now.</summary>
    private static async Task<List<JsonElement>> StatusesUntilPong(ClientWebSocket ws)
    {
        await Send(ws, """{"type":"ping"}""");
        var statuses = new List<JsonElement>();
        while (await Next(ws) is var message && Str(message, "type") != "pong")
        {
            if (Str(message, "type") == "statusChange")
            {
                statuses.Add(message);
            }
        }

        return statuses;
    }

    private async Task<ClientWebSocket> Connect(string userId)
    {
        var signature = Str(await Ok("GetLoginDetails", ("UserId", userId)), "Signature");
        var ws = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Wait);
        await ws.ConnectAsync(new Uri($"ws://{H.Emulator.Endpoint.Authority}/workbench/agent-gateway"), timeout.Token);
        await Send(ws, JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "hello", ["userId"] = userId, ["signature"] = signature }));
        await NextOf(ws, "welcome");
        return ws;
    }

    /// <summary>A subscriber of the engine's stream that records the agent state changes.</summary>
    private sealed class Recorder : ICallObserver
    {
        private readonly Lock _gate = new();
        private readonly List<AgentStateChange> _changes = [];

        public IReadOnlyList<AgentStateChange> Changes
        {
            get
            {
                lock (_gate)
                {
                    return [.. _changes];
                }
            }
        }

        public void Observe(CallEvent callEvent, Call? call)
        {
        }

        public void ObserveAgentState(AgentStateChange change)
        {
            lock (_gate)
            {
                _changes.Add(change);
            }
        }
    }
}

/// <summary><c>CccEmulatorOptions.CallEventSink</c> is one more subscriber of the stream; the in-memory log stays.</summary>
public sealed class CallEventSinkOptionTests : Calls.CallTestBase
{
    private readonly RecordingSink _sink = new();

    private protected override void Configure(Ccc.Sdk.Emulator.CccEmulatorOptions options) => options.CallEventSink = _sink;

    [Fact]
    public async Task The_configured_sink_gets_the_events_in_order_and_the_event_log_is_kept()
    {
        await Ready(Agent1, Sales);
        var contactId = await Inbound("13800000001", BeijingLine);

        var agentEvents = _sink.Events.Where(e => e.AgentId == Agent1).Select(e => e.EventType).ToList();
        Assert.Equal(["AgentCheckIn", "AgentReady", "AssignAgent", "Ringing", "AgentRinging"], agentEvents);
        Assert.Equal(EventNames(contactId), _sink.Events.Where(e => e.ContactId == contactId).Select(e => e.EventType));
        Assert.NotEmpty(EventNames(contactId));
    }

    private sealed class RecordingSink : ICallEventSink
    {
        private readonly Lock _gate = new();
        private readonly List<CallEvent> _events = [];

        public IReadOnlyList<CallEvent> Events
        {
            get
            {
                lock (_gate)
                {
                    return [.. _events];
                }
            }
        }

        public void Publish(CallEvent callEvent)
        {
            lock (_gate)
            {
                _events.Add(callEvent);
            }
        }
    }
}
