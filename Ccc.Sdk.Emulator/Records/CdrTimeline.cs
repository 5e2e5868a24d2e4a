using Ccc.Sdk.Emulator.Calls;

namespace Ccc.Sdk.Emulator.Records;

/// <summary>
/// What a CDR's <c>AgentEvents</c>, <c>CustomerEvents</c>, <c>IvrEvents</c> and <c>QueueEvents</c> are built from:
/// the call's timeline entries and the names they had when the call ended. Immutable, so building the arrays needs
/// no lock. Each step's <c>Duration</c> is the milliseconds until the party's next step (or the call's end).
/// </summary>
internal sealed class CdrTimeline
{
    /// <summary>No steps at all.</summary>
    public static readonly CdrTimeline Empty = new([], 0, [], [], "", inbound: false, 0, 0);

    private readonly TimelineEntry[] _entries;
    private readonly long _end;
    private readonly (string AgentId, string AgentName, string SkillGroupId)[] _agents;
    private readonly (string QueueId, string QueueName, int QueueType)[] _queues;
    private readonly string _flowId;
    private readonly bool _inbound;
    private readonly long _start;
    private readonly long _ivrMs;

    /// <param name="entries">The call's timeline, oldest first (copied).</param>
    /// <param name="end">The call's release time, epoch ms.</param>
    /// <param name="agents">Each agent party in order of first appearance, with its name and skill group at the call's end.</param>
    /// <param name="queues">Each queue party in order of first appearance, with its name and type (1 skill group, 2 agent).</param>
    /// <param name="flowId">The call's contact flow id.</param>
    /// <param name="inbound">Whether the call came in through the IVR (it then has one IVR step).</param>
    /// <param name="start">The call's start (IVR entry), epoch ms.</param>
    /// <param name="ivrMs">Milliseconds spent in the IVR.</param>
    public CdrTimeline(
        IReadOnlyCollection<TimelineEntry> entries,
        long end,
        (string AgentId, string AgentName, string SkillGroupId)[] agents,
        (string QueueId, string QueueName, int QueueType)[] queues,
        string flowId,
        bool inbound,
        long start,
        long ivrMs)
    {
        _entries = [.. entries];
        _end = end;
        _agents = agents;
        _queues = queues;
        _flowId = flowId;
        _inbound = inbound;
        _start = start;
        _ivrMs = ivrMs;
    }

    /// <summary>The distinct party ids of one kind (<c>'A'</c> agent, <c>'C'</c> customer, <c>'Q'</c> queue), in order of first appearance.</summary>
    public static List<string> Parties(IEnumerable<TimelineEntry> entries, char party) =>
        entries.Where(t => t.Party == party).Select(t => t.PartyId).Distinct(StringComparer.Ordinal).ToList();

    public IReadOnlyList<AgentEventsDto> AgentEvents() =>
        _agents.Select(a => new AgentEventsDto(a.AgentId, a.AgentName, a.SkillGroupId, Steps('A', a.AgentId))).ToList();

    public IReadOnlyList<CustomerEventsDto> CustomerEvents() =>
        Parties(_entries, 'C').Select(id => new CustomerEventsDto(id, Steps('C', id))).ToList();

    public IReadOnlyList<IvrEventsDto> IvrEvents() =>
        _inbound ? [new IvrEventsDto(_flowId, "MAIN_FLOW", [new EventStepDto("Route2IVR", _start, _ivrMs)])] : [];

    public IReadOnlyList<QueueEventsDto> QueueEvents() =>
        _queues.Select(q => new QueueEventsDto(q.QueueId, q.QueueName, q.QueueType, _flowId, Steps('Q', q.QueueId))).ToList();

    /// <summary>
    /// The spans during which <paramref name="agentId"/> held the call: from each of the agent's <c>Held</c> steps to
    /// the agent's next step (its <c>Retrieved</c>, or whatever came next, or the call's end). Epoch ms.
    /// </summary>
    public IReadOnlyList<(long Start, long End)> HoldSegments(string agentId) =>
        Steps('A', agentId).Where(s => s.Event == "Held").Select(s => (s.EventTime, s.EventTime + s.Duration)).ToList();

    private List<EventStepDto> Steps(char party, string partyId)
    {
        var list = _entries.Where(t => t.Party == party && t.PartyId == partyId).ToList();
        return list.Select((t, i) => new EventStepDto(t.Event, t.Time, (i + 1 < list.Count ? list[i + 1].Time : _end) - t.Time)).ToList();
    }
}
