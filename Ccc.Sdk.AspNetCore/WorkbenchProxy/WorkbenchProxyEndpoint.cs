using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Ccc.Sdk.AspNetCore.OAuth;
using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.AspNetCore.WorkbenchProxy;

/// <summary>
/// One mapped proxy endpoint: checks the caller, pins the agent and forwards the action through <see cref="CccClient.SendAsync"/>.
/// Checks run cheapest first, and nothing is forwarded unless all pass.
/// </summary>
internal sealed class WorkbenchProxyEndpoint : IDisposable
{
    // The cloud's own list actions that take other agents; for a non-supervisor they are scoped to the agent.
    private static readonly Dictionary<string, string> AgentScopedLists = new(StringComparer.Ordinal)
    {
        ["ListRealtimeAgentStates"] = "AgentIdList",
        ["ListHistoricalAgentReport"] = "AgentIdList",
        ["ListAgentStates"] = "AgentIds",
    };

    // The parameters the cloud's SDKs send in the form body rather than the query (docs/reference/api-conventions.md#style-method-and-parameters).
    private static readonly Dictionary<string, string[]> FormParameters = new(StringComparer.Ordinal)
    {
        ["ListRealtimeAgentStates"] = ["AgentIdList", "StateList"],
        ["ListHistoricalAgentReport"] = ["AgentIdList"],
        ["ListRecentCallDetailRecords"] = ["StartTime"],
    };

