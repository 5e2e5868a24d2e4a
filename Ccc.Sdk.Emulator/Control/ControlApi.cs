using System.Text.Json;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Numbers;
using Ccc.Sdk.Emulator.Records;

namespace Ccc.Sdk.Emulator.Control;

/// <summary>
/// The emulator's control API under <c>/_emulator/</c> (docs/emulator-calls.md). NOT signed and NOT part of the
/// cloud: it arranges simulated phones, agents' auto-answer, inbound calls, call settings, and serves recordings.
/// For local use only (<see cref="Hosting.LocalOnlyGuard"/> refuses other hosts and origins first). Errors are the
/// cloud's envelope <c>{RequestId, Code, HttpStatusCode, Message}</c> with 400, 403, 404, 405, 409 or 415; bad input is
/// never a 500.
/// </summary>
internal sealed partial class ControlApi
{
    private const int MaxBodyBytes = 64 * 1024;
    private readonly EmulatorState _state;

    public ControlApi(EmulatorState state) => _state = state;

    private CallEngine Engine => _state.Engine;

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        Gateway.ApiException error;
        try
        {
            await RouteAsync(context, ct).ConfigureAwait(false);
            return;
        }
        catch (ControlApiException e)
        {
            error = new Gateway.ApiException(e.Status, e.Code, e.Message);
        }
        catch (Gateway.ApiException e)
        {
            // Rules shared with the OpenAPI (e.g. an unknown instance) keep their CCC code.
            error = e;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refused the body (size or framing): the caller's fault, said plainly.
            error = new Gateway.ApiException(400, "BadRequest", e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The body exceeds {MaxBodyBytes} bytes."
                : "The request body could not be read (broken framing).");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return; // The client went away.
        }
#pragma warning disable CA1031 // Last resort: a bug of ours still answers in the envelope, without a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = Gateway.ApiErrors.Internal(e.GetType().Name);
        }

        if (!context.Response.HasStarted)
        {
            await Gateway.Envelope.Error(Gateway.Envelope.NewRequestId(), error, false).WriteAsync(context.Response, ct).ConfigureAwait(false);
        }
    }

    private async Task RouteAsync(HttpContext context, CancellationToken ct)
    {
        RequireJsonContentType(context.Request);
        var method = context.Request.Method;
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        switch (segments)
        {
            // ---- The live dashboard (ControlApi.Dashboard.cs): the page, its files, the queue list, the event stream.
            case []:
                RequireMethod(method, "GET");
                await DashboardPageAsync(context, ct).ConfigureAwait(false);
                return;
            case ["dashboard.js"]:
                RequireMethod(method, "GET");
                await ServeDashboardAssetAsync(context, DashboardScript.Value, "text/javascript; charset=utf-8", ct).ConfigureAwait(false);
                return;
            case ["dashboard.css"]:
                RequireMethod(method, "GET");
                await ServeDashboardAssetAsync(context, DashboardCss.Value, "text/css; charset=utf-8", ct).ConfigureAwait(false);
                return;
            case ["queue"]:
                RequireMethod(method, "GET");
                await ListQueueAsync(context, ct).ConfigureAwait(false);
                return;
            case ["stream"]:
                RequireMethod(method, "GET");
                await StreamAsync(context, ct).ConfigureAwait(false);
                return;
            // ---- End of the dashboard's routes.
            case ["health"]:
                RequireMethod(method, "GET");
                await HealthAsync(context, ct).ConfigureAwait(false);
                return;
            case ["calls"]:
                RequireMethod(method, "GET");
                await ListCallsAsync(context, ct).ConfigureAwait(false);
                return;
            case ["agents"]:
                RequireMethod(method, "GET");
                await ListAgentsAsync(context, ct).ConfigureAwait(false);
                return;
            case ["phones"]:
                RequireMethod(method, "GET");
                await ListPhonesAsync(context, ct).ConfigureAwait(false);
                return;
            case ["subscriptions"]:
                RequireMethod(method, "GET");
                await ListSubscriptionsAsync(context, ct).ConfigureAwait(false);
                return;
            case ["events"]:
                RequireMethod(method, "GET");
                await RecentEventsAsync(context, ct).ConfigureAwait(false);
                return;
            // ---- the ccc tool's emulator commands (ControlApi.Tooling.cs): event types, resend
            case ["event-types"]:
                RequireMethod(method, "GET");
                await EventTypesAsync(context, ct).ConfigureAwait(false);
                return;
            case ["events", var eventId, "resend"]:
                RequireMethod(method, "POST");
                await ResendAsync(context, eventId, ct).ConfigureAwait(false);
                return;
            // ---- end of the ccc tool's block
            case ["phones", var number]:
                await PhonesAsync(context, method, number, ct).ConfigureAwait(false);
                return;
            case ["phones", var number, "answer"]:
                RequireMethod(method, "POST");
                await PhoneActionAsync(context, number, answer: true, ct).ConfigureAwait(false);
                return;
            case ["phones", var number, "hang-up"]:
                RequireMethod(method, "POST");
                await PhoneActionAsync(context, number, answer: false, ct).ConfigureAwait(false);
                return;
            case ["agents", var userId]:
                await AgentsAsync(context, method, userId, ct).ConfigureAwait(false);
                return;
            case ["calls", "inbound"]:
                RequireMethod(method, "POST");
                await InboundAsync(context, ct).ConfigureAwait(false);
                return;
            case ["calls", var contactId]:
                RequireMethod(method, "GET");
                await CallAsync(context, contactId, ct).ConfigureAwait(false);
                return;
            case ["calls", var contactId, "events"]:
                RequireMethod(method, "GET");
                await EventsAsync(context, contactId, ct).ConfigureAwait(false);
                return;
            case ["instances", var instanceId, "call-settings"]:
                await SettingsAsync(context, method, instanceId, ct).ConfigureAwait(false);
                return;
            case ["subscriptions", var instanceId, .. var rest]:
                await SubscriptionsAsync(context, method, instanceId, rest, ct).ConfigureAwait(false);
                return;
            case ["recordings", var file] when file.EndsWith(".wav", StringComparison.Ordinal):
                RequireMethod(method, "GET");
                await RecordingAsync(context, file[..^4], ct).ConfigureAwait(false);
                return;
            default:
                throw ControlApiException.NotFound($"No control endpoint at '{context.Request.PathBase}{context.Request.Path}'.");
        }
    }

    private async Task PhonesAsync(HttpContext context, string method, string number, CancellationToken ct)
    {
        if (!IsPhoneNumber(number))
        {
            throw ControlApiException.BadRequest($"'{number}' is not a phone number (3-20 digits, optionally after '+').");
        }

        if (HttpMethods.IsPut(method))
        {
            using var body = await ReadBodyAsync(context, ct).ConfigureAwait(false);
            Engine.Phones.Set(number, ControlJson.ParsePhone(body.RootElement));
        }
        else if (HttpMethods.IsDelete(method))
        {
            Engine.Phones.Reset(number);
        }
        else
        {
            RequireMethod(method, "GET");
        }

        await WriteAsync(context.Response, 200, w => WritePhone(w, number, includePage: false), ct).ConfigureAwait(false);
    }

    /// <summary>One simulated phone as the control API shows it: its behaviour and the digits it heard (and, in the
    /// list, whether its browser page is open).</summary>
    private void WritePhone(System.Text.Json.Utf8JsonWriter w, string number, bool includePage)
    {
        var behavior = Engine.Phones.Get(number);
        w.WriteStartObject();
        w.WriteString("number", number);
        w.WriteString("behavior", behavior.Behavior);
        w.WriteNumber("answerAfterMs", behavior.AnswerAfterMs);
        if (behavior.HangUpAfterMs is { } h)
        {
            w.WriteNumber("hangUpAfterMs", h);
        }
        else
        {
            w.WriteNull("hangUpAfterMs");
        }

        if (behavior.EarlyMediaAfterMs is { } e)
        {
            w.WriteNumber("earlyMediaAfterMs", e);
        }
        else
        {
            w.WriteNull("earlyMediaAfterMs");
        }

        if (behavior.SurveyDigit is { } digit)
        {
            w.WriteString("surveyDigit", digit);
            w.WriteNumber("surveyAfterMs", behavior.SurveyAfterMs ?? PhoneBehavior.DefaultSurveyAfterMs);
        }
        else
        {
            w.WriteNull("surveyDigit");
        }

        w.WriteString("dtmfReceived", Engine.Phones.DigitsHeard(number));
        if (includePage)
        {
            w.WriteBoolean("pageOpen", Engine.Phones.HasPage(number));
        }

        w.WriteEndObject();
    }

    /// <summary>The simulated phone answers its ringing leg, or hangs up its call in progress; 409 when there is none.</summary>
    private async Task PhoneActionAsync(HttpContext context, string number, bool answer, CancellationToken ct)
    {
        if (!IsPhoneNumber(number))
        {
            throw ControlApiException.BadRequest($"'{number}' is not a phone number (3-20 digits, optionally after '+').");
        }

        Call? call = null;
        CccInstance? instance = null;
        foreach (var candidate in _state.Instances)
        {
            lock (candidate.Gate)
            {
                call = answer ? Engine.AnswerPhone(candidate, number) : Engine.HangUpPhone(candidate, number);
                CallEngine.Drain(candidate);
            }

            if (call is not null)
            {
                instance = candidate;
                break;
            }
        }

        if (call is null || instance is null)
        {
            throw answer
                ? ControlApiException.Conflict("NoRingingCall", $"No call is ringing at {number}.")
                : ControlApiException.Conflict("NoCallInProgress", $"{number} has no call in progress.");
        }

        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("number", number);
            w.WriteString("contactId", call.JobId);
            w.WriteString("instanceId", instance.InstanceId);
            w.WriteEndObject();
        }, ct).ConfigureAwait(false);
    }

    private async Task AgentsAsync(HttpContext context, string method, string userId, CancellationToken ct)
    {
        var instanceId = userId.Contains('@', StringComparison.Ordinal) ? userId[(userId.LastIndexOf('@') + 1)..] : "";
        var instance = _state.Instances.FirstOrDefault(i => i.InstanceId == instanceId)
            ?? throw ControlApiException.NotFound($"User '{userId}' does not exist (expected loginName@instanceId).");
        lock (instance.Gate)
        {
            _ = instance.Users.ContainsKey(userId) ? 0 : throw ControlApiException.NotFound($"User '{userId}' does not exist in instance {instanceId}.");
        }

        if (HttpMethods.IsPut(method))
        {
            using var body = await ReadBodyAsync(context, ct).ConfigureAwait(false);
            Engine.Phones.SetAgent(userId, ControlJson.ParseAgent(body.RootElement));
        }
        else
        {
            RequireMethod(method, "GET");
        }

        var settings = Engine.Phones.GetAgent(userId) ?? new AgentAutoAnswer(false, 0);
        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("userId", userId);
            w.WriteBoolean("autoAnswer", settings.AutoAnswer);
            w.WriteNumber("answerAfterMs", settings.AnswerAfterMs);
            w.WriteEndObject();
        }, ct).ConfigureAwait(false);
    }

    private async Task InboundAsync(HttpContext context, CancellationToken ct)
    {
        using var body = await ReadBodyAsync(context, ct).ConfigureAwait(false);
        var root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ControlApiException.BadRequest("The body must be a JSON object.");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("from" or "to" or "userName" or "skillGroupId" or "instanceId"))
            {
                throw ControlApiException.BadRequest($"Unknown property '{property.Name}'; expected from, to, userName, skillGroupId, instanceId.");
            }
        }

        var from = ControlJson.String(root, "from") ?? throw ControlApiException.BadRequest("'from' (the customer's number) is required.");
        var to = ControlJson.String(root, "to") ?? throw ControlApiException.BadRequest("'to' (an instance number) is required.");
        if (!IsPhoneNumber(from))
        {
            throw ControlApiException.BadRequest($"'from' is not a phone number: '{from}'.");
        }

        var instanceId = ControlJson.String(root, "instanceId");
        var userName = ControlJson.String(root, "userName");
        var skillGroupId = ControlJson.String(root, "skillGroupId");
        var instance = _state.Instances.FirstOrDefault(i => (instanceId is null || i.InstanceId == instanceId) && HasNumber(i, to))
            ?? throw ControlApiException.NotFound($"'{to}' is not a number of {(instanceId is null ? "any instance" : "instance " + instanceId)}.");
        string contactId;
        lock (instance.Gate)
        {
            var number = instance.PhoneNumbers[to];
            if (!number.Active || number.Usage == NumberUsages.Outbound)
            {
                throw ControlApiException.BadRequest($"Number {to} cannot receive calls (usage {number.Usage}, active {number.Active}).");
            }

            Agents.Agent? target = null;
            if (userName is not null)
            {
                var userId = userName.Contains('@', StringComparison.Ordinal) ? userName : userName + "@" + instance.InstanceId;
                target = instance.Users.GetValueOrDefault(userId) ?? throw ControlApiException.NotFound($"User '{userId}' does not exist in instance {instance.InstanceId}.");
            }

            if (skillGroupId is not null && !instance.SkillGroups.ContainsKey(skillGroupId))
            {
                throw ControlApiException.NotFound($"Skill group '{skillGroupId}' does not exist in instance {instance.InstanceId}.");
            }

            var call = Engine.StartInbound(instance, number, from, target, skillGroupId);
            CallEngine.Drain(instance);
            contactId = call.JobId;
        }

        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("contactId", contactId);
            w.WriteString("instanceId", instance.InstanceId);
            w.WriteEndObject();
        }, ct).ConfigureAwait(false);
    }

    private Task EventsAsync(HttpContext context, string contactId, CancellationToken ct) =>
        WriteListedEventsAsync(context.Response, _state.EventLog.ForContactWithIds(contactId), ct);

    private async Task SettingsAsync(HttpContext context, string method, string instanceId, CancellationToken ct)
    {
        var instance = _state.Instances.FirstOrDefault(i => i.InstanceId == instanceId)
            ?? throw ControlApiException.NotFound($"Instance '{instanceId}' does not exist.");
        JsonDocument? body = null;
        if (HttpMethods.IsPut(method))
        {
            body = await ReadBodyAsync(context, ct).ConfigureAwait(false);
        }
        else
        {
            RequireMethod(method, "GET");
        }

        using (body)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            lock (instance.Gate)
            {
                if (body is not null)
                {
                    ControlJson.ApplySettings(instance, body.RootElement);
                }

                using var writer = new Utf8JsonWriter(buffer);
                ControlJson.WriteSettings(writer, instance.Calls.Settings);
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
        }
    }

    private async Task RecordingAsync(HttpContext context, string file, CancellationToken ct)
    {
        var (contactId, channels) = Recordings.ParseFile(file);
        var query = context.Request.Query;
        var instanceId = query["instanceId"].ToString();
        var expires = query["Expires"].ToString();
        var signature = query["Signature"].ToString();
        if (!long.TryParse(expires, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expiresAt)
            || !Recordings.Verify(Engine, instanceId, contactId, expires, signature, channels))
        {
            throw new ControlApiException(403, "Forbidden", "The recording URL's signature is missing or wrong; get a fresh URL from GetMonoRecording or GetMultiChannelRecording.");
        }

        if (_state.NowMilliseconds / 1000 > expiresAt)
        {
            throw new ControlApiException(403, "Expired", "The recording URL has expired; get a fresh one from GetMonoRecording or GetMultiChannelRecording.");
        }

        var instance = _state.GetInstance(instanceId);
        long talkMs;
        lock (instance.Gate)
        {
            talkMs = instance.Calls.Records.Get(contactId)?.TalkMilliseconds ?? throw ControlApiException.NotFound($"No recording for {contactId}.");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "audio/wav";
        context.Response.ContentLength = 44 + Recordings.DataLength(talkMs, channels);
        await Recordings.WriteAsync(context.Response.Body, talkMs, ct, channels).ConfigureAwait(false);
    }

    // ---- helpers

    private static bool HasNumber(CccInstance instance, string number)
    {
        lock (instance.Gate)
        {
            return instance.PhoneNumbers.ContainsKey(number);
        }
    }

    /// <summary>3-20 digits, optionally after '+' (phone numbers of the control API and the phone gateway).</summary>
    internal static bool IsPhoneNumber(string value)
    {
        var digits = value.StartsWith('+') ? value[1..] : value;
        return digits.Length is >= 3 and <= 20 && digits.All(char.IsAsciiDigit);
    }

    private static void RequireMethod(string method, string expected)
    {
        if (!string.Equals(method, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new ControlApiException(405, "MethodNotAllowed", $"Use {expected} here, not {method}.");
        }
    }

    /// <summary>A request carries a body when it says so (a length above zero, or chunked).</summary>
    private static bool HasBody(HttpRequest request) => request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;

    /// <summary>
    /// Refuses (415) a body that is not declared <c>application/json</c> — a browser's cross-site "simple" POST can only
    /// be text/plain or a form, so this also stops pages from driving the control API.
    /// </summary>
    private static void RequireJsonContentType(HttpRequest request)
    {
        if (!HasBody(request))
        {
            return;
        }

        var contentType = request.ContentType ?? "";
        if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !string.Equals(mediaType.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.CharSet is { } charset && !string.Equals(charset.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw Gateway.ApiErrors.UnsupportedMediaType(contentType);
        }
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpContext context, CancellationToken ct)
    {
        RequireJsonContentType(context.Request);
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw ControlApiException.BadRequest($"The body exceeds {MaxBodyBytes} bytes.");
        }

        // Read at most one byte past the limit, so a chunked body cannot grow memory without bound.
        using var buffer = new MemoryStream();
        var chunk = new byte[8 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw ControlApiException.BadRequest($"The body exceeds {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw ControlApiException.BadRequest("A JSON body is required.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            // The reader's message names the line and byte of the fault, never the content.
            throw ControlApiException.BadRequest("The body is not valid JSON: " + e.Message);
        }

        if (!Gateway.JsonText.IsValidText(document.RootElement))
        {
            document.Dispose();
            throw ControlApiException.BadRequest("The body is not valid JSON text: a string holds an escaped lone surrogate (e.g. \\ud800).");
        }

        return document;
    }

    private static async Task WriteAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write, CancellationToken ct)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        await response.Body.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
    }
}
