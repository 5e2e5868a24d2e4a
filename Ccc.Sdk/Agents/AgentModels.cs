using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>An agent's state after a state-changing agent action (<c>SignInGroup</c>, <c>SignOutGroup</c>,
/// <c>ReadyForService</c>, <c>TakeBreak</c>, <c>ChangeWorkMode</c>, <c>ResetAgentState</c>) and in <c>PollUserStatus</c>: the cloud's <c>UserContext</c>.</summary>
public sealed class UserContext
{
    /// <summary>The user id, <c>loginName@instanceId</c>.</summary>
    public string? UserId { get; set; }

    /// <summary>The instance id.</summary>
    public string? InstanceId { get; set; }

    /// <summary>The extension number.</summary>
    public string? Extension { get; set; }

    /// <summary>The device the agent is signed in on.</summary>
    public string? DeviceId { get; set; }

    /// <summary>The call the agent is on, if any.</summary>
    public string? JobId { get; set; }

    /// <summary>The state: <c>OFFLINE</c>, <c>BREAK</c>, <c>READY</c>, <c>DIALING</c>, <c>RINGING</c>, <c>TALKING</c> or <c>WORKING</c> (after-call work).</summary>
    public string? UserState { get; set; }

    /// <summary>The break code while in <c>BREAK</c>.</summary>
    public string? BreakCode { get; set; }

    /// <summary>The work mode: <c>ON_SITE</c>, <c>OFF_SITE</c> or <c>OFFICE_PHONE</c>.</summary>
    public string? WorkMode { get; set; }

    /// <summary>Whether the agent only makes outbound calls.</summary>
    public bool? OutboundScenario { get; set; }

    /// <summary>The skill groups the agent is signed in to.</summary>
    public IReadOnlyList<string>? SignedSkillGroupIdList { get; set; }

    /// <summary>The mobile number (for <c>OFF_SITE</c>).</summary>
    public string? Mobile { get; set; }

    /// <summary>The agent's last heartbeat (epoch milliseconds on the wire).</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? Heartbeat { get; set; }

    /// <summary>The cloud's <c>Reserved</c> value (undocumented; kept as sent).</summary>
    public long? Reserved { get; set; }

    /// <summary>The device state.</summary>
    public string? DeviceState { get; set; }

    /// <summary>The other calls the agent holds at the same time (<c>PollUserStatus</c> only; <see langword="null"/> when not sent).</summary>
    public IReadOnlyList<ParallelJob>? ParallelJobList { get; set; }
}

/// <summary>One of the calls an agent holds beside its current one (<see cref="UserContext.ParallelJobList"/>).</summary>
public sealed class ParallelJob
{
    /// <summary>The call's id.</summary>
    public string? JobId { get; set; }

    /// <summary>The call's status as the cloud reports it.</summary>
    public string? Status { get; set; }

    /// <summary>When the status was last changed (epoch milliseconds on the wire).</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? Timestamp { get; set; }
}

/// <summary>An agent's state and current call (<c>PollUserStatus</c>).</summary>
public sealed class UserStatus
{
    /// <summary>A strictly increasing sequence number of the agent's context.</summary>
    public long? ContextId { get; set; }

    /// <summary>The agent's state; <see cref="UserContext.JobId"/> and <see cref="UserContext.ParallelJobList"/> name its calls.</summary>
    public UserContext? UserContext { get; set; }

    /// <summary>The agent's current call; <see langword="null"/> when the agent is on none.</summary>
    public CallContext? CallContext { get; set; }

    /// <summary>The agent's chats as sent (kept as raw JSON); <see langword="null"/> when absent.</summary>
    public System.Text.Json.JsonElement? ChatContexts { get; set; }
}

/// <summary>What a softphone needs to log an agent in (<c>GetLoginDetails</c>). Holds SIP credentials
/// (<see cref="Signature"/>, <see cref="UserKey"/>): never log it.</summary>
public sealed class LoginDetails
{
    /// <summary>The user id.</summary>
    public string? UserId { get; set; }