    // Protocol parameters the client sets itself; sent in `request` they would travel twice or switch the
    // authentication (BearerToken + SignatureType), so they are refused whatever their case.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Action", "Version", "Format", "RegionId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce",
        "SignatureType", "Timestamp", "AccessKeyId", "SecurityToken", "BearerToken", "Product", "Credential", "SignedHeaders",
        "Authorization", "Host",
    };

    // Names the proxy pins or checks: any case of them is read as this spelling.
    private static readonly string[] CanonicalNames = ["UserId", "InstanceId", "AgentId", "AgentIds", "AgentIdList", "JobId"];

    private readonly CccWorkbenchProxyOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly WorkbenchProxyOrigins _origins;
    private readonly HashSet<string> _allowed;
    private readonly HashSet<string> _supervisorAllowed;
    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly ICccAgentResolver _fallbackResolver;
    private readonly UserClientCache<CccClient> _userClients;
    private HttpClient? _userHttp;

    /// <param name="options">The validated options.</param>
    /// <param name="services">The application's services.</param>
    /// <param name="origins">The accepted origins; <see langword="null"/>: <see cref="CccWorkbenchProxyOptions.AllowedOrigins"/>.</param>
    public WorkbenchProxyEndpoint(CccWorkbenchProxyOptions options, IServiceProvider services, WorkbenchProxyOrigins? origins = null)
    {
        _options = options;
        _services = services;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Ccc.Sdk.AspNetCore.WorkbenchProxy");
        _origins = origins ?? new WorkbenchProxyOrigins(options.AllowedOrigins);
        _allowed = new HashSet<string>(options.AllowedActions, StringComparer.Ordinal);
        _supervisorAllowed = new HashSet<string>(_allowed, StringComparer.Ordinal);
        if (options.EnableSupervisorActions)
        {
            _supervisorAllowed.UnionWith(CccWorkbenchProxyOptions.SupervisorActions);
        }

        _fallbackResolver = new ClaimCccAgentResolver(options.UserIdClaimType);
        _userClients = new UserClientCache<CccClient>(CreateUserClient, options.UserClientCacheSize, options.UserClientIdleTimeout,
            services.GetService<TimeProvider>() ?? TimeProvider.System);
        if (options.RateLimitPermitLimit > 0)
        {
            var window = new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.RateLimitPermitLimit,
                Window = options.RateLimitWindow,
                QueueLimit = 0,
            };
            _limiter = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetFixedWindowLimiter(user, _ => window));
        }
    }

    public void Dispose()
    {
        _limiter?.Dispose();
        _userClients.Dispose();
        _userHttp?.Dispose();
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string? action = request.Query[_options.ActionParameterName];
        action = string.IsNullOrWhiteSpace(action) ? null : action.Trim();
        ClaimsPrincipal user = context.User;

        if (user.Identity?.IsAuthenticated != true)
        {
            await RefuseAsync(context, action, null, 401, "Unauthorized", "Sign in to the CRM first.");
            return;
        }

        string origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || !_origins.Contains(origin))
        {
            WorkbenchProxyOriginLog.OriginRefused(_logger, origin.Length == 0 ? "(none)" : Shorten(origin),
                _origins.FromServer ? "the application's own addresses (Development default: AllowedOrigins is empty)" : "AllowedOrigins",
                _origins.Describe() is { Length: > 0 } allowed ? allowed : "none yet");
            await RefuseAsync(context, action, null, 403, "Forbidden.Origin", "The request does not come from an allowed origin.");
            return;
        }

        CccOAuthAccount? account = null;
        if (_options.UseUserIdentity && (account = context.GetCccOAuthAccount(_options.OAuthAccountCookieName)) is null)
        {
            await RefuseAsync(context, action, null, 401, "Unauthorized.CccSignIn", "Sign in to the contact center first.");
            return;
        }

        string userKey = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity?.Name ?? string.Empty;
        using RateLimitLease? lease = _limiter?.AttemptAcquire(userKey);
        if (lease is { IsAcquired: false })
        {
            if (lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter))
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await RefuseAsync(context, action, null, 429, "Throttling.User", "Request was denied due to user flow control.");
            return;
        }

        if (action is null)
        {
            await RefuseAsync(context, null, null, 400, "MissingParameter.Action", $"The query parameter '{_options.ActionParameterName}' is required.");
            return;
        }

        bool supervisor = _options.SupervisorRole is { } role && user.IsInRole(role);
        if (!(supervisor ? _supervisorAllowed : _allowed).Contains(action))
        {
            await RefuseAsync(context, action, null, 403, "Forbidden.Action", "This action is not available through the workbench proxy.");
            return;
        }

        if (request.ContentLength > _options.MaxRequestBodySize)
        {
            await RefuseAsync(context, action, null, 413, "InvalidParameter.BodyTooLarge", $"The request body exceeds {_options.MaxRequestBodySize} bytes.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = _options.MaxRequestBodySize;
        }

        string? json;
        try
        {
            if (_options.ValidateAntiforgeryToken)
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                try
                {
                    await antiforgery.ValidateRequestAsync(context);
                }
                catch (AntiforgeryValidationException)
                {
                    await RefuseAsync(context, action, null, 403, "Forbidden.AntiforgeryToken", "The anti-forgery token is missing or invalid.");
                    return;
                }
            }

            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                json = form["request"];
            }
            else if (request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any())
            {
                json = null;
            }
            else
            {
                await RefuseAsync(context, action, null, 400, "InvalidParameter.ContentType", "Send the parameters as application/x-www-form-urlencoded field 'request'.");
                return;
            }
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == 413)
        {
            await RefuseAsync(context, action, null, 413, "InvalidParameter.BodyTooLarge", $"The request body exceeds {_options.MaxRequestBodySize} bytes.");
            return;
        }
        catch (InvalidDataException)
        {
            // A form limit (FormOptions: field count, key or value length): a malformed request, not an oversized body.
            await RefuseAsync(context, action, null, 400, "InvalidParameter.Form", "The form exceeds the allowed number or length of fields.");
            return;
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
        {
            // A body that does not match its framing or Content-Type (a multipart boundary that never comes, a broken
            // chunk): the caller's mistake, answered like any other malformed form.
            await RefuseAsync(context, action, null, 400, "InvalidParameter.Form", "The body could not be read as the form its Content-Type announces.");
            return;
        }

        List<KeyValuePair<string, string>> parameters;
        try
        {
            parameters = ReadParameters(json);
        }
        catch (JsonException)
        {
            await RefuseAsync(context, action, null, 400, "InvalidParameter.Request", "The form field 'request' must be a JSON object of valid strings.");
            return;
        }
        catch (ReservedParameterException reserved)
        {
            await RefuseAsync(context, action, null, 400, reserved.Code, reserved.Message);
            return;
        }

        // From the request's scope, so a resolver may depend on scoped services (e.g. the CRM's DbContext).
        var resolver = context.RequestServices.GetService<ICccAgentResolver>() ?? _fallbackResolver;
        string? agent = await resolver.ResolveUserIdAsync(user, context.RequestAborted);
        if (string.IsNullOrWhiteSpace(agent) && account is not null)
        {
            agent = account.UserName;
        }

        if (string.IsNullOrWhiteSpace(agent))
        {
            await RefuseAsync(context, action, null, 403, "Forbidden.NoAgent", "The signed-in user is not a contact center agent.");
            return;
        }

        if (!Pin(action, parameters, agent, supervisor))
        {
            await RefuseAsync(context, action, agent, 403, "Forbidden.Impersonation", "The request names another agent.");
            return;
        }

        string instanceId = _options.InstanceId
            ?? _services.GetRequiredService<IOptionsMonitor<CccClientOptions>>().Get(_options.ClientName).InstanceId
            ?? throw new InvalidOperationException("Set CccWorkbenchProxyOptions.InstanceId or the client's CccClientOptions.InstanceId.");
        parameters.RemoveAll(p => p.Key == "InstanceId");

        using var clientLease = account is not null ? _userClients.Rent(account.AccountId) : null;
        var client = clientLease?.Client ?? _services.GetRequiredService<ICccClientFactory>().CreateClient(_options.ClientName);
        try
        {
            if (!await IsOwnCallAsync(client, action, parameters, agent, instanceId, supervisor, context.RequestAborted))
            {
                await RefuseAsync(context, action, agent, 403, "Permission.User", $"The user {agent} is not part of the call {Get(parameters, "JobId")}.");
                return;
            }
        }
        catch (CccCredentialException) when (account is not null)
        {
            await RefuseAsync(context, action, agent, 401, "Unauthorized.CccSignIn", "The contact center sign-in has expired: sign in again.");
            return;
        }
        catch (CccException ex)
        {
            // The call could not be checked: refuse with the cloud's answer rather than forward unchecked.
            int status = ex.HttpStatusCode == 0 ? 502 : ex.HttpStatusCode;
            WorkbenchProxyLog.Failed(_logger, "PollUserStatus", agent, ex.Code, status, ex.RequestId);
            await WriteEnvelopeAsync(context, status, ex.RequestId ?? NewRequestId(), ex.Code, ex.ServiceMessage ?? ex.Message);
            return;
        }

        var api = new ApiRequest(action).With("InstanceId", instanceId);
        FormParameters.TryGetValue(action, out var formNames);
        foreach (var (name, value) in parameters)
        {
            if (formNames is not null && formNames.Contains(name))
            {
                api.WithForm(name, value);
            }
            else
            {
                api.With(name, value);
            }
        }

        try
        {
            var response = await client.SendAsync(api, context.RequestAborted);
            WorkbenchProxyLog.Forwarded(_logger, action, agent, response.HttpStatusCode, response.RequestId);
            context.Response.StatusCode = response.HttpStatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.RawContent ?? "{}", Encoding.UTF8, context.RequestAborted);
        }
        catch (CccCredentialException) when (account is not null)
        {
            // The user's OAuth2 tokens are gone, revoked or expired: they sign in to CCC again.
            await RefuseAsync(context, action, agent, 401, "Unauthorized.CccSignIn", "The contact center sign-in has expired: sign in again.");
        }
        catch (CccException ex)
        {
            // The cloud's error envelope, rebuilt from the exception: its code, its own message and its RequestId.
            int status = ex.HttpStatusCode == 0 ? 502 : ex.HttpStatusCode;
            WorkbenchProxyLog.Failed(_logger, action, agent, ex.Code, status, ex.RequestId);
            await WriteEnvelopeAsync(context, status, ex.RequestId ?? NewRequestId(), ex.Code, ex.ServiceMessage ?? ex.Message);
        }
    }

    /// <summary>The user's own client: their <see cref="OAuthCredential"/> on the named client's endpoint and options.</summary>
    private CccClient CreateUserClient(string accountId)
    {
        var oauth = _services.GetService<CccOAuthApplication>()
            ?? throw new InvalidOperationException("CccWorkbenchProxyOptions.UseUserIdentity needs services.AddCccOAuth(…).");
        var options = _services.GetRequiredService<IOptionsMonitor<CccClientOptions>>().Get(_options.ClientName);
        LazyInitializer.EnsureInitialized(ref _userHttp, () => oauth.Options.HttpClientFactory is PinnedCertificateHttpClientFactory pinned
            ? new HttpClient(pinned.Handler, disposeHandler: false)
            : new HttpClient());
        // The shared HttpClient is not the client's to dispose.
        return new CccClient(oauth.GetCredential(accountId), options, _userHttp, loggerFactory: _services.GetService<ILoggerFactory>());
    }

    /// <summary>
    /// Whether the request's <c>JobId</c> (if any) is a call the agent is on, by the cloud's own <c>PollUserStatus</c>:
    /// its <c>UserContext.JobId</c>, <c>CallContext.JobId</c> or one of <c>UserContext.ParallelJobList</c>. A supervisor's
    /// supervisor action acts on another agent's call by design and is left to the cloud's role check.
    /// </summary>
    /// <exception cref="CccException">PollUserStatus failed.</exception>
    private static async Task<bool> IsOwnCallAsync(CccClient client, string action, List<KeyValuePair<string, string>> parameters,
        string agent, string instanceId, bool supervisor, CancellationToken cancellationToken)
    {
        if (Get(parameters, "JobId") is not { } jobId || (supervisor && CccWorkbenchProxyOptions.SupervisorActions.Contains(action)))
        {
            return true;
        }

        var status = (await client.PollUserStatusAsync(new PollUserStatusRequest { InstanceId = instanceId, UserId = agent }, cancellationToken)).Value;
        return string.Equals(status.UserContext?.JobId, jobId, StringComparison.Ordinal)
            || string.Equals(status.CallContext?.JobId, jobId, StringComparison.Ordinal)
            || status.UserContext?.ParallelJobList?.Any(j => string.Equals(j.JobId, jobId, StringComparison.Ordinal)) == true;
    }

    private static string? Get(List<KeyValuePair<string, string>> parameters, string name) =>
        parameters.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>
    /// Reads the SDK's JSON parameters: names first-letter upper-cased (any case of a pinned name, e.g. <c>USERID</c>, as
    /// its canonical spelling), arrays and objects as JSON text, nulls dropped.
    /// </summary>
    /// <exception cref="JsonException">Not a JSON object, a nameless parameter, or a string that is not valid UTF-16 (a lone surrogate).</exception>
    /// <exception cref="ReservedParameterException">A protocol parameter, or a name given twice (in any case).</exception>
    internal static List<KeyValuePair<string, string>> ReadParameters(string? json)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return parameters;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The request is not a JSON object.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Length == 0)
                {
                    throw new JsonException("A parameter has no name.");
                }

                string name = char.ToUpperInvariant(property.Name[0]) + property.Name[1..];
                if (ReservedNames.Contains(name) || name.StartsWith("x-acs-", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ReservedParameterException("InvalidParameter.Reserved", $"The parameter '{name}' is set by the proxy and may not be sent.");
                }

                name = Array.Find(CanonicalNames, c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase)) ?? name;
                if (!seen.Add(name))
                {
                    throw new ReservedParameterException("InvalidParameter.Duplicate", $"The parameter '{name}' is given more than once.");
                }

                string? value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => property.Value.GetRawText(),
                };
                if (value is not null)
                {
                    parameters.Add(new(name, value));
                }
            }
        }
        catch (InvalidOperationException ex)
        {
            // JsonElement.GetString and the property name refuse escapes that are not valid UTF-16 (e.g. "\ud800").
            throw new JsonException("A string of the request is not valid UTF-16.", ex);
        }

        return parameters;
    }

    /// <summary>
    /// Forces <c>UserId</c> to the agent and scopes agent lists; <see langword="false"/> when the request names another
    /// agent. A blank agent list (<c>""</c>, whitespace, <c>[]</c>) means "no list", never "every agent": it is dropped
    /// and, for a non-supervisor, replaced by the agent. A blank <c>JobId</c> is dropped too (the cloud reads it as absent).
    /// </summary>
    private static bool Pin(string action, List<KeyValuePair<string, string>> parameters, string agent, bool supervisor)
    {
        parameters.RemoveAll(p => (IsAgentParameter(p.Key) && IsBlankList(p.Value)) || (p.Key == "JobId" && string.IsNullOrWhiteSpace(p.Value)));
        foreach (var (name, value) in parameters)
        {
            bool other = name switch
            {
                "UserId" => !string.Equals(value.Trim(), agent, StringComparison.OrdinalIgnoreCase),
                _ when !supervisor && IsAgentParameter(name) => !NamesOnly(value, agent),
                _ => false,
            };
            if (other)
            {
                return false;
            }
        }

        if (!supervisor && !OwnConfigObject(action, parameters, agent))
        {
            return false;
        }

        parameters.RemoveAll(p => p.Key == "UserId");
        parameters.Add(new("UserId", agent));
        if (!supervisor && AgentScopedLists.TryGetValue(action, out var listName) && !parameters.Any(p => p.Key == listName))
        {
            parameters.Add(new(listName, listName == "AgentIdList" ? JsonSerializer.Serialize([agent], WorkbenchProxyJsonContext.Default.StringArray) : agent));
        }

        return true;
    }

    /// <summary>
    /// <c>ListConfigItems</c> reads the configuration of the object it names: with <c>ObjectType</c> <c>USER</c> its
    /// <c>ObjectId</c> is a user, which for an agent may only be the agent itself (another agent's extension and work
    /// mode are not its business). Other object types (the instance's configuration) pass.
    /// </summary>
    private static bool OwnConfigObject(string action, List<KeyValuePair<string, string>> parameters, string agent)
    {
        if (!string.Equals(action, "ListConfigItems", StringComparison.Ordinal)
            || !parameters.Any(p => p.Key.Equals("ObjectType", StringComparison.OrdinalIgnoreCase) && p.Value.Trim().Equals("USER", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return parameters.Where(p => p.Key.Equals("ObjectId", StringComparison.OrdinalIgnoreCase))
            .All(p => string.Equals(p.Value.Trim(), agent, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary><c>AgentId</c>, <c>AgentIds</c>, <c>AgentIdList</c> and any other name starting with <c>AgentId</c>, in any case.</summary>
    private static bool IsAgentParameter(string name) => name.StartsWith("AgentId", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether an agent parameter names nobody: blank, or a JSON array or comma list of blanks only.</summary>
    private static bool IsBlankList(string value)
    {
        string trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                var ids = JsonSerializer.Deserialize(trimmed, WorkbenchProxyJsonContext.Default.StringArray);
                return ids is null || ids.All(string.IsNullOrWhiteSpace);
            }
            catch (JsonException)
            {
                return false; // not a list: NamesOnly refuses it
            }
        }

        return trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Length == 0;
    }

    /// <summary>Whether an agent parameter (one id, comma-separated ids or a JSON array) names only <paramref name="agent"/>.</summary>
    private static bool NamesOnly(string value, string agent)
    {
        IEnumerable<string?> ids;
        string trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                ids = JsonSerializer.Deserialize(trimmed, WorkbenchProxyJsonContext.Default.StringArray) ?? [];
            }
            catch (JsonException)
            {
                return false;
            }
        }
        else
        {
            ids = trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }

        return ids.All(id => string.Equals(id?.Trim(), agent, StringComparison.OrdinalIgnoreCase));
    }

    // A header value in a log line: at most 200 characters, no control characters.
    private static string Shorten(string value)
    {
        var cleaned = new string(value.Select(c => char.IsControl(c) ? '?' : c).Take(200).ToArray());
        return value.Length > 200 ? cleaned + "…" : cleaned;
    }

    private async Task RefuseAsync(HttpContext context, string? action, string? agent, int status, string code, string message)
    {
        string requestId = NewRequestId();
        WorkbenchProxyLog.Refused(_logger, action, agent, code, status, requestId);
        await WriteEnvelopeAsync(context, status, requestId, code, message);
    }

    /// <summary>Writes the cloud's error envelope <c>{RequestId, Code, HttpStatusCode, Message}</c>.</summary>
    private static async Task WriteEnvelopeAsync(HttpContext context, int status, string requestId, string code, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("RequestId", requestId);
            writer.WriteString("Code", code);
            writer.WriteNumber("HttpStatusCode", status);
            writer.WriteString("Message", message);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private static string NewRequestId() => Guid.NewGuid().ToString("D").ToUpperInvariant();
}

/// <summary>Source-generated JSON for the proxy's agent lists.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class WorkbenchProxyJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>A parameter the proxy refuses to forward (a protocol name, or a name given twice); answered with 400 and <see cref="Code"/>.</summary>
internal sealed class ReservedParameterException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
