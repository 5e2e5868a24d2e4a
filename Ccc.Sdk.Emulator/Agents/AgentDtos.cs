namespace Ccc.Sdk.Emulator.Agents;

/// <summary>
/// The cloud's UserContext (docs/reference/api-conventions.md#shapes-and-enums), returned by SignInGroup, SignOutGroup, TakeBreak, ReadyForService,
/// ChangeWorkMode and ResetAgentState and inside the call-control answers. The emulator builds the superset once and
/// cuts it to each action's model (<see cref="Gateway.ResponseShape"/>).
/// </summary>
internal sealed class UserContextDto
{
    public required string UserId { get; init; }
    public required string InstanceId { get; init; }
    public required string Extension { get; init; }
    public required string DeviceId { get; init; }
    public required string DeviceState { get; init; }
    public required string JobId { get; init; }
    public required string UserState { get; init; }
    public required string BreakCode { get; init; }
    public required string WorkMode { get; init; }
    public required bool OutboundScenario { get; init; }
    public required IReadOnlyList<string> SignedSkillGroupIdList { get; init; }
    public required string Mobile { get; init; }

    /// <summary>Epoch milliseconds of the agent's last action.</summary>
    public required long Heartbeat { get; init; }

    /// <summary>Epoch milliseconds until which the agent is reserved for a call (0: not reserved).</summary>
    public required long Reserved { get; init; }
}

/// <summary>GetLoginDetails Data (field list from the Go SDK's GetLoginDetailsResponseBodyData).</summary>
internal sealed class LoginDetailsDto
{
    public required string UserId { get; init; }
    public required string Extension { get; init; }
    public required string DeviceId { get; init; }
    public required string DeviceExt { get; init; }
    public required string DeviceState { get; init; }
    public required string WorkMode { get; init; }
    public required string DisplayName { get; init; }
    public required string Nickname { get; init; }
    public required string AvatarUrl { get; init; }
    public required string SipServerUrl { get; init; }
    public required string AgentServerUrl { get; init; }
    public required string Signature { get; init; }
    public required string Signature2 { get; init; }
    public required string UserKey { get; init; }
    public required string UserKey2 { get; init; }
    public required string ChatAppId { get; init; }
    public required string ChatAppKey { get; init; }
    public required string ChatDeviceId { get; init; }
    public required string ChatLoginToken { get; init; }
    public required string ChatServerUrl { get; init; }
    public required string ChatUserId { get; init; }
}

/// <summary>
/// PollUserStatus Data: the superset UserContext and CallContext, cut to the action's model like the call-control
/// answers. <c>ChatContexts</c> and <c>UserContext.ParallelJobList</c> are left out: the emulator has no chat and no
/// parallel jobs.
/// </summary>
internal sealed class UserStatusDto
{
    public required long ContextId { get; init; }
    public required UserContextDto UserContext { get; init; }

    /// <summary>The agent's current call; absent when the agent is on none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public required Calls.CallContextDto? CallContext { get; init; }
}
