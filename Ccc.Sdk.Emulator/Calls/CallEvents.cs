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
/// Where the call engine publishes events. Contract: <see cref="Publish"/> is called under the instance lock, in
/// event order per call, and must return quickly and never throw (queue the work; a webhook pusher must not
/// make HTTP calls inline).
/// </summary>
internal interface ICallEventSink
{
    void Publish(CallEvent callEvent);
}

/// <summary>
/// An extra event listener (the workbench agent gateway): same contract as <see cref="ICallEventSink"/>, also given
/// the call the event belongs to (null for agent-only events such as AgentReady).
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

/// <summary>
/// The default sink: the last <see cref="Capacity"/> events in memory (oldest dropped first), for tests and the
/// control API's <c>GET /_emulator/calls/{contactId}/events</c>.
/// </summary>
internal sealed class InMemoryCallEventLog : ICallEventSink
{
    private readonly Lock _gate = new();
    private readonly Queue<CallEvent> _events = new();

    public InMemoryCallEventLog(int capacity = 20_000) => Capacity = capacity;

    public int Capacity { get; }

    public void Publish(CallEvent callEvent)
    {
        lock (_gate)
        {
            if (_events.Count >= Capacity)
            {
                _events.Dequeue();
            }

            _events.Enqueue(callEvent);
        }
    }

    /// <summary>Events of one contact, oldest first.</summary>
    public IReadOnlyList<CallEvent> ForContact(string contactId)
    {
        lock (_gate)
        {
            return _events.Where(e => e.ContactId == contactId).ToList();
        }
    }

    /// <summary>All retained events, oldest first.</summary>
    public IReadOnlyList<CallEvent> All()
    {
        lock (_gate)
        {
            return _events.ToList();
        }
    }
}
