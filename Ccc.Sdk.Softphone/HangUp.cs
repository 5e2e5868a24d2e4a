namespace Ccc.Sdk.Softphone;

/// <summary>How a call ended (<c>onHangUp</c>).</summary>
public enum HangUpType
{
    /// <summary>A type the SDK does not document.</summary>
    Unknown = 0,
    /// <summary><c>ringing</c>: an inbound call ended unanswered.</summary>
    Ringing,
    /// <summary><c>dialing</c>: an outbound call ended unanswered.</summary>
    Dialing,
    /// <summary><c>inbound</c>: an inbound call ended during talk.</summary>
    Inbound,
    /// <summary><c>outbound</c>: an outbound call ended during talk.</summary>
    Outbound,
}

/// <summary>The agent is about to hang up (<c>onBeforeCallHangup</c>), raised as <see cref="Softphone.HangingUp"/> in every
/// tab before <see cref="Softphone.BeforeHangUp"/> decides whether the hang-up goes ahead.</summary>
public sealed record BeforeHangUp
{
    /// <summary>The id of the call's job.</summary>
    public string? JobId { get; init; }

    /// <summary>The id of the agent's channel.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The agent's user id.</summary>
    public string? UserId { get; init; }
}

/// <summary>A hang-up about to happen (<c>onBeforeCallHangup</c>), given to <see cref="Softphone.BeforeHangUp"/>.</summary>
/// <param name="JobId">The id of the call's job (from the payload's top level, else from its <c>callContext</c>).</param>
/// <param name="ChannelId">The id of the agent's channel.</param>
/// <param name="UserId">The agent's user id.</param>
public sealed record BeforeHangUpContext(string? JobId, string? ChannelId, string? UserId);

/// <summary>Whether the call is hung up, the answer of <see cref="Softphone.BeforeHangUp"/>.</summary>
/// <param name="Allow">Whether the hang-up goes ahead; when <see langword="false"/> the call stays up.</param>
public sealed record HangUpDecision(bool Allow)
{
    /// <summary>Hang up.</summary>
    public static HangUpDecision HangUp() => new(true);

    /// <summary>Keep the call up: the hang-up does not happen.</summary>
    public static HangUpDecision Refuse() => new(false);
}
