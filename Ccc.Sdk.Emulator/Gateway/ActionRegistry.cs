namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>The wire type of a parameter; the gateway refuses values not of this type (InvalidParameter.Format).</summary>
internal enum ParameterKind
{
    String,
    Integer,
    Long,
    Boolean,
}

/// <summary>A parameter an action declares. Required parameters absent or empty give <c>Missing{Name}</c>.</summary>
internal sealed record ActionParameter(string Name, ParameterKind Kind, bool IsRequired)
{
    public static ActionParameter Required(string name, ParameterKind kind = ParameterKind.String) => new(name, kind, true);

    public static ActionParameter Optional(string name, ParameterKind kind = ParameterKind.String) => new(name, kind, false);
}

/// <summary>
/// One OpenAPI action: its declared parameters, whether its response carries <c>Params</c>
/// (per the cloud's response model), and the handler returning the envelope's <c>Data</c>.
/// </summary>
internal sealed record ActionDefinition(
    string Name,
    IReadOnlyList<ActionParameter> Parameters,
    bool HasParams,
    Func<ActionContext, CancellationToken, ValueTask<object>> Handler);

/// <summary>
/// Action name → definition. Each capability registers its actions (<c>UserActions.Register</c>, ...);
/// a new capability adds one <c>Register</c> call in <see cref="CreateDefault"/>.
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
        return registry;
    }

    /// <summary>Registers an asynchronous action.</summary>
    public void Add(ActionDefinition action)
    {
        if (!_actions.TryAdd(action.Name, action))
        {
            throw new InvalidOperationException($"Action {action.Name} is registered twice.");
        }
    }

    /// <summary>Registers a synchronous action (in-memory state).</summary>
    public void Add(string name, bool hasParams, Func<ActionContext, object> handler, params ActionParameter[] parameters) =>
        Add(new ActionDefinition(name, parameters, hasParams, (context, _) => ValueTask.FromResult(handler(context))));

    public bool TryGet(string name, out ActionDefinition action) => _actions.TryGetValue(name, out action!);
}