    /// <summary>The extension number.</summary>
    public string? Extension { get; set; }

    /// <summary>The device id.</summary>
    public string? DeviceId { get; set; }

    /// <summary>The device's extension.</summary>
    public string? DeviceExt { get; set; }

    /// <summary>The device state.</summary>
    public string? DeviceState { get; set; }

    /// <summary>The work mode.</summary>
    public string? WorkMode { get; set; }

    /// <summary>The display name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The nickname.</summary>
    public string? Nickname { get; set; }

    /// <summary>The avatar URL.</summary>
    public string? AvatarUrl { get; set; }

    /// <summary>The SIP server, e.g. <c>sh-sip-ccc.aliyuncs.com:443</c>.</summary>
    public string? SipServerUrl { get; set; }

    /// <summary>The agent server, e.g. <c>sh-wss-ccc.aliyuncs.com</c>.</summary>
    public string? AgentServerUrl { get; set; }

    /// <summary>The SIP login signature (a credential).</summary>
    public string? Signature { get; set; }

    /// <summary>The second SIP login signature (a credential).</summary>
    public string? Signature2 { get; set; }

    /// <summary>The SIP user key (a credential).</summary>
    public string? UserKey { get; set; }

    /// <summary>The second SIP user key (a credential).</summary>
    public string? UserKey2 { get; set; }

    /// <summary>The chat device id.</summary>
    public string? ChatDeviceId { get; set; }

    /// <summary>The chat app id.</summary>
    public string? ChatAppId { get; set; }

    /// <summary>The chat app key.</summary>
    public string? ChatAppKey { get; set; }

    /// <summary>The chat user id.</summary>
    public string? ChatUserId { get; set; }

    /// <summary>The chat login token (a credential).</summary>
    public string? ChatLoginToken { get; set; }
}

/// <summary>The live state of one agent (<c>ListRealtimeAgentStates</c>).</summary>
public sealed class RealtimeAgentState
{
    /// <summary>The agent's user id.</summary>
    public string? AgentId { get; set; }

    /// <summary>The agent's name.</summary>
    public string? AgentName { get; set; }

    /// <summary>The extension number.</summary>
    public string? Extension { get; set; }

    /// <summary>The mobile number.</summary>
    public string? Mobile { get; set; }

    /// <summary>The state: <c>ACW</c>, <c>Ringing</c>, <c>Break</c>, <c>Dialing</c>, <c>Talking</c>, <c>Ready</c> or <c>Offline</c>.</summary>
    public string? State { get; set; }

    /// <summary>A refinement of <see cref="State"/>, e.g. <c>Monitoring</c>/<c>Monitored</c>.</summary>
    public string? StateCode { get; set; }

    /// <summary>When the agent entered the state (epoch milliseconds on the wire).</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? StateTime { get; set; }

    /// <summary>How long the agent has been in the state, as sent by the cloud (unit not documented; see docs/decisions/0002-client.md).</summary>
    public long? Duration { get; set; }

    /// <summary>The break code while on break.</summary>
    public string? BreakCode { get; set; }

    /// <summary>The type of the current call.</summary>
    public string? CallType { get; set; }

    /// <summary>The other party of the current call.</summary>
    public string? CounterParty { get; set; }

    /// <summary>The work mode.</summary>
    public string? WorkMode { get; set; }

    /// <summary>Whether the agent only makes outbound calls.</summary>
    public bool? OutboundScenario { get; set; }

    /// <summary>The agent's skill group ids.</summary>
    public IReadOnlyList<string>? SkillGroupIdList { get; set; }

    /// <summary>The agent's skill group names.</summary>
    public IReadOnlyList<string>? SkillGroupNameList { get; set; }

    /// <summary>The instance id.</summary>
    public string? InstanceId { get; set; }
}
