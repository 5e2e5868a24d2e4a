namespace Ccc.Sdk;

/// <summary>Filters of <c>ListRealtimeAgentStates</c>. <see cref="AgentIdList"/> and <see cref="StateList"/> travel in the form body.</summary>
public sealed class ListRealtimeAgentStatesRequest : CccRequest
{
    /// <summary>Only these agents (at most 20), sent as JSON text in the form body.</summary>
    public IList<string>? AgentIdList { get; set; }

    /// <summary>Only these states (<c>ACW</c>, <c>Ringing</c>, <c>Break</c>, <c>Dialing</c>, <c>Talking</c>, <c>Ready</c>, <c>Offline</c>), sent as JSON text in the form body.</summary>
    public IList<string>? StateList { get; set; }

    /// <summary>Only agents of this skill group.</summary>
    public string? SkillGroupId { get; set; }

    /// <summary>A match on the agent's name.</summary>
    public string? AgentName { get; set; }

    /// <summary>A free-text query.</summary>
    public string? Query { get; set; }

    /// <summary>Only agents on calls of these types, sent as JSON text.</summary>
    public IList<string>? CallTypeList { get; set; }

    /// <summary>Only agents in these work modes, sent as JSON text.</summary>
    public IList<string>? WorkModeList { get; set; }

    /// <summary>Only outbound-only agents (or the others).</summary>
    public bool? OutboundScenario { get; set; }

    /// <summary>Only this media type.</summary>
    public string? MediaType { get; set; }

    internal override string Action => "ListRealtimeAgentStates";

    internal override void WriteParameters(ApiRequest request)
    {
        if (AgentIdList is { Count: > 20 })
        {
            throw new ArgumentException("AgentIdList takes at most 20 agents.", nameof(AgentIdList));
        }

        request
            .With("SkillGroupId", SkillGroupId)
            .With("AgentName", AgentName)
            .With("Query", Query)
            .With("CallTypeList", JsonList(CallTypeList))
            .With("WorkModeList", JsonList(WorkModeList))
            .With("OutboundScenario", Bool(OutboundScenario))
            .With("MediaType", MediaType)
            .WithForm("AgentIdList", JsonList(AgentIdList))
            .WithForm("StateList", JsonList(StateList));
    }
}

/// <summary>Parameters of <c>GetLoginDetails</c>.</summary>
public sealed class GetLoginDetailsRequest : CccRequest
{
    /// <summary>The user; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The chat device id.</summary>
    public string? ChatDeviceId { get; set; }

    internal override string Action => "GetLoginDetails";

    internal override void WriteParameters(ApiRequest request) => request.With("UserId", UserId).With("ChatDeviceId", ChatDeviceId);
}

/// <summary>Parameters of <c>SignInGroup</c> (check in to skill groups).</summary>
public sealed class SignInGroupRequest : CccRequest
{
    /// <summary>Required. The agent's device id.</summary>
    public string? DeviceId { get; set; }

    /// <summary>Required. The skill groups to sign in to, sent as JSON text.</summary>
    public IList<string>? SignedSkillGroupIdList { get; set; }

    /// <summary>The user; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>Whether to add the groups to those already signed in to (instead of replacing them).</summary>
    public bool? Additivity { get; set; }

    /// <summary>The chat device id.</summary>
    public string? ChatDeviceId { get; set; }

    internal override string Action => "SignInGroup";

    internal override void WriteParameters(ApiRequest request)
    {
        if (SignedSkillGroupIdList is null)
        {
            throw new ArgumentException("SignedSkillGroupIdList is required.", nameof(SignedSkillGroupIdList));
        }

        request
            .With("DeviceId", Required(DeviceId, nameof(DeviceId)))
            .With("SignedSkillGroupIdList", JsonList(SignedSkillGroupIdList))
            .With("UserId", UserId)
            .With("Additivity", Bool(Additivity))
            .With("ChatDeviceId", ChatDeviceId);
    }
}

/// <summary>Parameters of <c>SignOutGroup</c> (check out).</summary>
public sealed class SignOutGroupRequest : CccRequest
{
    /// <summary>The user; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The device id.</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "SignOutGroup";

    internal override void WriteParameters(ApiRequest request) => request.With("UserId", UserId).With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>ReadyForService</c>.</summary>
public sealed class ReadyForServiceRequest : CccRequest
{
    /// <summary>The user; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The device id.</summary>
    public string? DeviceId { get; set; }

    /// <summary>Whether the agent is ready for outbound calls only.</summary>
    public bool? OutboundScenario { get; set; }

    internal override string Action => "ReadyForService";

    internal override void WriteParameters(ApiRequest request) =>
        request.With("UserId", UserId).With("DeviceId", DeviceId).With("OutboundScenario", Bool(OutboundScenario));
}

/// <summary>Parameters of <c>TakeBreak</c>.</summary>
public sealed class TakeBreakRequest : CccRequest
{
    /// <summary>Required. The break code, e.g. <c>lunchtime</c> or <c>default</c>.</summary>
    public string? Code { get; set; }

    /// <summary>The user; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The device id.</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "TakeBreak";

    internal override void WriteParameters(ApiRequest request) =>
        request.With("Code", Required(Code, nameof(Code))).With("UserId", UserId).With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>ChangeWorkMode</c>.</summary>
public sealed class ChangeWorkModeRequest : CccRequest
{
    /// <summary>Required. The new work mode: <c>ON_SITE</c>, <c>OFF_SITE</c> or <c>OFFICE_PHONE</c>.</summary>
    public string? WorkMode { get; set; }

    /// <summary>The mobile number for <c>OFF_SITE</c>.</summary>
    public string? Mobile { get; set; }

    /// <summary>The skill groups to be signed in to, sent as JSON text.</summary>
    public IList<string>? SignedSkillGroupIdList { get; set; }

    /// <summary>The user; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The device id.</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "ChangeWorkMode";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("WorkMode", Required(WorkMode, nameof(WorkMode)))
            .With("Mobile", Mobile)
            .With("SignedSkillGroupIdList", JsonList(SignedSkillGroupIdList))
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>ResetAgentState</c>.</summary>
public sealed class ResetAgentStateRequest : CccRequest
{
    /// <summary>The user; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The device id.</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "ResetAgentState";

    internal override void WriteParameters(ApiRequest request) => request.With("UserId", UserId).With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>PollUserStatus</c>.</summary>
public sealed class PollUserStatusRequest : CccRequest
{
    /// <summary>The user; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id.</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "PollUserStatus";

    internal override void WriteParameters(ApiRequest request) => request.With("UserId", UserId).With("DeviceId", DeviceId);
}
