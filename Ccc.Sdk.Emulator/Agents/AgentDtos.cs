namespace Ccc.Sdk.Emulator.Agents;

/// <summary>
/// The cloud's UserContext (docs/reference/api-conventions.md#shapes-and-enums), returned by SignInGroup, SignOutGroup, TakeBreak, ReadyForService,
/// ChangeWorkMode and ResetAgentState. The emulator returns the full superset on all of them.
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
/// ListRealtimeAgentStates item (Go SDK ListRealtimeAgentStatesResponseBodyDataList). <c>StateTime</c> and
/// <c>Duration</c> are both the seconds spent in the current state (the model's examples are 8 and 16 seconds).
/// </summary>
internal sealed class RealtimeAgentStateDto
{
    public required string AgentId { get; init; }
    public required string AgentName { get; init; }
    public required string Extension { get; init; }
    public required string Mobile { get; init; }
    public required string State { get; init; }
    public required string StateCode { get; init; }
    public required long StateTime { get; init; }
    public required long Duration { get; init; }
    public required string BreakCode { get; init; }
    public required string CallType { get; init; }
    public required string CounterParty { get; init; }
    public required string WorkMode { get; init; }
    public required bool OutboundScenario { get; init; }
    public required IReadOnlyList<string> SkillGroupIdList { get; init; }
    public required IReadOnlyList<string> SkillGroupNameList { get; init; }
    public required string InstanceId { get; init; }
}

/// <summary>
/// PollUserStatus Data, exactly the reference's response schema. Left out because the emulator has nothing true to put
/// there: <c>ChatContexts</c> (no chat), <c>UserContext.ParallelJobList</c> and <c>Reserved</c> (no parallel or reserved
/// jobs), and the channels' <c>Index</c>, <c>SkillGroupId</c> and <c>ChannelVariables</c>, and <c>CallVariables</c>.
/// </summary>
internal sealed class UserStatusDto
{
    public required long ContextId { get; init; }
    public required PolledUserContextDto UserContext { get; init; }

    /// <summary>The agent's current call; absent when the agent is on none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public required PolledCallContextDto? CallContext { get; init; }
}

/// <summary>PollUserStatus's UserContext (no <c>DeviceState</c>: the schema has none).</summary>
internal sealed class PolledUserContextDto
{
    public required string UserId { get; init; }
    public required string InstanceId { get; init; }
    public required string Extension { get; init; }
    public required string DeviceId { get; init; }
    public required string JobId { get; init; }
    public required string UserState { get; init; }
    public required string BreakCode { get; init; }
    public required string WorkMode { get; init; }
    public required bool OutboundScenario { get; init; }
    public required IReadOnlyList<string> SignedSkillGroupIdList { get; init; }
    public required string Mobile { get; init; }

    /// <summary>Epoch milliseconds of the agent's last action.</summary>
    public required long Heartbeat { get; init; }
}

/// <summary>PollUserStatus's CallContext.</summary>
internal sealed class PolledCallContextDto
{
    public required string InstanceId { get; init; }
    public required string JobId { get; init; }
    public required string CallType { get; init; }
    public required IReadOnlyList<PolledChannelContextDto> ChannelContexts { get; init; }
}

/// <summary>PollUserStatus's ChannelContext (no <c>AssociatedData</c>: the schema has none).</summary>
internal sealed class PolledChannelContextDto
{
    public required string ChannelId { get; init; }
    public required string ChannelState { get; init; }
    public required string ChannelFlags { get; init; }
    public required string CallType { get; init; }
    public required string Originator { get; init; }
    public required string Destination { get; init; }
    public required string UserId { get; init; }
    public required string UserExtension { get; init; }
    public required string JobId { get; init; }

    /// <summary>Epoch ms of the channel's last state change.</summary>
    public required long Timestamp { get; init; }
    public required string ReleaseInitiator { get; init; }
    public required string ReleaseReason { get; init; }
}
