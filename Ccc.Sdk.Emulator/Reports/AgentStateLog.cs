using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Reports;

/// <summary>One recorded agent state: the state an agent entered and when (epoch ms, the emulator's clock). A value, so the log holds no object per entry (entries live long and would die in full collections).</summary>
/// <param name="UserId">The agent.</param>
/// <param name="State">The UserState entered (OFFLINE, BREAK, READY, DIALING, RINGING, TALKING, WORKING).</param>
/// <param name="BreakCode">The break reason while on break, else empty.</param>
/// <param name="Time">When the state began.</param>
/// <param name="WorkMode">The agent's work mode when the state began.</param>
/// <param name="OutboundScenario">Whether the agent was in the outbound scenario when the state began.</param>
internal readonly record struct AgentStateEntry(string UserId, string State, string BreakCode, long Time, string WorkMode, bool OutboundScenario);

/// <summary>
/// The agent state log: a subscriber of the call engine's event stream that records every agent state change, per
/// instance, bounded to the last <see cref="Capacity"/> entries per instance (the oldest dropped first). It is what
/// ListAgentStateLogs lists and what the reports' ready, break, after-call-work and logged-in times are computed from.
/// Entries are written under the instance lock (the stream's contract) and read under it too.
/// </summary>
internal sealed class AgentStateLog : ICallObserver
{
    /// <summary>Entries kept per instance.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Func<string, CccInstance?> _instances;
    private readonly Dictionary<string, Queue<AgentStateEntry>> _byInstance = new(StringComparer.Ordinal);
    private readonly Lock _mapGate = new();

    /// <summary>Creates the log and subscribes it to <paramref name="engine"/>.</summary>
    /// <param name="engine">The engine whose agent state changes are recorded.</param>
    /// <param name="instances">Finds an instance by id (to read the agent's work mode and scenario at the change).</param>
    /// <param name="capacity">Entries kept per instance.</param>
    public AgentStateLog(CallEngine engine, Func<string, CccInstance?> instances, int capacity = DefaultCapacity)
    {
        _instances = instances;
        Capacity = capacity;
        Started = engine.Now;
        engine.Subscribe(this);
    }

    /// <summary>Entries kept per instance.</summary>
    public int Capacity { get; }

    /// <summary>When the log started (epoch ms): the start of an agent's state that never changed since.</summary>
    public long Started { get; }

    /// <inheritdoc />
    public void Observe(CallEvent callEvent, Call? call)
    {
    }

    /// <inheritdoc />
    public void ObserveAgentState(AgentStateChange change)
    {
        var agent = _instances(change.InstanceId) is { } instance && instance.Users.TryGetValue(change.UserId, out var a) ? a : null;
        var entry = new AgentStateEntry(change.UserId, change.State, change.BreakCode, change.Time, agent?.WorkMode ?? "", agent?.OutboundScenario ?? false);
        var queue = QueueOf(change.InstanceId);
        if (queue.Count >= Capacity)
        {
            queue.Dequeue();
        }

        queue.Enqueue(entry);
    }

    /// <summary>The entries of one instance, oldest first (caller holds the instance lock).</summary>
    public IReadOnlyCollection<AgentStateEntry> Entries(string instanceId)
    {
        lock (_mapGate)
        {
            return _byInstance.TryGetValue(instanceId, out var queue) ? queue : [];
        }
    }

    /// <summary>The entries of one agent, oldest first (caller holds the instance lock).</summary>
    public List<AgentStateEntry> Of(string instanceId, string userId) =>
        Entries(instanceId).Where(e => e.UserId == userId).ToList();

    private Queue<AgentStateEntry> QueueOf(string instanceId)
    {
        lock (_mapGate)
        {
            if (!_byInstance.TryGetValue(instanceId, out var queue))
            {
                queue = new Queue<AgentStateEntry>();
                _byInstance[instanceId] = queue;
            }

            return queue;
        }
    }
}
