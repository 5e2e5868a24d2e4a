using System.Text.RegularExpressions;

namespace Ccc.Sdk;

/// <summary>Maps an error response to the exception of its family — the one place that knows the code families.</summary>
internal static partial class CccErrorFactory
{
    public static CccException FromEnvelope(string action, int httpStatus, CccEnvelope envelope, TimeSpan? retryAfter)
    {
        string code = string.IsNullOrWhiteSpace(envelope.Code) ? (httpStatus is >= 200 and < 300 ? "Unknown" : $"Http{httpStatus}") : envelope.Code.Trim();
        int status = httpStatus != 0 ? httpStatus : envelope.HttpStatusCode ?? 0;
        return Create(action, status, code, Redact(envelope.Message), envelope.RequestId, envelope.Params, retryAfter, fromEnvelope: true);
    }

    /// <summary>An error body that is not an OpenAPI envelope (empty, HTML from a proxy, truncated JSON).</summary>
    public static CccException FromNonJson(string action, int httpStatus, string? contentType, string body, TimeSpan? retryAfter, string? requestId)
    {
        string snippet = Redact(StripMarkup(body));
        if (snippet.Length > 200)
        {
            snippet = snippet[..200] + "…";
        }

        string what = body.Length == 0 ? "an empty body" : $"a body that is not OpenAPI JSON ({contentType ?? "no content type"}, {body.Length} characters): {snippet}";
        string message = $"The service answered HTTP {httpStatus} with {what}";
        string code = $"Http{httpStatus}";
        if (httpStatus is >= 200 and < 300)
        {
            return new CccServiceException(CccException.Format(action, "InvalidResponse", message, requestId, httpStatus), "InvalidResponse", requestId, httpStatus, action);
        }

        return Create(action, httpStatus, code, message, requestId, null, retryAfter);
    }

    public static CccException Create(string action, int status, string code, string? message, string? requestId, IReadOnlyList<string>? parameters, TimeSpan? retryAfter, bool fromEnvelope = false)
    {
        if (code.StartsWith("Throttling", StringComparison.OrdinalIgnoreCase) || retryAfter is not null || status == 429)
        {
            return new CccThrottlingException(CccException.Format(action, code, message, requestId, status), code, requestId, status, action, parameters, retryAfter) { ServiceMessage = fromEnvelope ? message : null };
        }

        if (IsAuthentication(code) || status == 401)
        {
            return new CccAuthenticationException(CccException.Format(action, code, message, requestId, status), code, requestId, status, action, parameters) { ServiceMessage = fromEnvelope ? message : null };
        }

        if (code.StartsWith("Forbidden", StringComparison.Ordinal) || code.StartsWith("Permission.", StringComparison.Ordinal) || status == 403)
        {
            return new CccPermissionException(CccException.Format(action, code, message, requestId, status, CccPermissionException.Hint), code, requestId, status, action, parameters) { ServiceMessage = fromEnvelope ? message : null };
        }

        if (code.StartsWith("NotExists.", StringComparison.Ordinal) || code == "InvalidApi.NotFound" || (status == 404 && !code.StartsWith("Invalid", StringComparison.Ordinal)))
        {
            return new CccNotFoundException(CccException.Format(action, code, message, requestId, status), code, requestId, status, action, parameters) { ServiceMessage = fromEnvelope ? message : null };
        }

        if (code.StartsWith("AlreadyExists.", StringComparison.Ordinal) || status == 409)
        {
            return new CccConflictException(CccException.Format(action, code, message, requestId, status), code, requestId, status, action, parameters) { ServiceMessage = fromEnvelope ? message : null };
        }

        if (status >= 500 || code.StartsWith("InternalService", StringComparison.Ordinal) || code.StartsWith("ServiceUnavailable", StringComparison.Ordinal))
        {
            return new CccServiceException(CccException.Format(action, code, message, requestId, status), code, requestId, status, action, parameters) { ServiceMessage = fromEnvelope ? message : null };
        }

        if (code.StartsWith("Missing", StringComparison.Ordinal) || code.StartsWith("Parameter.", StringComparison.Ordinal)
            || code.StartsWith("Invalid", StringComparison.Ordinal) || status == 400 || status == 404)
        {
            return new CccInvalidParameterException(CccException.Format(action, code, message, requestId, status), code, requestId, status, action, parameters) { ServiceMessage = fromEnvelope ? message : null };
        }

        return new CccException(CccException.Format(action, code, message, requestId, status), code, requestId, status, action, parameters) { ServiceMessage = fromEnvelope ? message : null };
    }

    private static bool IsAuthentication(string code) =>
        code.StartsWith("InvalidAccessKeyId", StringComparison.Ordinal)
        || code.StartsWith("InvalidTimeStamp", StringComparison.Ordinal)
        || code.StartsWith("InvalidSecurityToken", StringComparison.Ordinal)
        || code.StartsWith("InvalidBearerToken", StringComparison.Ordinal)
        || code is "SignatureDoesNotMatch" or "IncompleteSignature" or "SignatureNonceUsed" or "InvalidSignatureMethod"
            or "InvalidAccessKeySecret" or "MissingSecurityToken";

    /// <summary>
    /// Removes what an error message may echo that must not reach logs: the gateway's "string to sign" (which
    /// quotes the AccessKeyId, nonce and every parameter), signatures and tokens.
    /// </summary>
    internal static string Redact(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        int cut = message.IndexOf("string to sign", StringComparison.OrdinalIgnoreCase);
        if (cut >= 0)
        {
            message = message[..cut].TrimEnd(' ', '.', ':', ',') + " [string to sign redacted]";
        }

        return SecretPattern().Replace(message, m => m.Groups[1].Value + "[redacted]");
    }

    private static string StripMarkup(string body) => WhitespacePattern().Replace(TagPattern().Replace(body, " "), " ").Trim();

    [GeneratedRegex(@"((?:Signature|SecurityToken|BearerToken|AccessKeySecret|Credential|Authorization|x-acs-security-token|x-acs-bearer-token)\s*[=:]\s*)[^\s&,;""]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPattern();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
