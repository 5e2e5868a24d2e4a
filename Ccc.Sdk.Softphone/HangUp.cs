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

/// <summary>The agent is about to hang up (<c>onBeforeCallHangup</c>); the bridge lets the hang-up go ahead.</summary>
public sealed record BeforeHangUp
{
    /// <summary>The id of the call's job.</summary>
    public string? JobId { get; init; }

    /// <summary>The id of the agent's channel.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The agent's user id.</summary>
    public string? UserId { get; init; }
}
