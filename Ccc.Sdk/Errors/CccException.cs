using System.Text;

namespace Ccc.Sdk;

/// <summary>
/// The service answered an OpenAPI call with an error (or could not be reached). Subclasses name the family of the
/// error so callers can catch what they handle; <see cref="Code"/> carries the cloud's exact code.
/// </summary>
/// <remarks>Neither the message nor <see cref="ToString"/> contains credentials, signatures or tokens.</remarks>
public class CccException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message (already free of secrets).</param>
    /// <param name="code">The cloud's error code, e.g. <c>NotExists.UserId</c>.</param>
    /// <param name="requestId">The <c>RequestId</c> of the failed call, if the service sent one.</param>
    /// <param name="httpStatusCode">The HTTP status (0 when no response arrived).</param>
    /// <param name="action">The OpenAPI action that failed.</param>
    /// <param name="parameters">The <c>Params</c> of the error envelope (values of the message's placeholders).</param>
    /// <param name="innerException">The cause, if any.</param>
    public CccException(
        string message,
        string code,
        string? requestId = null,
        int httpStatusCode = 0,
        string? action = null,
        IReadOnlyList<string>? parameters = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        RequestId = requestId;
        HttpStatusCode = httpStatusCode;
        Action = action;
        Params = parameters ?? [];
    }

    /// <summary>The cloud's error code, e.g. <c>Throttling.User</c>; <c>Unknown</c> when the body carried none.</summary>
    public string Code { get; }

    /// <summary>The <c>RequestId</c> of the call: quote it to Alibaba Cloud support.</summary>
    public string? RequestId { get; }

    /// <summary>The HTTP status code of the response; 0 when no response arrived.</summary>
    public int HttpStatusCode { get; }

    /// <summary>The OpenAPI action that failed, e.g. <c>SignInGroup</c>.</summary>
    public string? Action { get; }

    /// <summary>The envelope's <c>Params</c>: the values of the <c>%s</c> placeholders of the error message.</summary>
    public IReadOnlyList<string> Params { get; }

    /// <summary>
    /// The service's own <c>Message</c> from the error envelope (secrets redacted), without the SDK's framing;
    /// <see langword="null"/> when no envelope arrived. A proxy can hand it on as the cloud sent it.
    /// </summary>
    public string? ServiceMessage { get; internal init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var builder = new StringBuilder(GetType().FullName).Append(": ").Append(Message);
        if (InnerException is not null)
        {
            // Only the type of the cause: transport exceptions can quote URLs, and URLs carry signed query strings.
            builder.Append(" ---> ").Append(InnerException.GetType().FullName);
        }

        if (StackTrace is { } stack)
        {
            builder.AppendLine().Append(stack);
        }

        return builder.ToString();
    }

    internal static string Format(string? action, string code, string? serviceMessage, string? requestId, int httpStatusCode, string? hint = null)
    {
        var builder = new StringBuilder();
        builder.Append(action ?? "The request").Append(" failed: ").Append(code);
        if (!string.IsNullOrWhiteSpace(serviceMessage))
        {
            builder.Append(": ").Append(serviceMessage.Trim());
        }

        if (hint is not null)
        {
            builder.Append(' ').Append(hint);
        }

        builder.Append(" (");
        if (httpStatusCode != 0)
        {
            builder.Append("HTTP ").Append(httpStatusCode).Append(", ");
        }

        builder.Append("RequestId: ").Append(requestId ?? "none").Append(')');
        return builder.ToString();
    }
}

/// <summary>The request was not authenticated: wrong or inactive AccessKey, bad signature, expired timestamp, reused
/// nonce or invalid security token (<c>InvalidAccessKeyId.*</c>, <c>SignatureDoesNotMatch</c>, <c>IncompleteSignature</c>,
/// <c>InvalidTimeStamp.*</c>, <c>SignatureNonceUsed</c>, <c>InvalidSecurityToken.*</c>, HTTP 401).</summary>
public class CccAuthenticationException : CccException
{
    /// <inheritdoc cref="CccException(string, string, string?, int, string?, IReadOnlyList{string}?, Exception?)" />
    public CccAuthenticationException(string message, string code, string? requestId = null, int httpStatusCode = 0, string? action = null, IReadOnlyList<string>? parameters = null, Exception? innerException = null)
        : base(message, code, requestId, httpStatusCode, action, parameters, innerException)
    {
    }
}

/// <summary>The caller is authenticated but not allowed (HTTP 403, <c>Forbidden.RAM</c>, <c>Permission.*</c>,
/// <c>AbnormalService.*</c>). The RAM user must be imported into the CCC instance as a user or administrator.</summary>
public class CccPermissionException : CccException
{
    /// <summary>The hint every permission error carries.</summary>
    public const string Hint = "Check the RAM policy (AliyunCCCFullAccess or an equivalent custom policy) and that the RAM user is imported into the CCC instance as a user or an administrator.";

    /// <inheritdoc cref="CccException(string, string, string?, int, string?, IReadOnlyList{string}?, Exception?)" />
    public CccPermissionException(string message, string code, string? requestId = null, int httpStatusCode = 0, string? action = null, IReadOnlyList<string>? parameters = null, Exception? innerException = null)
        : base(message, code, requestId, httpStatusCode, action, parameters, innerException)
    {
    }
}

