using System.Globalization;

namespace Ccc.Sdk;

public partial class CccClient
{
    /// <summary>Places an agent's outbound (or internal) call (<c>MakeCall</c>). Never re-sent once it may have reached the service, so a customer is never dialled twice by the SDK.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>Callee</c> is missing, or no instance id is known. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost: the call may have been placed. The message names the callee (masked) and the time sent; check <see cref="ListCallDetailRecordsAsync"/> by callee and time window before dialling again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> MakeCallAsync(MakeCallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DialAsync(request, request.Callee, cancellationToken);
    }

    /// <summary>Starts a double call (<c>StartBack2BackCall</c>): the service dials the caller, then the callee, and bridges them. Never re-sent once it may have reached the service.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>Caller</c>, <c>Callee</c> or <c>Broker</c> is missing, or no instance id is known. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost: the call may have been placed. The message names the callee (masked) and the time sent; check <see cref="ListCallDetailRecordsAsync"/> by callee and time window before dialling again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> StartBack2BackCallAsync(StartBack2BackCallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DialAsync(request, request.Callee, cancellationToken);
    }

    /// <summary>Answers the call offered to the agent (<c>AnswerCall</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> AnswerCallAsync(AnswerCallRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Hangs up (<c>ReleaseCall</c>): a channel, the agent's own channel, or the whole call. State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> ReleaseCallAsync(ReleaseCallRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Puts a channel on hold (<c>HoldCall</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c> or <c>ChannelId</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> HoldCallAsync(HoldCallRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Takes a held channel off hold (<c>RetrieveCall</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c> or <c>ChannelId</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> RetrieveCallAsync(RetrieveCallRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Transfers the call without consulting (<c>BlindTransfer</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c> or <c>Transferee</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> BlindTransferAsync(BlindTransferRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Holds the customer and dials the party to consult (<c>InitiateAttendedTransfer</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c> or <c>Transferee</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> InitiateAttendedTransferAsync(InitiateAttendedTransferRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Completes an attended transfer: the initiator leaves, the customer talks to the consulted party (<c>CompleteAttendedTransfer</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> CompleteAttendedTransferAsync(CompleteAttendedTransferRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Cancels an attended transfer: the consulted party is released, the customer retrieved (<c>CancelAttendedTransfer</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> CancelAttendedTransferAsync(CancelAttendedTransferRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Sends DTMF tones into a channel (<c>SendDtmfSignaling</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c>, <c>ChannelId</c> or <c>Dtmf</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> SendDtmfSignalingAsync(SendDtmfSignalingRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Mutes a channel (<c>MuteCall</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException"><c>JobId</c> is missing. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> MuteCallAsync(MuteCallRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Unmutes a channel (<c>UnmuteCall</c>). State-changing.</summary>
    /// <param name="request">The action's parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The call after the action (<see cref="CallControlResult"/>).</returns>
    /// <exception cref="ArgumentException">No instance id is known. Nothing was sent.</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The request was sent but its response was lost; read the call's state before sending it again.</exception>
    /// <exception cref="CccException">A service error (e.g. <c>NotExists.JobId</c>, <c>UserStateNotAllowed</c>).</exception>
    public virtual Task<CccResponse<CallControlResult>> UnmuteCallAsync(UnmuteCallRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync(request ?? new UnmuteCallRequest(), CccJsonContext.Default.CallControlResult, cancellationToken);

    /// <summary>Masks a phone number for messages and logs: all but the last 4 digits become <c>*</c>.</summary>
    internal static string MaskNumber(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return "(none)";
        }

        return number.Length <= 4 ? new string('*', number.Length) : new string('*', number.Length - 4) + number[^4..];
    }

    /// <summary>
    /// Sends a dialling action. The retry loop never re-sends it once it may have reached the service; if the response
    /// is lost, the outcome-unknown error is replaced by one that says how to check before dialling again.
    /// </summary>
    private async Task<CccResponse<CallControlResult>> DialAsync(CccRequest request, string? callee, CancellationToken cancellationToken)
    {
        DateTimeOffset sentAt = _time.GetUtcNow();
        try
        {
            return await SendAsync(request, CccJsonContext.Default.CallControlResult, cancellationToken).ConfigureAwait(false);
        }
        catch (CccRequestOutcomeUnknownException ex)
        {
            long sentMs = sentAt.ToUnixTimeMilliseconds();
            string masked = MaskNumber(callee);
            string message =
                $"{request.Action} to callee {masked} may have dialled: the request was sent at {sentAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)} " +
                $"(epoch ms {sentMs.ToString(CultureInfo.InvariantCulture)}) but its response was lost ({ex.InnerException?.GetType().Name ?? "no response"}). " +
                "It was not retried, so the SDK has not dialled twice. Do not simply send it again: first call ListCallDetailRecords with " +
                $"CalledNumber = the callee and StartTime = {sentMs.ToString(CultureInfo.InvariantCulture)} (EndTime = now). A record means the call was placed. " +
                "A call still ringing or in progress has no record yet: wait for its timeout (TimeoutSeconds) and check again, or look at the agent's state (ListRealtimeAgentStates).";
            throw new CccRequestOutcomeUnknownException(request.Action, message, ex.InnerException);
        }
    }
}
