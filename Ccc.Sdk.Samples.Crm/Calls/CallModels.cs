namespace Ccc.Sdk.Samples.Crm.Calls;

/// <summary>What the CRM shows after a call action: the call's id and the state of each leg.</summary>
/// <param name="JobId">The call's id; the same value is the <c>ContactId</c> of its call detail record.</param>
/// <param name="CallType"><c>OUTBOUND</c> for click-to-call, <c>BACK2BACK</c> for a double call.</param>
/// <param name="Channels">The legs, as the cloud returned them.</param>
/// <param name="RequestId">The cloud's request id of the action.</param>
public sealed record CallView(string JobId, string? CallType, IReadOnlyList<ChannelView> Channels, string? RequestId)
{
    /// <summary>Copies the parts of the cloud's <c>CallControlData</c> the CRM shows.</summary>
    /// <param name="response">The response of MakeCall, StartBack2BackCall or ReleaseCall.</param>
    /// <returns>The view.</returns>
    public static CallView From(CccResponse<CallControlResult> response)
    {
        var context = response.Value.CallContext;
        var channels = (context?.ChannelContexts ?? [])
            .Select(c => new ChannelView(c.ChannelId ?? "", c.ChannelState ?? "", c.UserId ?? "", c.Originator ?? "", c.Destination ?? "", c.ReleaseReason))
            .ToList();
        return new CallView(context?.JobId ?? "", context?.CallType, channels, response.RequestId);
    }
}

/// <summary>One leg of a call.</summary>
/// <param name="ChannelId">The leg's id.</param>
/// <param name="State"><c>CREATED</c>, <c>RINGING</c>, <c>ANSWERED</c> or <c>RELEASED</c>.</param>
/// <param name="UserId">The agent on this leg; empty for the customer's leg.</param>
/// <param name="Originator">The calling number of the leg.</param>
/// <param name="Destination">The called number of the leg.</param>
/// <param name="ReleaseReason">Why the leg ended, e.g. <c>486 - Busy Here</c>, once it has.</param>
public sealed record ChannelView(string ChannelId, string State, string UserId, string Originator, string Destination, string? ReleaseReason);

/// <summary>
/// An error as the CRM shows it: the cloud's code, its request id (quote it to support) and its message. Never holds
/// keys, signatures or signed URLs (<see cref="CccException"/>'s message is free of them by contract).
/// </summary>
/// <param name="Code">The cloud's error code, e.g. <c>UserStateNotAllowed</c>, or a <c>Crm.*</c> code of the sample.</param>
/// <param name="RequestId">The cloud's request id, when the cloud answered.</param>
/// <param name="Message">What went wrong.</param>
/// <param name="HttpStatusCode">The cloud's HTTP status; for the sample's own checks 0 (a 400) or the status it answers
/// with (404 for <see cref="CallDesk.CallNotFoundCode"/>); 0 when no response arrived.</param>
public sealed record CrmError(string Code, string? RequestId, string Message, int HttpStatusCode = 0)
{
    /// <summary>The error of a failed cloud call.</summary>
    /// <param name="exception">The SDK's exception.</param>
    /// <returns>The error.</returns>
    public static CrmError From(CccException exception) => new(exception.Code, exception.RequestId, exception.Message, exception.HttpStatusCode);
}

/// <summary>The outcome of a call action: either a call or an error.</summary>
/// <param name="Call">The call, when the action succeeded.</param>
/// <param name="Error">The error, when it failed.</param>
public sealed record CallOutcome(CallView? Call, CrmError? Error)
{
    /// <summary>Whether the action succeeded.</summary>
    public bool Succeeded => Error is null;
}
