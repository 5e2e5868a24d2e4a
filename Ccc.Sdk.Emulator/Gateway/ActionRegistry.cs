using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// One simulated OpenAPI action: its name and the handler returning the envelope's <c>Data</c>. Its parameters, whether
/// its envelope carries <c>Params</c> and the shape of its answer all come from the cloud's description
/// (<see cref="ApiDescription"/>), the one source; <paramref name="Description"/> overrides it for test-only actions.
/// </summary>
internal sealed record ActionDefinition(
    string Name,
    Func<ActionContext, CancellationToken, ValueTask<object>> Handler,
    ApiAction? Description = null);

/// <summary>
/// Action name → definition. Each capability registers its actions (<c>UserActions.Register</c>, ...);
/// a new capability adds one <c>Register</c> call in <see cref="CreateDefault"/>. An action of the description that is
/// not registered here is answered with <c>Emulator.NotSimulated</c> (501).
/// </summary>
internal sealed class ActionRegistry
{
    private readonly Dictionary<string, ActionDefinition> _actions = new(StringComparer.Ordinal);

    public static ActionRegistry CreateDefault()
    {
        var registry = new ActionRegistry();
        Agents.UserActions.Register(registry);
        Agents.AgentStateActions.Register(registry);
        SkillGroups.SkillGroupActions.Register(registry);
        Numbers.NumberActions.Register(registry);
        Calls.CallActions.Register(registry);
        Records.RecordActions.Register(registry);
        Events.SubscriptionActions.Register(registry);
        Compliance.DoNotCallActions.Register(registry);
        Workbench.WorkbenchBackgroundActions.Register(registry);
        Reports.RealtimeViews.Register(registry);
        Reports.ReportActions.Register(registry);
        return registry;
    }

    /// <summary>The registered action names.</summary>
    public IEnumerable<string> Names => _actions.Keys;

    /// <summary>Registers an asynchronous action.</summary>
    public void Add(ActionDefinition action)
    {
        if (!_actions.TryAdd(action.Name, action))
        {
            throw new InvalidOperationException($"Action {action.Name} is registered twice.");
        }
    }

    /// <summary>Registers a synchronous action (in-memory state).</summary>
    public void Add(string name, Func<ActionContext, object> handler) =>
        Add(new ActionDefinition(name, (context, _) => ValueTask.FromResult(handler(context))));

    /// <summary>Registers a synchronous action with its own description (tests only: actions the cloud does not have).</summary>
    public void Add(string name, ApiAction description, Func<ActionContext, object> handler) =>
        Add(new ActionDefinition(name, (context, _) => ValueTask.FromResult(handler(context)), description));

    /// <summary>Replaces a registered action's handler (tests only).</summary>
    public void Replace(string name, Func<ActionContext, object> handler)
    {
        if (!_actions.ContainsKey(name))
        {
            throw new InvalidOperationException($"Action {name} is not registered.");
        }

        _actions[name] = new ActionDefinition(name, (context, _) => ValueTask.FromResult(handler(context)));
    }

    public bool TryGet(string name, out ActionDefinition action) => _actions.TryGetValue(name, out action!);
}
