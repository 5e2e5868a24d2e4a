namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// Every error code the emulator returns, with the cloud's HTTP status and message template
/// (docs/reference/api-conventions.md#errors). Codes marked "emulator choice" are not documented by the cloud; see docs/emulator.md.
/// </summary>
internal static class ApiErrors
{
    // ---- Gateway (all products) ----

    public static ApiException ApiNotFound(string action, string version) =>
        new(404, "InvalidApi.NotFound", $"Specified api is not found, please check your url and method. (Action={action}, Version={version})");

    public static ApiException Missing(string parameterName) =>
        new(400, "Missing" + parameterName, $"{parameterName} is mandatory for this action.");

    /// <summary>Version absent is <c>MissingVersion</c>; a version other than 2020-07-01 is this (emulator choice of code name).</summary>
    public static ApiException InvalidVersion(string version) =>
        new(400, "InvalidVersion", $"Specified parameter Version '{version}' is not valid. This emulator serves CCC version {CccApi.Version} only.");

    public static ApiException AccessKeyNotFound(string accessKeyId) =>
        new(404, "InvalidAccessKeyId.NotFound", $"Specified access key '{accessKeyId}' is not found.");

    public static ApiException TimestampFormat(string name) =>
        new(400, "InvalidTimeStamp.Format", $"Specified time stamp or date value ({name}) is not well formatted; expected yyyy-MM-ddTHH:mm:ssZ (UTC).");

    public static ApiException TimestampExpired(string value, DateTimeOffset now) =>
        new(400, "InvalidTimeStamp.Expired", $"Specified time stamp or date value is expired. Request time {value}, server time {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.");

    public static ApiException NonceUsed(string nonce) =>
        new(400, "SignatureNonceUsed", $"Specified signature nonce '{nonce}' was used already.");

    public static ApiException SignatureDoesNotMatch(string detail) =>
        new(400, "SignatureDoesNotMatch", "Specified signature does not match our calculation. " + detail);

