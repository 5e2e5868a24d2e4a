namespace Ccc.Sdk.Emulator.Agents;

/// <summary>Agent states of the cloud (UserState, docs/reference/api-conventions.md#shapes-and-enums).</summary>
internal static class UserStates
{
    public const string Offline = "OFFLINE";
    public const string Break = "BREAK";
    public const string Ready = "READY";
    public const string Dialing = "DIALING";
    public const string Ringing = "RINGING";
    public const string Talking = "TALKING";
    public const string Working = "WORKING";
}

/// <summary>Work modes of the cloud (WorkMode, docs/reference/api-conventions.md#shapes-and-enums).</summary>
internal static class WorkModes
{
    public const string OnSite = "ON_SITE";
    public const string OffSite = "OFF_SITE";
    public const string OfficePhone = "OFFICE_PHONE";

    public static readonly string[] All = [OnSite, OffSite, OfficePhone];
}

/// <summary>A skill group membership of an agent.</summary>
internal sealed record SkillLevel(string SkillGroupId, int Level);

/// <summary>
/// An agent (CCC "user") and its live state. Mutable; guarded by its instance's lock
/// (<see cref="Instances.CccInstance.Gate"/>).
/// </summary>
internal sealed class Agent
{
    public required string UserId { get; init; }

    public required string LoginName { get; init; }

    public required string DisplayName { get; set; }

    public string DisplayId { get; set; } = "";

    public string Nickname { get; set; } = "";

    public string AvatarUrl { get; set; } = "";

    public string Email { get; set; } = "";

    public string Mobile { get; set; } = "";

    public required string Extension { get; init; }

    public string WorkMode { get; set; } = WorkModes.OnSite;

    public required string RoleId { get; set; }

    public long RamId { get; init; }

    public List<SkillLevel> SkillLevels { get; } = [];

    /// <summary>Personal outbound numbers (numbers whose <c>UserId</c> is this agent).</summary>
    public List<string> PersonalNumbers { get; } = [];

    /// <summary>Secret for the workbench's login signature (GetLoginDetails).</summary>
    public string UserKey { get; init; } = Guid.NewGuid().ToString("N");

    // ---- live state ----

    public string UserState { get; set; } = UserStates.Offline;

    public string BreakCode { get; set; } = "";

    public string DeviceId { get; set; } = "";

    public string DeviceState { get; set; } = "OFFLINE";

    public string JobId { get; set; } = "";

    public bool OutboundScenario { get; set; }

    public List<string> SignedSkillGroupIds { get; } = [];

    /// <summary>Epoch milliseconds of the last state change.</summary>
    public long StateTime { get; set; }

    /// <summary>Epoch milliseconds of the last agent action (the cloud's heartbeat).</summary>
    public long Heartbeat { get; set; }

    /// <summary>After-call work timer (WORKING → READY); <see cref="WorkGeneration"/> invalidates a stale one.</summary>
    public ITimer? WorkTimer { get; set; }

    public int WorkGeneration { get; set; }

    public bool IsSignedIn => UserState != UserStates.Offline;

    /// <summary>
    /// Sets the agent's state. Returns the change (a new UserState, or a new break reason while on break) or
    /// <see langword="null"/> when nothing changed. Only <see cref="Calls.CallEngine.SetAgentState"/> calls this, so
    /// every change reaches the engine's event stream.
    /// </summary>
    internal Calls.AgentStateChange? ChangeState(string instanceId, string state, long nowMs)
    {
        Heartbeat = nowMs;
        var breakCode = state == UserStates.Break ? BreakCode : "";
        if (state == UserState && breakCode == _reportedBreakCode)
        {
            return null;
        }

        var previous = UserState;
        if (state != UserState)
        {
            UserState = state;
            StateTime = nowMs;
        }

        _reportedBreakCode = breakCode;
        return new Calls.AgentStateChange(instanceId, UserId, previous, state, breakCode, nowMs);
    }

    private string _reportedBreakCode = "";
}
