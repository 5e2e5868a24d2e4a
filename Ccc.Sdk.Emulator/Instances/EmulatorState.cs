using System.Collections.Concurrent;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Numbers;

namespace Ccc.Sdk.Emulator.Instances;

/// <summary>The whole emulated cloud: its instances and the shared number-location table.</summary>
internal sealed class EmulatorState
{
    private readonly ConcurrentDictionary<string, CccInstance> _instances = new(StringComparer.Ordinal);

    public EmulatorState(TimeProvider time, IEnumerable<CccInstance> instances, NumberLocationTable locations)
    {
        Time = time;
        Locations = locations;
        Engine = new Calls.CallEngine(time, locations);
        Events = new Ccc.Sdk.Emulator.Events.EventPushHub(Engine) { Instances = id => _instances.GetValueOrDefault(id) };
        // The engine's one event stream: the log first, then the webhook push (which so works with no agent gateway
        // wired), as one subscriber so a pushed event keeps its log id (the control API resends by it); the workbench
        // endpoints subscribe their gateways and relay after these (AgentGatewayEndpoints).
        Engine.Subscribe(new Ccc.Sdk.Emulator.Events.LoggedEventPush(EventLog, Events));
        StateLog = new Reports.AgentStateLog(Engine, id => _instances.GetValueOrDefault(id));
        foreach (var instance in instances)
        {
            _instances[instance.InstanceId] = instance;
        }
    }

    public TimeProvider Time { get; }

    public NumberLocationTable Locations { get; }

    /// <summary>The call engine (calls, simulated phones, events) shared by all instances.</summary>
    public Calls.CallEngine Engine { get; }

    /// <summary>Event push (UpdateSubscription, webhooks) of all instances.</summary>
    public Ccc.Sdk.Emulator.Events.EventPushHub Events { get; }

    /// <summary>The last 20 000 call events in memory (the control API's events of a call, tests).</summary>
    public Calls.InMemoryCallEventLog EventLog { get; } = new();

    /// <summary>The workbench agent gateway, once the workbench endpoints are wired (tests read its connections).</summary>
    public Workbench.AgentGatewayHub? AgentGateway { get; set; }

    /// <summary>Every agent state change of every instance (the reports' source, bounded per instance).</summary>
    public Reports.AgentStateLog StateLog { get; }

    public IReadOnlyCollection<CccInstance> Instances => _instances.Values.ToList();

    /// <exception cref="ApiException">NotExists.InstanceId.</exception>
    public CccInstance GetInstance(string instanceId) =>
        _instances.TryGetValue(instanceId, out var instance) ? instance : throw ApiErrors.InstanceNotFound(instanceId);

    public long NowMilliseconds => Time.GetUtcNow().ToUnixTimeMilliseconds();
}
