using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator.Description;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Signing;
using Microsoft.AspNetCore.Http.Features;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// The OpenAPI front door: one terminal handler for every request. Order: method and path, body size, parameter
/// parsing (query + form body), signature (<see cref="RequestAuthenticator"/>), version, action (in the cloud's
/// description, else 404), its parameters against the description (<see cref="RequestValidation"/>), not simulated
/// (501), then the action's handler; last, the answer is checked against the description's response model
/// (<see cref="SchemaConformance"/>). Every outcome is one <see cref="Envelope"/> with a fresh RequestId;
/// bad input is refused with a 4xx before it can reach the 500 catch-all.
/// </summary>
internal sealed class OpenApiGateway
{
    private const string FormContentType = "application/x-www-form-urlencoded";
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly ActionRegistry _actions;
    private readonly RequestAuthenticator _authenticator;
    private readonly EmulatorState _state;
    private readonly long _maxBodyBytes;
    private readonly bool _validateResponses;
    private readonly ApiDescription _description = ApiDescription.Default;
    private readonly ILogger<OpenApiGateway> _logger;
    private readonly ILogger _api;

    public OpenApiGateway(ActionRegistry actions, RequestAuthenticator authenticator, EmulatorState state, long maxBodyBytes, bool validateResponses, ILogger<OpenApiGateway> logger, ILogger? apiLog = null)
    {
        _api = apiLog ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _validateResponses = validateResponses;
        _actions = actions;
        _authenticator = authenticator;
        _state = state;
        _maxBodyBytes = maxBodyBytes;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Envelope.NewRequestId();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ct = context.RequestAborted;
        string? actionName = null;
        ApiAction? model = null;
        var caller = new CallerInfo();
        Envelope envelope;
        try
        {
            var data = await ProcessAsync(context, caller, (name, described) => (actionName, model) = (name, described), ct).ConfigureAwait(false);
            envelope = Envelope.Success(requestId, data, model);
        }
        catch (ApiException e)
        {
            envelope = Envelope.Error(requestId, e, model);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refused the body framing (e.g. broken chunked encoding): the client's fault, not ours.
            var error = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiErrors.BodyTooLarge(_maxBodyBytes)
                : ApiErrors.InvalidParameterFormat("The request body could not be read: " + e.Message);
            envelope = Envelope.Error(requestId, error, model);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return; // The client went away; nobody to answer.
        }
#pragma warning disable CA1031 // The catch-all is the point: no request may crash the emulator or leak a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "Request {RequestId} failed unexpectedly", requestId);
            envelope = Envelope.Error(requestId, ApiErrors.Internal(e.GetType().Name), model);
        }

        if (context.Response.HasStarted)
        {
            return;
        }

