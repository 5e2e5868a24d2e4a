namespace Ccc.Sdk;

/// <summary>Parameters of <c>MakeCall</c>: an agent's outbound (or internal) call.</summary>
public sealed class MakeCallRequest : CccRequest
{
    /// <summary>Required. The customer's number, or an agent's extension for an internal call.</summary>
    public string? Callee { get; set; }

    /// <summary>The instance number to call from (one the agent may use); empty lets the service choose.</summary>
    public string? Caller { get; set; }

    /// <summary>The agent placing the call; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    /// <summary>How long the callee rings before the call is abandoned, in seconds (30–300).</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>What the agent sees instead of the callee's number.</summary>
    public string? MaskedCallee { get; set; }

    /// <summary><c>AUDIO</c> (default) or <c>VIDEO</c>.</summary>
    public string? MediaType { get; set; }

    /// <summary>Call-attached data.</summary>
    public string? Tags { get; set; }

    /// <summary>Flash SMS variables as JSON text.</summary>
    public string? FlashSmsVariables { get; set; }

    internal override string Action => "MakeCall";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("Callee", Required(Callee, nameof(Callee)))
            .With("Caller", Caller)
            .With("UserId", UserId)
            .With("DeviceId", DeviceId)
            .With("TimeoutSeconds", Int(TimeoutSeconds))
            .With("MaskedCallee", MaskedCallee)
            .With("MediaType", MediaType)
            .With("Tags", Tags)
            .With("FlashSmsVariables", FlashSmsVariables);
}

/// <summary>Parameters of <c>StartBack2BackCall</c> (double call): the service dials <see cref="Caller"/> first and, once answered, <see cref="Callee"/>, then bridges them.</summary>
public sealed class StartBack2BackCallRequest : CccRequest
{
    /// <summary>Required. The first party dialled (typically the agent's or sales rep's phone).</summary>
    public string? Caller { get; set; }

    /// <summary>Required. The second party dialled (typically the customer), only after the caller answers.</summary>
    public string? Callee { get; set; }

    /// <summary>Required. The instance's outbound number used as caller-id for both legs (for the caller leg only when <see cref="AdditionalBroker"/> is set).</summary>
    public string? Broker { get; set; }

    /// <summary>The instance number shown to the callee, if different from <see cref="Broker"/>.</summary>
    public string? AdditionalBroker { get; set; }

    /// <summary>How long each leg rings before it is hung up, in seconds (default 30).</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>Call-attached data (at most 128 bytes).</summary>
    public string? Tags { get; set; }

    internal override string Action => "StartBack2BackCall";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("Caller", Required(Caller, nameof(Caller)))
            .With("Callee", Required(Callee, nameof(Callee)))
            .With("Broker", Required(Broker, nameof(Broker)))
            .With("AdditionalBroker", AdditionalBroker)
            .With("TimeoutSeconds", Int(TimeoutSeconds))
            .With("Tags", Tags);
}

