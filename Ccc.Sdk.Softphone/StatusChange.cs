using System.Text.Json;

namespace Ccc.Sdk.Softphone;

/// <summary>An agent status change (<c>onStatusChange</c>).</summary>
public sealed record StatusChange
{
    /// <summary>The new status.</summary>
    public SoftphoneStatus Code { get; init; }

    /// <summary>The previous status.</summary>
    public SoftphoneStatus LastCode { get; init; }

    /// <summary>The SDK's context of the change, as sent; <see cref="JsonValueKind.Undefined"/> when absent.</summary>
    public JsonElement Context { get; init; }
}

/// <summary>The Workbench SDK's agent status codes (<c>onStatusChange</c>, <c>getStatusCode()</c>). A code the SDK adds later
/// arrives as its number, without a name.</summary>
public enum SoftphoneStatus
{
    /// <summary>-1: not registered.</summary>
    Unregistered = -1,
    /// <summary>0: registering.</summary>
    Registering = 0,
    /// <summary>1: offline (checked out).</summary>
    Offline = 1,
    /// <summary>2: on a break.</summary>
    Break = 2,
    /// <summary>3: idle, ready for calls.</summary>
    Idle = 3,
    /// <summary>5: after-call work.</summary>
    AfterCallWork = 5,
    /// <summary>6: an incoming call is ringing.</summary>
    Ringing = 6,
    /// <summary>8: an outbound call is dialing.</summary>
    Dialing = 8,
    /// <summary>9: talking on an inbound call.</summary>
    InboundTalk = 9,
    /// <summary>10: talking on an outbound call.</summary>
    OutboundTalk = 10,
    /// <summary>11: on an internal (agent-to-agent) call.</summary>
    InternalCall = 11,
    /// <summary>12: the call is on hold.</summary>
    Hold = 12,
    /// <summary>16: a three-way call was initiated.</summary>
    ThreeWayInitiated = 16,
    /// <summary>17: on a consult call (attended transfer).</summary>
    ConsultCall = 17,
    /// <summary>20: passive help.</summary>
    PassiveHelp = 20,
    /// <summary>21: monitoring another agent's call.</summary>
    Monitoring = 21,
    /// <summary>22: IVR confirmation started.</summary>
    IvrConfirmStarted = 22,
    /// <summary>23: IVR confirmation ended.</summary>
    IvrConfirmEnded = 23,
    /// <summary>24: a monitor is pending.</summary>
    MonitorPending = 24,
    /// <summary>25: barged in (three-way).</summary>
    BargeIn = 25,
    /// <summary>26: whispering (coaching).</summary>
    Whisper = 26,
}
