using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Ccc.Sdk;

/// <summary>What one attempt's outcome is, as far as the request path is concerned.</summary>
internal enum CccOutcomeKind
{
    /// <summary>Nothing classified yet.</summary>
    None = 0,

    /// <summary>A 2xx response with an OK envelope.</summary>
    Success,

    /// <summary>An HTTP response that is an error (an error envelope, or a body that is not OpenAPI JSON).</summary>
    ServiceError,

    /// <summary>No HTTP response: the connection failed, dropped, or the attempt timed out.</summary>
    NoResponse,
}

/// <summary>The classification of one attempt (see <see cref="CccResponseClassifier"/>).</summary>
internal readonly record struct CccClassification
{
    /// <summary>Success, service error or no response.</summary>
    public CccOutcomeKind Kind { get; init; }

    /// <summary>The code recorded in metrics: the envelope's code (<c>OK</c>), the error's code, <c>Timeout</c> or <c>NetworkError</c>.</summary>
    public string Code { get; init; }

    /// <summary>The parsed envelope, when the body was one (also for an error).</summary>
    public CccEnvelope? Envelope { get; init; }

    /// <summary>The exception a service error maps to (<see langword="null"/> otherwise).</summary>
    public CccException? Error { get; init; }

    /// <summary>Whether the same request may be sent again after a backoff.</summary>
    public bool IsRetryable { get; init; }

    /// <summary>No response arrived for a state-changing action that may have reached the service: never re-sent.</summary>
    public bool IsOutcomeUnknown { get; init; }

    /// <summary>The wait the service asked for (<c>x-acs-retry-after</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Whether the attempt succeeded.</summary>
    public bool IsSuccess => Kind == CccOutcomeKind.Success;
}

/// <summary>
/// Error classification as a pure function: an HTTP status, headers and body (or the absence of a response) in, a
/// success or a typed error with its retry rule out. No I/O, no clock, no state: the request path's policies act on
/// the result.
/// </summary>
/// <remarks>
/// Retry rules: throttling is retried for every action; a 5xx (but 501), a timeout or a network failure only for read-only
/// actions; a state-changing action whose request may have reached the service is never re-sent (its outcome is
/// unknown); a connection that was never made is retried for every action.
/// </remarks>
internal static class CccResponseClassifier
{
    /// <summary>The code the clock-skew step corrects for.</summary>
    public const string ExpiredTimestampCode = "InvalidTimeStamp.Expired";

    /// <summary>Classifies an HTTP response.</summary>
    /// <param name="action">The action called.</param>
    /// <param name="isReadOnly">Whether the action changes nothing.</param>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="body">The whole body.</param>
    /// <param name="contentType">The body's content type.</param>
    /// <param name="requestIdHeader">The <c>x-acs-request-id</c> header (used when the body is not an envelope).</param>
    /// <param name="retryAfterHeader">The <c>x-acs-retry-after</c> header (seconds).</param>
    public static CccClassification Classify(
        string action,
        bool isReadOnly,
        int status,
        ReadOnlyMemory<byte> body,
        string? contentType,
        string? requestIdHeader,
        string? retryAfterHeader)
    {
        CccEnvelope? envelope = CccEnvelope.TryParse(body);
        if (envelope is not null && status is >= 200 and < 300 && envelope.IsOk)
        {
            return new CccClassification { Kind = CccOutcomeKind.Success, Code = envelope.Code ?? "OK", Envelope = envelope };
        }

        TimeSpan? retryAfter = ParseRetryAfter(retryAfterHeader);
        CccException error = envelope is null
            ? CccErrorFactory.FromNonJson(action, status, contentType, Encoding.UTF8.GetString(body.Span), retryAfter, requestIdHeader)
            : CccErrorFactory.FromEnvelope(action, status, envelope, retryAfter);
        // 501 Not Implemented (e.g. an action the emulator does not simulate) is not transient: asking again cannot help.
        bool retryable = error is CccThrottlingException || (isReadOnly && error is CccServiceException && status >= 500 && status != 501);
        return new CccClassification
        {
            Kind = CccOutcomeKind.ServiceError,
            Code = error.Code,
            Envelope = envelope,
            Error = error,
            IsRetryable = retryable,
            RetryAfter = (error as CccThrottlingException)?.RetryAfter,
        };
    }

    /// <summary>Classifies an attempt that got no HTTP response.</summary>
    /// <param name="isReadOnly">Whether the action changes nothing.</param>
    /// <param name="failure">What the transport threw.</param>
    /// <param name="timedOut">Whether the attempt ran out of time.</param>
    public static CccClassification ClassifyNoResponse(bool isReadOnly, Exception failure, bool timedOut)
    {
        ArgumentNullException.ThrowIfNull(failure);
        bool unknown = !isReadOnly && (timedOut || MayHaveReachedService(failure));
        return new CccClassification
        {
            Kind = CccOutcomeKind.NoResponse,
            Code = timedOut ? "Timeout" : "NetworkError",
            IsOutcomeUnknown = unknown,
            IsRetryable = !unknown,
        };
    }

    /// <summary>Whether the request may have reached the service: <see langword="false"/> only when the connection was never made.</summary>
    public static bool MayHaveReachedService(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError })
            {
                return false;
            }

            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads <c>x-acs-retry-after</c> (whole positive seconds).</summary>
    public static TimeSpan? ParseRetryAfter(string? header) =>
        int.TryParse(header, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
