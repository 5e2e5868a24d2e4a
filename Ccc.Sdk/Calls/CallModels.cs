using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>
/// What every call-control action returns (the cloud's <c>CallControlData</c>): the call as it stands after the action
/// and, for agent actions, the acting agent's state. Returned by <c>MakeCall</c>, <c>StartBack2BackCall</c>,
/// <c>AnswerCall</c>, <c>ReleaseCall</c>, <c>HoldCall</c>, <c>RetrieveCall</c>, <c>BlindTransfer</c>, the attended
/// transfer actions, <c>SendDtmfSignaling</c>, <c>MuteCall</c> and <c>UnmuteCall</c>.
/// </summary>
public sealed class CallControlResult
{
    /// <summary>A strictly increasing sequence number of the agent's context (not sent by every action; <see langword="null"/> when absent).</summary>
    public long? ContextId { get; set; }

    /// <summary>The call and its channels.</summary>
    public CallContext? CallContext { get; set; }

    /// <summary>The acting agent's state; <see langword="null"/> for actions without an agent (e.g. <c>StartBack2BackCall</c>).</summary>
    public UserContext? UserContext { get; set; }
}

/// <summary>A call (the cloud's <c>CallContext</c>): its id, type and channels (legs).</summary>
public sealed class CallContext
{
    /// <summary>The instance id.</summary>
    public string? InstanceId { get; set; }

    /// <summary>The call's id; the same value is the <c>ContactId</c> of its call detail record and events.</summary>
    public string? JobId { get; set; }

    /// <summary>The initial call type: <c>INBOUND</c>, <c>OUTBOUND</c>, <c>INTERNAL</c>, <c>BACK2BACK</c>, <c>PREDICTIVE</c>, <c>CONSULTANT</c>, <c>CONFERENCE</c>, <c>MONITOR</c>, <c>BARGE</c>, <c>INTERCEPT</c> or <c>COACH</c>.</summary>
    public string? CallType { get; set; }

    /// <summary>Call variables as the cloud sends them: JSON text in a string (empty when none).</summary>
    public string? CallVariables { get; set; }

    /// <summary>The call's channels (legs).</summary>
    public IReadOnlyList<ChannelContext>? ChannelContexts { get; set; }
}

/// <summary>One leg of a call (the cloud's <c>ChannelContext</c>).</summary>
public sealed class ChannelContext
{
    /// <summary>The channel id (pass it as <c>ChannelId</c> to hold, retrieve, mute or send DTMF).</summary>
    public string? ChannelId { get; set; }

    /// <summary>The state: <c>NONE</c>, <c>CREATED</c>, <c>RINGING</c>, <c>EARLY_MEDIA</c>, <c>ANSWERED</c>, <c>RELEASED</c> or <c>RETIRED</c>.</summary>
    public string? ChannelState { get; set; }

    /// <summary>Flags of the channel, e.g. <c>HELD</c>, <c>MUTED</c>, <c>MONITORING</c> (empty when none).</summary>
    public string? ChannelFlags { get; set; }

    /// <summary>The channel's call type (see <see cref="CallContext.CallType"/>).</summary>
    public string? CallType { get; set; }

    /// <summary>The calling party of this leg (may be masked for agents, e.g. <c>138****0001</c>).</summary>
    public string? Originator { get; set; }

    /// <summary>The called party of this leg (may be masked for agents).</summary>
    public string? Destination { get; set; }

    /// <summary>The agent on this leg; empty for a customer's channel.</summary>
    public string? UserId { get; set; }

    /// <summary>The agent's extension; empty for a customer's channel.</summary>
    public string? UserExtension { get; set; }

    /// <summary>The call's id.</summary>
    public string? JobId { get; set; }

    /// <summary>When the channel last changed state (epoch milliseconds on the wire).</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Who released the channel (e.g. <c>agent</c>, <c>customer</c>, <c>system</c>); empty while live.</summary>
    public string? ReleaseInitiator { get; set; }

    /// <summary>Why the channel was released, SIP style (e.g. <c>404 - No destination</c>); empty while live.</summary>
    public string? ReleaseReason { get; set; }

    /// <summary>The channel's position in the call (0 for the first leg), in the actions whose model has it.</summary>
    public long? Index { get; set; }

    /// <summary>The skill group the call was routed through, in the actions whose model has it.</summary>
    public string? SkillGroupId { get; set; }

    /// <summary>Channel variables as the cloud sends them: JSON text in a string (empty when none).</summary>
    public string? ChannelVariables { get; set; }

    /// <summary>The media type (e.g. <c>AUDIO</c>, <c>VIDEO</c>), when sent.</summary>
    public string? MediaType { get; set; }
}