        var (status, body) = Serialise(envelope, actionName, model);
        await Envelope.WriteAsync(context.Response, status, requestId, body, ct).ConfigureAwait(false);
        LogCall(caller, actionName, status, body, started);
    }

    /// <summary>
    /// The one line per action (category <see cref="Hosting.EmulatorLog.ApiCategory"/>): action, AccessKeyId, result
    /// code, HTTP status, milliseconds. Only the key id of the caller is written, never a secret, signature or token.
    /// </summary>
    private void LogCall(CallerInfo caller, string? actionName, int status, byte[] body, long started)
    {
        if (!_api.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var code = "-";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("Code", out var c) && c.ValueKind == JsonValueKind.String)
            {
                code = c.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Every envelope is JSON; a line without the code is still a line.
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
#pragma warning disable CA1848, CA1873 // One line per request; the check above already skips the work when off.
        _api.LogInformation(
            "{Action} key={AccessKeyId} {Code} {HttpStatus} {ElapsedMs:0} ms",
            Hosting.EmulatorLog.Clean(actionName ?? caller.Action), Hosting.EmulatorLog.Clean(caller.AccessKeyId), Hosting.EmulatorLog.Clean(code), status, elapsed);
#pragma warning restore CA1848, CA1873
    }

    /// <summary>The key id of a V3 <c>Authorization: ACS3-HMAC-SHA256 Credential=KEYID,…</c> header (never the signature).</summary>
    private static string? CredentialOf(string? authorization)
    {
        const string Marker = "Credential=";
        var at = authorization?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }

        var rest = authorization![(at + Marker.Length)..];
        var end = rest.IndexOfAny([',', ' ']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>Who called and for what, as far as the request got (for the log line).</summary>
    private sealed class CallerInfo
    {
        public string? Action { get; set; }

        public string? AccessKeyId { get; set; }
    }

    /// <summary>
    /// Serialises the envelope once and, when response validation is on, checks those bytes against the action's
    /// response model (docs/decisions/0008-response-conformance.md). A departure replaces the answer with
    /// <c>Emulator.NonConformantResponse</c> (500) and is logged as an error.
    /// </summary>
    private (int Status, byte[] Body) Serialise(Envelope envelope, string? actionName, ApiAction? model)
    {
        byte[] body;
        try
        {
            body = envelope.ToUtf8Json();
        }
#pragma warning disable CA1031 // A Data type the serializer cannot write is the emulator's bug: answer 500, never crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "Request {RequestId}: the response to {Action} could not be serialised", envelope.RequestId, actionName);
            var failed = Envelope.Error(envelope.RequestId, ApiErrors.Internal(e.GetType().Name), model);
            return (failed.HttpStatusCode, failed.ToUtf8Json());
        }

        if (!_validateResponses || model is null)
        {
            return (envelope.HttpStatusCode, body);
        }

        using var document = JsonDocument.Parse(body);
        var schema = envelope.Code == CccApi.Ok ? model.Response : ErrorEnvelopeSchema(model);
        if (SchemaConformance.Check(document.RootElement, schema, "", refuseExtraProperties: true) is not { } violation)
        {
            return (envelope.HttpStatusCode, body);
        }

        _logger.LogError(
            "Request {RequestId}: the response to {Action} (code {Code}) does not conform to the cloud's description at {Path}: {Problem}",
            envelope.RequestId, actionName, envelope.Code, violation.Path, violation.Problem);
        var refusal = Envelope.Error(envelope.RequestId, ApiErrors.NonConformantResponse(actionName ?? model.Name, violation.Path, violation.Problem), model);
        return (refusal.HttpStatusCode, refusal.ToUtf8Json());
    }

    /// <summary>
    /// The schema an error envelope is checked against: the action's model plus the fields every gateway error carries
    /// (RequestId, Code, Message, HttpStatusCode), which one model (GetCampaign's, without Message) lacks.
    /// </summary>
    private static ApiSchema ErrorEnvelopeSchema(ApiAction model)
    {
        var properties = model.Response.Properties ?? new Dictionary<string, ApiSchema>();
        if (ErrorEnvelopeFields.All(f => properties.ContainsKey(f.Key)))
        {
            return model.Response;
        }

        var merged = new Dictionary<string, ApiSchema>(properties, StringComparer.Ordinal);
        foreach (var (name, schema) in ErrorEnvelopeFields)
        {
            merged.TryAdd(name, schema);
        }

        return model.Response with { Properties = merged };
    }

    private static readonly KeyValuePair<string, ApiSchema>[] ErrorEnvelopeFields =
    [
        new("RequestId", new ApiSchema(SchemaType.String, null, null)),
        new("Code", new ApiSchema(SchemaType.String, null, null)),
        new("Message", new ApiSchema(SchemaType.String, null, null)),
        new("HttpStatusCode", new ApiSchema(SchemaType.Integer, null, null)),
    ];

    private async Task<object> ProcessAsync(HttpContext context, CallerInfo caller, Action<string, ApiAction> onActionKnown, CancellationToken ct)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsGet(request.Method))
        {
            throw ApiErrors.UnsupportedHttpMethod(request.Method);
        }

        if (request.Path.HasValue && request.Path.Value != "/")
        {
            throw ApiErrors.ApiNotFoundForPath(request.Path.Value);
        }

        var body = await ReadBodyAsync(context, ct).ConfigureAwait(false);
        var parameters = ParseParameters(request, body);
        // Before the signature is checked, the claimed names (a refused request still gets its line).
        caller.Action = parameters["Action"] ?? request.Headers["x-acs-action"].FirstOrDefault();
        caller.AccessKeyId = parameters["AccessKeyId"] ?? CredentialOf(request.Headers.Authorization.FirstOrDefault());
        var call = _authenticator.Authenticate(request, parameters, body);
        caller.Action = call.Action ?? caller.Action;
        caller.AccessKeyId = call.Credential.AccessKeyId;

        if (string.IsNullOrEmpty(call.Version))
        {
            throw ApiErrors.Missing("Version");
        }

        if (call.Version != CccApi.Version)
        {
            throw ApiErrors.InvalidVersion(call.Version);
        }

        if (string.IsNullOrEmpty(call.Action))
        {
            throw ApiErrors.Missing("Action");
        }

        var simulated = _actions.TryGet(call.Action, out var action);
        var model = (simulated ? action.Description : null) ?? _description.Actions.GetValueOrDefault(call.Action)
            ?? throw ApiErrors.ApiNotFound(call.Action, call.Version);
        onActionKnown(call.Action, model);
        RequestValidation.Check(model, parameters);
        if (!simulated)
        {
            throw ApiErrors.NotSimulated(call.Action);
        }

        var actionContext = new ActionContext
        {
            Parameters = parameters,
            Caller = call.Credential,
            State = _state,
            PublicHost = request.Host.HasValue ? request.Host.Value : "127.0.0.1",
            Model = model,
        };
        Calls.CallPermissions.RequireActingAsCaller(actionContext);
        return await action.Handler(actionContext, ct).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadBodyAsync(HttpContext context, CancellationToken ct)
    {
        var request = context.Request;
        if (request.ContentLength > _maxBodyBytes)
        {
            throw ApiErrors.BodyTooLarge(_maxBodyBytes);
        }

        // Our own limit replaces Kestrel's so that an oversized body gets an envelope, not a bare 413.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _maxBodyBytes)
            {
                throw ApiErrors.BodyTooLarge(_maxBodyBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static RequestParameters ParseParameters(HttpRequest request, byte[] body)
    {
        var parameters = new RequestParameters();
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        foreach (var (name, value) in UrlEncodedParser.Parse(query))
        {
            parameters.Add(name, value, ParameterSource.Query);
        }

        if (body.Length == 0)
        {
            return parameters;
        }

        var contentType = request.ContentType ?? "";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !string.Equals(mediaType.MediaType, FormContentType, StringComparison.OrdinalIgnoreCase)
            || (mediaType.CharSet is { } charset && !string.Equals(charset.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw ApiErrors.UnsupportedContentType(contentType);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw ApiErrors.InvalidParameterFormat("The form body is not valid UTF-8.");
        }

        foreach (var (name, value) in UrlEncodedParser.Parse(text))
        {
            parameters.Add(name, value, ParameterSource.Form);
        }

        return parameters;
    }
}
