namespace Ccc.Sdk.Emulator.Calls;

/// <summary>
/// One call or agent event with the cloud's event-push names and payload fields (docs/reference/events.md). Fields that do
/// not apply to an event type are null. Times are epoch milliseconds.
/// </summary>
internal sealed record CallEvent
{
    public required string EventType { get; init; }

    public required long EventTime { get; init; }

    public required string InstanceId { get; init; }

    public string? ContactId { get; init; }

    public string? ChannelId { get; init; }

    public string? CallType { get; init; }

    public string? AgentId { get; init; }

    public string? SkillGroupId { get; init; }

    public string? Caller { get; init; }

    public string? Callee { get; init; }

    public string? Broker { get; init; }

    public string? AdditionalBroker { get; init; }

    public string? Destination { get; init; }

    public string? Originator { get; init; }

    public string? ReleaseReason { get; init; }

    public string? AbandonPhase { get; init; }

    public string? QueueType { get; init; }

    public string? HeldChannelId { get; init; }

    public string? RetrievedChannelId { get; init; }

    public string? BreakCode { get; init; }

    public string? Scenario { get; init; }

    public string? DispositionCode { get; init; }

    public string? FileName { get; init; }

    public string? Digits { get; init; }

    /// <summary>SatisfactionSurveyOffer / SatisfactionSurveyResponse: <c>IVR</c> or <c>SMS</c>.</summary>
    public string? SurveyChannel { get; init; }

    /// <summary>SatisfactionSurveyResponse: the key the customer pressed (0-9).</summary>
    public int? Rating { get; init; }

    /// <summary>Monitoring, coaching, barge-in and intercept events: the supervised agent (the cloud's <c>counterparty</c>).</summary>
    public string? Counterparty { get; init; }
}

/// <summary>
/// A plain event listener (<see cref="CallEventSinkObserver"/>: tests hand one in through
/// <c>CccEmulatorOptions.CallEventSink</c>). Contract: <see cref="Publish"/> is called under the instance lock, in
/// event order, and must return quickly and never throw. The engine subscribes it to its one event stream.
/// </summary>
internal interface ICallEventSink
{
    void Publish(CallEvent callEvent);
}

/// <summary>
/// A subscriber of the engine's one event stream (<see cref="CallEngine.Subscribe"/>): the event log, the webhook
/// push, the agent gateway, the phone gateway, the media relay. Every call event, with the call it belongs to (null
/// for agent-only events such as AgentReady), and every agent state change, in order, under the instance lock, on the
/// emulator's clock. Implementations return quickly (queue the work; a webhook pusher must not make HTTP calls inline)
/// and never throw.
/// </summary>
internal interface ICallObserver
{
    void Observe(CallEvent callEvent, Call? call);

    /// <summary>An agent's state changed (same contract: under the instance lock, quick, never throws).</summary>
    void ObserveAgentState(AgentStateChange change)
    {
    }
}

/// <summary>
/// An agent's state change inside the emulator (not a pushed cloud event): a new UserState, or a new break reason
/// while on break. <see cref="Time"/> is when the new state began (epoch milliseconds, the emulator's clock).
/// </summary>
internal sealed record AgentStateChange(string InstanceId, string UserId, string PreviousState, string State, string BreakCode, long Time);

/// <summary>Subscribes an <see cref="ICallEventSink"/> to the stream (its call events only).</summary>
internal sealed class CallEventSinkObserver(ICallEventSink sink) : ICallObserver
{
    public void Observe(CallEvent callEvent, Call? call) => sink.Publish(callEvent);
}

/// <summary>
/// The engine's in-memory event log, a subscriber like the others: the last <see cref="Capacity"/> events (oldest
/// dropped first), for tests and the control API's <c>GET /_emulator/calls/{contactId}/events</c>. The events are
/// copied into a ring of slots allocated once, so a busy engine's log keeps no event object alive: those die young
/// instead of living a second, being promoted and dying in a full collection (docs/benchmarks.md, "Capacity probe").
/// Reading builds the events again.
/// </summary>
internal sealed class InMemoryCallEventLog : ICallObserver
{
    private readonly Lock _gate = new();
    private readonly CallEventData[] _ring;
    private long _count;

    public InMemoryCallEventLog(int capacity = 20_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _ring = new CallEventData[capacity];
    }

    public int Capacity { get; }

    public void Observe(CallEvent callEvent, Call? call) => Publish(callEvent);

    public void Publish(CallEvent callEvent) => Append(callEvent);

    /// <summary>Adds the event; returns its id: its position in the stream since start (1, 2, …), stable while it is retained.</summary>
    public long Append(CallEvent callEvent)
    {
        lock (_gate)
        {
            _ring[(int)(_count % Capacity)] = CallEventData.From(callEvent);
            return ++_count;
        }
    }

    /// <summary>The retained event with id <paramref name="id"/> (see <see cref="Append"/>), or <see langword="null"/>.</summary>
    public CallEvent? Find(long id)
    {
        lock (_gate)
        {
            return id >= 1 && id <= _count && id > _count - Capacity ? _ring[(int)((id - 1) % Capacity)].ToEvent() : null;
        }
    }