/// <summary>Parameters of <c>AnswerCall</c>: the agent answers the call offered to them.</summary>
public sealed class AnswerCallRequest : CccRequest
{
    /// <summary>Required. The call's id (<see cref="CallContext.JobId"/>).</summary>
    public string? JobId { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "AnswerCall";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", Required(JobId, nameof(JobId)))
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>ReleaseCall</c>: hangs up a channel, the agent's own channel, or the whole call.</summary>
public sealed class ReleaseCallRequest : CccRequest
{
    /// <summary>Required. The call's id (<see cref="CallContext.JobId"/>).</summary>
    public string? JobId { get; set; }

    /// <summary>The channel to release; empty means the agent's own channel (or the whole call without an agent).</summary>
    public string? ChannelId { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "ReleaseCall";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", Required(JobId, nameof(JobId)))
            .With("ChannelId", ChannelId)
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>HoldCall</c>.</summary>
public sealed class HoldCallRequest : CccRequest
{
    /// <summary>Required. The call's id (<see cref="CallContext.JobId"/>).</summary>
    public string? JobId { get; set; }

    /// <summary>Required. The channel to hold (the customer's channel).</summary>
    public string? ChannelId { get; set; }

    /// <summary>The music on hold.</summary>
    public string? Music { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "HoldCall";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", Required(JobId, nameof(JobId)))
            .With("ChannelId", Required(ChannelId, nameof(ChannelId)))
            .With("Music", Music)
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>RetrieveCall</c> (unhold).</summary>
public sealed class RetrieveCallRequest : CccRequest
{
    /// <summary>Required. The call's id (<see cref="CallContext.JobId"/>).</summary>
    public string? JobId { get; set; }

    /// <summary>Required. The held channel.</summary>
    public string? ChannelId { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "RetrieveCall";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", Required(JobId, nameof(JobId)))
            .With("ChannelId", Required(ChannelId, nameof(ChannelId)))
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>
/// The parameters <c>BlindTransfer</c> and <c>InitiateAttendedTransfer</c> share (the cloud defines both with the
/// same transferee, routing and queuing parameters).
/// </summary>
public abstract class TransferRequest : CccRequest
{
    /// <summary>Required. The call's id (<see cref="CallContext.JobId"/>).</summary>
    public string? JobId { get; set; }

    /// <summary>Required. The agent id, extension, skill group id or number to transfer to (or to consult).</summary>
    public string? Transferee { get; set; }

    /// <summary>What <see cref="Transferee"/> is: <c>Agent</c>, <c>Extension</c>, <c>SkillGroup</c>, <c>Number</c> or <c>Outbound</c>.</summary>
    public string? TransfereeType { get; set; }

    /// <summary>The instance number shown as caller when transferring to an external number.</summary>
    public string? Transferor { get; set; }

    /// <summary>How long the transferee rings, in seconds.</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>The routing type.</summary>
    public string? RoutingType { get; set; }

    /// <summary>The routing strategy's name.</summary>
    public string? StrategyName { get; set; }

    /// <summary>The routing strategy's parameters.</summary>
    public string? StrategyParams { get; set; }

    /// <summary>How long the call may queue, in seconds.</summary>
    public long? QueuingTimeoutSeconds { get; set; }

    /// <summary>The queue length above which the call overflows.</summary>
    public long? QueuingOverflowThreshold { get; set; }

    /// <summary>The call's priority in the queue.</summary>
    public int? CallPriority { get; set; }

    /// <summary>Call-attached data.</summary>
    public string? Tags { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", Required(JobId, nameof(JobId)))
            .With("Transferee", Required(Transferee, nameof(Transferee)))
            .With("TransfereeType", TransfereeType)
            .With("Transferor", Transferor)
            .With("TimeoutSeconds", Int(TimeoutSeconds))
            .With("RoutingType", RoutingType)
            .With("StrategyName", StrategyName)
            .With("StrategyParams", StrategyParams)
            .With("QueuingTimeoutSeconds", Int(QueuingTimeoutSeconds))
            .With("QueuingOverflowThreshold", Int(QueuingOverflowThreshold))
            .With("CallPriority", Int(CallPriority))
            .With("Tags", Tags)
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>BlindTransfer</c>.</summary>
public sealed class BlindTransferRequest : TransferRequest
{
    /// <summary>The skill group to attribute the transfer to.</summary>
    public string? SkillGroupId { get; set; }

    /// <summary>Contact flow variables.</summary>
    public string? ContactFlowVariables { get; set; }

    internal override string Action => "BlindTransfer";

    internal override void WriteParameters(ApiRequest request)
    {
        base.WriteParameters(request);
        request.With("SkillGroupId", SkillGroupId).With("ContactFlowVariables", ContactFlowVariables);
    }
}

/// <summary>Parameters of <c>InitiateAttendedTransfer</c> (consult before transferring): the customer is held while the transferee is dialled.</summary>
public sealed class InitiateAttendedTransferRequest : TransferRequest
{
    internal override string Action => "InitiateAttendedTransfer";
}

/// <summary>Parameters of <c>CompleteAttendedTransfer</c>.</summary>
public sealed class CompleteAttendedTransferRequest : CccRequest
{
    /// <summary>Required. The call's id (<see cref="CallContext.JobId"/>).</summary>
    public string? JobId { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "CompleteAttendedTransfer";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", Required(JobId, nameof(JobId)))
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>CancelAttendedTransfer</c>.</summary>
public sealed class CancelAttendedTransferRequest : CccRequest
{
    /// <summary>Required. The call's id (<see cref="CallContext.JobId"/>).</summary>
    public string? JobId { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "CancelAttendedTransfer";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", Required(JobId, nameof(JobId)))
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>SendDtmfSignaling</c>.</summary>
public sealed class SendDtmfSignalingRequest : CccRequest
{
    /// <summary>Required. The call's id (<see cref="CallContext.JobId"/>).</summary>
    public string? JobId { get; set; }

    /// <summary>Required. The channel to send the tones into.</summary>
    public string? ChannelId { get; set; }

    /// <summary>Required. The digits, e.g. <c>5</c> (<c>0-9</c>, <c>*</c>, <c>#</c>).</summary>
    public string? Dtmf { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "SendDtmfSignaling";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", Required(JobId, nameof(JobId)))
            .With("ChannelId", Required(ChannelId, nameof(ChannelId)))
            .With("Dtmf", Required(Dtmf, nameof(Dtmf)))
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>MuteCall</c>.</summary>
public sealed class MuteCallRequest : CccRequest
{
    /// <summary>Required. The call's id (<see cref="CallContext.JobId"/>).</summary>
    public string? JobId { get; set; }

    /// <summary>The channel to mute; empty means the agent's own channel.</summary>
    public string? ChannelId { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "MuteCall";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", Required(JobId, nameof(JobId)))
            .With("ChannelId", ChannelId)
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}

/// <summary>Parameters of <c>UnmuteCall</c>.</summary>
public sealed class UnmuteCallRequest : CccRequest
{
    /// <summary>The call's id; empty means the agent's current call.</summary>
    public string? JobId { get; set; }

    /// <summary>The channel to unmute; empty means the agent's own channel.</summary>
    public string? ChannelId { get; set; }

    /// <summary>The agent; empty means the agent mapped to the calling RAM user.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's device id (optional in the current SDK).</summary>
    public string? DeviceId { get; set; }

    internal override string Action => "UnmuteCall";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("JobId", JobId)
            .With("ChannelId", ChannelId)
            .With("UserId", UserId)
            .With("DeviceId", DeviceId);
}