/// <summary>Something named in the request does not exist (HTTP 404, <c>NotExists.*</c>, <c>InvalidApi.NotFound</c>).</summary>
public class CccNotFoundException : CccException
{
    /// <inheritdoc cref="CccException(string, string, string?, int, string?, IReadOnlyList{string}?, Exception?)" />
    public CccNotFoundException(string message, string code, string? requestId = null, int httpStatusCode = 0, string? action = null, IReadOnlyList<string>? parameters = null, Exception? innerException = null)
        : base(message, code, requestId, httpStatusCode, action, parameters, innerException)
    {
    }
}

/// <summary>A parameter is missing or invalid (<c>Missing*</c>, <c>Parameter.*</c>, <c>Invalid*</c>, HTTP 400 generally).</summary>
public class CccInvalidParameterException : CccException
{
    /// <inheritdoc cref="CccException(string, string, string?, int, string?, IReadOnlyList{string}?, Exception?)" />
    public CccInvalidParameterException(string message, string code, string? requestId = null, int httpStatusCode = 0, string? action = null, IReadOnlyList<string>? parameters = null, Exception? innerException = null)
        : base(message, code, requestId, httpStatusCode, action, parameters, innerException)
    {
    }
}

/// <summary>What the request creates already exists (HTTP 409, <c>AlreadyExists.*</c>).</summary>
public class CccConflictException : CccException
{
    /// <inheritdoc cref="CccException(string, string, string?, int, string?, IReadOnlyList{string}?, Exception?)" />
    public CccConflictException(string message, string code, string? requestId = null, int httpStatusCode = 0, string? action = null, IReadOnlyList<string>? parameters = null, Exception? innerException = null)
        : base(message, code, requestId, httpStatusCode, action, parameters, innerException)
    {
    }
}

/// <summary>The service throttled the caller (<c>Throttling.*</c>, or a response carrying <c>x-acs-retry-after</c>).
/// The service did not act on the request, so any action may be sent again after <see cref="RetryAfter"/>.</summary>
public class CccThrottlingException : CccException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message (already free of secrets).</param>
    /// <param name="code">The cloud's error code, e.g. <c>Throttling.User</c>.</param>
    /// <param name="requestId">The <c>RequestId</c> of the failed call.</param>
    /// <param name="httpStatusCode">The HTTP status.</param>
    /// <param name="action">The OpenAPI action that failed.</param>
    /// <param name="parameters">The envelope's <c>Params</c>.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <param name="retryAfter">The wait the service asked for (<c>x-acs-retry-after</c>, seconds), if any.</param>
    public CccThrottlingException(string message, string code, string? requestId = null, int httpStatusCode = 0, string? action = null, IReadOnlyList<string>? parameters = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, code, requestId, httpStatusCode, action, parameters, innerException) =>
        RetryAfter = retryAfter;

    /// <summary>How long the service asked the caller to wait, from the <c>x-acs-retry-after</c> header (seconds on the wire).</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>The service failed (HTTP 5xx, <c>InternalService.*</c>), answered with something that is not an OpenAPI
/// envelope (e.g. a proxy's HTML 502), or could not be reached after every retry. For a state-changing action a 5xx means
/// the outcome is unknown: check the state before sending it again.</summary>
public class CccServiceException : CccException
{
    /// <inheritdoc cref="CccException(string, string, string?, int, string?, IReadOnlyList{string}?, Exception?)" />
    public CccServiceException(string message, string code, string? requestId = null, int httpStatusCode = 0, string? action = null, IReadOnlyList<string>? parameters = null, Exception? innerException = null)
        : base(message, code, requestId, httpStatusCode, action, parameters, innerException)
    {
    }
}

/// <summary>
/// A state-changing request (anything but <c>List*</c>/<c>Get*</c>, e.g. <c>SignInGroup</c>, <c>MakeCall</c>) may have
/// reached the service, but its response was lost (connection dropped after sending, timeout). The action may have taken
/// effect, so the SDK does not send it again: read the state first (e.g. <c>ListRealtimeAgentStates</c>,
/// <c>GetLoginDetails</c>, <c>GetUser</c>, the call's CDR) and only then decide to retry.
/// </summary>
public sealed class CccRequestOutcomeUnknownException : CccException
{
    /// <summary>The code of this exception: <c>RequestOutcomeUnknown</c>.</summary>
    public const string OutcomeUnknownCode = "RequestOutcomeUnknown";

    /// <summary>Creates the exception for <paramref name="action"/>.</summary>
    /// <param name="action">The action whose response was lost.</param>
    /// <param name="innerException">The transport failure.</param>
    public CccRequestOutcomeUnknownException(string action, Exception? innerException)
        : base(
            $"{action} may have taken effect: the request was sent but its response was lost ({innerException?.GetType().Name ?? "no response"}). " +
            "It was not retried automatically. Read the current state (e.g. ListRealtimeAgentStates, GetLoginDetails, GetUser or the call detail record) before sending it again.",
            OutcomeUnknownCode,
            requestId: null,
            httpStatusCode: 0,
            action: action,
            parameters: null,
            innerException: innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="action"/> with a message that says how to check the outcome (used for dialling actions).</summary>
    /// <param name="action">The action whose response was lost.</param>
    /// <param name="message">What may have happened and how to find out.</param>
    /// <param name="innerException">The transport failure.</param>
    public CccRequestOutcomeUnknownException(string action, string message, Exception? innerException)
        : base(message, OutcomeUnknownCode, requestId: null, httpStatusCode: 0, action: action, parameters: null, innerException: innerException)
    {
    }
}
