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
