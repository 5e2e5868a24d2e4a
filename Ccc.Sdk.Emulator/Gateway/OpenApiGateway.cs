using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Signing;
using Microsoft.AspNetCore.Http.Features;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// The OpenAPI front door: one terminal handler for every request. Order: method and path, body size, parameter
/// parsing (query + form body), signature (<see cref="RequestAuthenticator"/>), version, action, declared
/// parameters, then the action's handler. Every outcome is one <see cref="Envelope"/> with a fresh RequestId;
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
    private readonly ILogger<OpenApiGateway> _logger;

    public OpenApiGateway(ActionRegistry actions, RequestAuthenticator authenticator, EmulatorState state, long maxBodyBytes, ILogger<OpenApiGateway> logger)
    {
        _actions = actions;
        _authenticator = authenticator;
        _state = state;
        _maxBodyBytes = maxBodyBytes;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Envelope.NewRequestId();
        var ct = context.RequestAborted;
        ActionDefinition? action = null;
        Envelope envelope;
        try
        {
            var (definition, data) = await ProcessAsync(context, a => action = a, ct).ConfigureAwait(false);
            envelope = Envelope.Success(requestId, data, definition.HasParams);
        }
        catch (ApiException e)
        {
            envelope = Envelope.Error(requestId, e, action?.HasParams ?? false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refused the body framing (e.g. broken chunked encoding): the client's fault, not ours.
            var error = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiErrors.BodyTooLarge(_maxBodyBytes)
                : ApiErrors.InvalidParameterFormat("The request body could not be read: " + e.Message);
            envelope = Envelope.Error(requestId, error, false);
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
            envelope = Envelope.Error(requestId, ApiErrors.Internal(e.GetType().Name), action?.HasParams ?? false);
        }

        if (!context.Response.HasStarted)
        {
            await envelope.WriteAsync(context.Response, ct).ConfigureAwait(false);
        }
    }

    private async Task<(ActionDefinition Action, object Data)> ProcessAsync(HttpContext context, Action<ActionDefinition> onActionKnown, CancellationToken ct)
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
        var call = _authenticator.Authenticate(request, parameters, body);

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

        if (!_actions.TryGet(call.Action, out var action))
        {
            throw ApiErrors.ApiNotFound(call.Action, call.Version);
        }

        onActionKnown(action);
        CheckDeclaredParameters(action, parameters);
        var actionContext = new ActionContext
        {
            Parameters = parameters,
            Caller = call.Credential,
            State = _state,
            PublicHost = request.Host.HasValue ? request.Host.Value : "127.0.0.1",
        };
        Calls.CallPermissions.RequireActingAsCaller(actionContext);
        var data = await action.Handler(actionContext, ct).ConfigureAwait(false);
        return (action, data);
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

    private static void CheckDeclaredParameters(ActionDefinition action, RequestParameters parameters)
    {
        foreach (var declared in action.Parameters)
        {
            var value = parameters[declared.Name];
            if (string.IsNullOrEmpty(value))
            {
                if (declared.IsRequired)
                {
                    throw ApiErrors.Missing(declared.Name);
                }

                continue;
            }

            var ok = declared.Kind switch
            {
                ParameterKind.Integer => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                ParameterKind.Long => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                ParameterKind.Boolean => bool.TryParse(value, out _),
                _ => true,
            };
            if (!ok)
            {
                throw ApiErrors.InvalidParameterFormat($"The parameter {declared.Name} must be of type {declared.Kind}; '{value}' is not.");
            }
        }
    }
}