    public static ApiException IncompleteSignature(string detail) =>
        new(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards. " + detail);

    public static ApiException UnsupportedHttpMethod(string method) =>
        new(400, "UnsupportedHTTPMethod", $"Specified http method '{method}' is not supported; use POST (or GET for RPC).");

    public static ApiException InvalidSignatureMethod(string detail) =>
        new(400, "InvalidSignatureMethod", "Specified signature method is not supported. " + detail);

    public static ApiException InvalidParameterFormat(string detail) =>
        new(400, "InvalidParameter.Format", "Specified parameter is not valid. " + detail);

    /// <summary>A parameter value not of its described type (docs/decisions/0007-request-validation.md). The value itself is never echoed.</summary>
    public static ApiException InvalidParameterType(string name, string problem) =>
        new(400, "InvalidParameter.Format", $"Specified parameter {name} is not valid: it {problem}.");

    /// <summary>Emulator's own code (501): the action is in the cloud's description but the emulator does not simulate it.</summary>
    public static ApiException NotSimulated(string action) =>
        new(501, "Emulator.NotSimulated", $"The action {action} of CCC OpenAPI 2020-07-01 is not simulated by the Ccc.Sdk emulator; only the cloud answers it (docs/emulator.md#actions-not-simulated).", [action]);

    /// <summary>Emulator's own code (500): the emulator's answer departs from the cloud's description (docs/decisions/0008-response-conformance.md).</summary>
    public static ApiException NonConformantResponse(string action, string path, string problem) =>
        new(500, "Emulator.NonConformantResponse", $"The emulator's response to {action} does not conform to the cloud's description at {path}: {problem}. This is a bug of the emulator.", [action, path, problem]);

    /// <summary>Emulator choice: the cloud's behaviour for repeated parameter names is not documented.</summary>
    public static ApiException DuplicateParameter(string name) =>
        new(400, "InvalidParameter.Duplicate", $"The parameter {name} is specified more than once.");

    /// <summary>Emulator choice: CCC takes query parameters and form bodies only.</summary>
    public static ApiException UnsupportedContentType(string contentType) =>
        new(400, "InvalidParameter.ContentType", $"Content-Type '{contentType}' is not supported; send parameters in the query or as application/x-www-form-urlencoded.");

    /// <summary>Emulator choice (413): the cloud's body limit and code are not documented.</summary>
    public static ApiException BodyTooLarge(long limitBytes) =>
        new(413, "InvalidParameter.BodyTooLarge", $"The request body exceeds {limitBytes} bytes.");

    public static ApiException SecurityTokenMissing() =>
        new(400, "MissingSecurityToken", "SecurityToken is mandatory for a temporary (STS) access key.");

    public static ApiException SecurityTokenMismatch() =>
        new(400, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken does not match the access key.");

    public static ApiException SecurityTokenExpired() =>
        new(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");

    /// <summary>Emulator choice: the cloud documents no code for a revoked OAuth2 token, so its STS keys answer as expired.</summary>
    public static ApiException SecurityTokenRevoked() =>
        new(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired (the OAuth2 token was revoked).");

    /// <summary>An OAuth2 (STS) token whose scope does not cover the API (docs/reference/api-conventions.md#errors <c>Permission.StsToken</c>).</summary>
    public static ApiException StsTokenPermission(string scope) =>
        new(403, "Permission.StsToken", $"You have no permission to access this API with this STS token: its OAuth2 scope lacks {scope}.", [scope]);

    public static ApiException NonceStoreFull() =>
        new(400, "Throttling.User", "Request was denied due to user flow control (too many distinct nonces within the time window).");

    public static ApiException ApiNotFoundForPath(string path) =>
        new(404, "InvalidApi.NotFound", $"Specified api is not found: RPC style serves path '/' only, not '{path}'.");

    // ---- the emulator's local surface (/_emulator: control API, phone page, phone gateway) ----

    /// <summary>Emulator choice: a Host other than loopback or <c>AllowedHosts</c> (e.g. a DNS-rebound name).</summary>
    public static ApiException ForbiddenHost() =>
        new(403, "Forbidden.Host", "The emulator's control endpoints answer only to loopback host names (127.0.0.1, [::1], localhost) and Emulator:AllowedHosts.");

    /// <summary>Emulator choice: a browser request from a page of another host.</summary>
    public static ApiException ForbiddenOrigin() =>
        new(403, "Forbidden.Origin", "Requests from pages of other origins are refused; only pages served from loopback (or Emulator:AllowedHosts) may call the emulator's control endpoints.");

    /// <summary>Emulator choice: a control-API body that is not JSON.</summary>
    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"Content-Type '{contentType}' is not supported; send the body as application/json.");

    public static ApiException Internal(string detail) =>
        new(500, "InternalService.Common", "An internal service error occurred. " + detail, [detail]);

    // ---- CCC (docs/reference/api-conventions.md#errors) ----

    public static ApiException ParameterBlank(string name) =>
        new(400, "Parameter.Blank", $"The parameter {name} may not be null or blank.", [name]);

    public static ApiException ParameterEnumeration(string name, IEnumerable<string> allowed)
    {
        var list = string.Join(",", allowed);
        return new(400, "Parameter.Enumeration", $"The parameter {name} must be one of the value of enumeration {list}.", [name, list]);
    }

    public static ApiException ParameterFormat(string name, string detail) =>
        new(400, "Parameter.Format", $"The format of parameter {name} is invalid. {detail}", [name, detail]);

    public static ApiException ParameterInvalid(string name, string detail) =>
        new(400, "Parameter.Invalid", $"The parameter {name} is invalid. {detail}.", [name, detail]);

    public static ApiException ParameterMaximum(string name, long maximum) =>
        new(400, "Parameter.Maximum", $"The parameter {name} must be less than or equal to {maximum}.", [name, maximum.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    public static ApiException ParameterMinimum(string name, long minimum) =>
        new(400, "Parameter.Minimum", $"The parameter {name} must be greater than or equal to {minimum}.", [name, minimum.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    public static ApiException InstanceNotFound(string instanceId) =>
        new(404, "NotExists.InstanceId", $"The specified instance {instanceId} does not exist.", [instanceId]);

    public static ApiException UserNotFound(string userId, string instanceId) =>
        new(404, "NotExists.UserId", $"The user {userId} does not exist in instance {instanceId}.", [userId, instanceId]);

    public static ApiException SkillGroupNotFound(string skillGroupId, string instanceId) =>
        new(404, "NotExists.SkillGroupId", $"The skill group {skillGroupId} does not exist in instance {instanceId}.", [skillGroupId, instanceId]);

    public static ApiException SkillGroupAlreadyExists(string skillGroupId) =>
        new(409, "AlreadyExists.SkillGroupId", $"The skill group {skillGroupId} already exists.", [skillGroupId]);

    public static ApiException SkillGroupInUse(string skillGroupId) =>
        new(400, "InUse.SkillGroup", $"Skill group {skillGroupId} is in use now.", [skillGroupId]);

    public static ApiException RoleNotFound(string roleId, string instanceId) =>
        new(404, "NotExists.RoleId", $"The role {roleId} does not exist in instance {instanceId}.", [roleId, instanceId]);

    public static ApiException ExtensionNotFound() =>
        new(404, "NotExists.Extension", "No available extension number exists.");

    public static ApiException UserAlreadyExists(string userId) =>
        new(409, "AlreadyExists.User", $"The user {userId} already exists.", [userId]);

    public static ApiException SkillGroupPermission(string userId, string skillGroupId) =>
        new(403, "Permission.SkillGroup", $"The user {userId} has no permission to access skill group {skillGroupId}.", [userId, skillGroupId]);

    /// <summary>Emulator choice: the cloud's code for an agent action not allowed in the current state is not documented.</summary>
    public static ApiException UserStateNotAllowed(string userId, string state, string action) =>
        new(400, "UserStateNotAllowed", $"The user {userId} in state {state} cannot {action}.", [userId, state, action]);

    // ---- calls (docs/reference/api-conventions.md#errors, with the per-action codes; emulator choices documented in docs/emulator-calls.md) ----

    /// <summary>
    /// 403 <c>Permission.User</c>: the user may not act on this call or as that user. The cloud's exact answer is not
    /// published; the emulator's choice is docs/decisions/0006-call-permissions.md.
    /// </summary>
    public static ApiException PermissionUser(string message, params string[] messageParams) =>
        new(403, "Permission.User", message, messageParams);

    public static ApiException JobNotFound(string jobId) =>
        new(404, "NotExists.JobId", $"The call {jobId} does not exist.", [jobId]);

    public static ApiException ChannelNotFound(string channelId, string jobId) =>
        new(404, "NotExists.ChannelId", $"The specified channel {channelId} does not exist in call {jobId}.", [channelId, jobId]);

    public static ApiException UserBusy(string userId) =>
        new(400, "UserBusy", $"The user {userId} you called was busy. Please try again later.", [userId]);

    public static ApiException NumberNotFound(string number, string instanceId) =>
        new(404, "NotExists.Number", $"The number {number} does not exist in instance {instanceId}.", [number, instanceId]);

    /// <summary>No outbound-capable number is available to the agent (none bound, or all at their concurrency limit).</summary>
    public static ApiException NoOutboundNumber(string userId) =>
        new(404, "NotExists.Number", $"No outbound number is available to user {userId}.", [userId]);

    /// <summary>Rule N2: inbound-only (400) numbers cannot place calls.</summary>
    public static ApiException NumberInboundOnly(string parameter, string number) =>
        ParameterInvalid(parameter, $"Number {number} is inbound-only and cannot place calls (rule N2)");

    /// <summary>Emulator choice (rule O2): the carrier blocks a caller that calls the same callee too often in a day.</summary>
    public static ApiException CallRestrictedFrequency(string caller, string callee, int limit) =>
        new(400, "CallRestricted.Frequency", $"Call restricted: {caller} has called {callee} {limit} times today; the carrier blocks further calls until tomorrow.", [caller, callee, limit.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Emulator choice (rule R6): the callee is on the instance's outbound blacklist.</summary>
    public static ApiException CallRestrictedBlacklist(string callee) =>
        new(400, "CallRestricted.Blacklist", $"Call restricted: {callee} is on the outbound blacklist.", [callee]);

    /// <summary>Emulator choice (rule N3): every usable number is at its outbound concurrency limit.</summary>
    public static ApiException CallRestrictedConcurrency(string number, int limit) =>
        new(400, "CallRestricted.Concurrency", $"Call restricted: number {number} already carries {limit} outbound calls.", [number, limit.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Emulator choice: a call-control action on a channel in the wrong state (e.g. retrieve a channel not held).</summary>
    public static ApiException ChannelStateNotAllowed(string channelId, string state, string action) =>
        new(400, "ChannelStateNotAllowed", $"The channel {channelId} in state {state} cannot {action}.", [channelId, state, action]);

    /// <summary>Emulator choice: the contact never connected, so there is no recording.</summary>
    public static ApiException RecordingNotFound(string contactId) =>
        new(404, "NotExists.Recording", $"The call {contactId} has no recording.", [contactId]);
}