    /// <summary>All retained events with their ids, oldest first.</summary>
    public IReadOnlyList<(long Id, CallEvent Event)> AllWithIds()
    {
        var list = new List<(long, CallEvent)>();
        lock (_gate)
        {
            for (var i = Math.Max(0, _count - Capacity); i < _count; i++)
            {
                list.Add((i + 1, _ring[(int)(i % Capacity)].ToEvent()));
            }
        }

        return list;
    }

    /// <summary>Events of one contact with their ids, oldest first.</summary>
    public IReadOnlyList<(long Id, CallEvent Event)> ForContactWithIds(string contactId)
    {
        var list = new List<(long, CallEvent)>();
        lock (_gate)
        {
            for (var i = Math.Max(0, _count - Capacity); i < _count; i++)
            {
                ref readonly var entry = ref _ring[(int)(i % Capacity)];
                if (entry.ContactId == contactId)
                {
                    list.Add((i + 1, entry.ToEvent()));
                }
            }
        }

        return list;
    }

    /// <summary>Events of one contact, oldest first.</summary>
    public IReadOnlyList<CallEvent> ForContact(string contactId)
    {
        var list = new List<CallEvent>();
        lock (_gate)
        {
            for (var i = Math.Max(0, _count - Capacity); i < _count; i++)
            {
                ref readonly var entry = ref _ring[(int)(i % Capacity)];
                if (entry.ContactId == contactId)
                {
                    list.Add(entry.ToEvent());
                }
            }
        }

        return list;
    }

    /// <summary>All retained events, oldest first.</summary>
    public IReadOnlyList<CallEvent> All()
    {
        var list = new List<CallEvent>();
        lock (_gate)
        {
            for (var i = Math.Max(0, _count - Capacity); i < _count; i++)
            {
                list.Add(_ring[(int)(i % Capacity)].ToEvent());
            }
        }

        return list;
    }
}

/// <summary>
/// A <see cref="CallEvent"/>'s fields as a value: the engine builds an event as one (<c>with</c> on a struct copies on
/// the stack, where <c>with</c> on the record allocated a second object) and makes the one <see cref="CallEvent"/>
/// its subscribers get from it; the event log keeps its ring of these. Every property of <see cref="CallEvent"/> is
/// here (a test checks none is missed).
/// </summary>
internal readonly struct CallEventData
{
    public string EventType { get; init; }

    public long EventTime { get; init; }

    public string InstanceId { get; init; }

    public string? ContactId { get; init; }

    public string? ChannelId { get; init; }

    public string? CallType { get; init; }

    public string? AgentId { get; init; }

    public string? SkillGroupId { get; init; }

    public string? Caller { get; init; }

    public string? Callee { get; init; }

    public string? Broker { get; init; }

    public string? AdditionalBroker { get; init; }

    public string? Destination { get; init; }

    public string? Originator { get; init; }

    public string? ReleaseReason { get; init; }

    public string? AbandonPhase { get; init; }

    public string? QueueType { get; init; }

    public string? HeldChannelId { get; init; }

    public string? RetrievedChannelId { get; init; }

    public string? BreakCode { get; init; }

    public string? Scenario { get; init; }

    public string? DispositionCode { get; init; }

    public string? FileName { get; init; }

    public string? Digits { get; init; }

    public string? SurveyChannel { get; init; }

    public int? Rating { get; init; }

    public string? Counterparty { get; init; }

    public static CallEventData From(CallEvent e) => new()
    {
        EventType = e.EventType,
        EventTime = e.EventTime,
        InstanceId = e.InstanceId,
        ContactId = e.ContactId,
        ChannelId = e.ChannelId,
        CallType = e.CallType,
        AgentId = e.AgentId,
        SkillGroupId = e.SkillGroupId,
        Caller = e.Caller,
        Callee = e.Callee,
        Broker = e.Broker,
        AdditionalBroker = e.AdditionalBroker,
        Destination = e.Destination,
        Originator = e.Originator,
        ReleaseReason = e.ReleaseReason,
        AbandonPhase = e.AbandonPhase,
        QueueType = e.QueueType,
        HeldChannelId = e.HeldChannelId,
        RetrievedChannelId = e.RetrievedChannelId,
        BreakCode = e.BreakCode,
        Scenario = e.Scenario,
        DispositionCode = e.DispositionCode,
        FileName = e.FileName,
        Digits = e.Digits,
        SurveyChannel = e.SurveyChannel,
        Rating = e.Rating,
        Counterparty = e.Counterparty,
    };

    public CallEvent ToEvent() => new()
    {
        EventType = EventType,
        EventTime = EventTime,
        InstanceId = InstanceId,
        ContactId = ContactId,
        ChannelId = ChannelId,
        CallType = CallType,
        AgentId = AgentId,
        SkillGroupId = SkillGroupId,
        Caller = Caller,
        Callee = Callee,
        Broker = Broker,
        AdditionalBroker = AdditionalBroker,
        Destination = Destination,
        Originator = Originator,
        ReleaseReason = ReleaseReason,
        AbandonPhase = AbandonPhase,
        QueueType = QueueType,
        HeldChannelId = HeldChannelId,
        RetrievedChannelId = RetrievedChannelId,
        BreakCode = BreakCode,
        Scenario = Scenario,
        DispositionCode = DispositionCode,
        FileName = FileName,
        Digits = Digits,
        SurveyChannel = SurveyChannel,
        Rating = Rating,
        Counterparty = Counterparty,
    };
}
