using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Control;

/// <summary>
/// Seeing into the emulator (docs/emulator.md#seeing-into-the-emulator): <c>GET /_emulator/health</c> and the read-only
/// lists <c>calls</c>, <c>calls/{contactId}</c>, <c>agents</c>, <c>phones</c>, <c>subscriptions</c> (never a secret)
/// and <c>events?limit=N</c>. Lists are JSON arrays in camelCase, like the rest of the control API; an unknown
/// instance or contact is 404, an unknown or malformed query parameter 400.
/// </summary>
internal sealed partial class ControlApi
{
    private const int DefaultEventLimit = 100;
    private const int MaxEventLimit = 1000;
    private static readonly string Version = typeof(ControlApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ControlApi).Assembly.GetName().Version?.ToString() ?? "0";

    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    private async Task HealthAsync(HttpContext context, CancellationToken ct)
    {
        RequireQuery(context.Request);
        var uptime = System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalSeconds;
        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "ok");
            w.WriteString("version", Version);
            w.WriteString("apiVersion", Gateway.CccApi.Version);
            w.WriteNumber("uptimeSeconds", Math.Floor(uptime));
            w.WriteString("time", Events.EventPayload.IsoTime(_state.NowMilliseconds));
            w.WriteStartArray("instances");
            foreach (var instance in SortedInstances())
            {
                lock (instance.Gate)
                {
                    w.WriteStartObject();
                    w.WriteString("instanceId", instance.InstanceId);
                    w.WriteNumber("agents", instance.Users.Count);
                    w.WriteNumber("callsInProgress", instance.Calls.Active.Count);
                    w.WriteNumber("callsQueued", instance.Calls.Queue.Count);
                    w.WriteBoolean("subscribed", _state.Events.Find(instance.InstanceId) is not null);
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }, ct).ConfigureAwait(false);
    }

    private async Task ListCallsAsync(HttpContext context, CancellationToken ct)
    {
        var instances = InstancesOf(context.Request);
        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartArray();
            foreach (var instance in instances)
            {
                lock (instance.Gate)
                {
                    foreach (var call in instance.Calls.Active.Values.OrderBy(c => c.StartTime).ThenBy(c => c.JobId, StringComparer.Ordinal))
                    {
                        WriteCall(w, call);
                    }
                }
            }

            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
    }

    private async Task CallAsync(HttpContext context, string contactId, CancellationToken ct)
    {
        RequireQuery(context.Request);
        foreach (var instance in SortedInstances())
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            lock (instance.Gate)
            {
                if (!instance.Calls.Active.TryGetValue(contactId, out var call))
                {
                    continue;
                }

                using var writer = new Utf8JsonWriter(buffer);
                WriteCall(writer, call);
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
            return;
        }

        throw ControlApiException.NotFound($"No call '{contactId}' is in progress (ended calls: GET /_emulator/calls/{contactId}/events, or the CDR).");
    }

    private async Task ListAgentsAsync(HttpContext context, CancellationToken ct)
    {
        var instances = InstancesOf(context.Request);
        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartArray();
            foreach (var instance in instances)
            {
                lock (instance.Gate)
                {
                    foreach (var agent in instance.Users.Values.OrderBy(a => a.UserId, StringComparer.Ordinal))
                    {
                        var auto = Engine.Phones.GetAgent(agent.UserId) ?? new AgentAutoAnswer(false, 0);
                        w.WriteStartObject();
                        w.WriteString("userId", agent.UserId);
                        w.WriteString("instanceId", instance.InstanceId);
                        w.WriteString("loginName", agent.LoginName);
                        w.WriteString("displayName", agent.DisplayName);
                        w.WriteString("extension", agent.Extension);
                        w.WriteString("state", agent.UserState);
                        w.WriteString("stateTime", Events.EventPayload.IsoTime(agent.StateTime));
                        w.WriteString("breakCode", agent.BreakCode);
                        w.WriteString("workMode", agent.WorkMode);
                        w.WriteString("deviceState", agent.DeviceState);
                        w.WriteBoolean("autoAnswer", auto.AutoAnswer);
                        w.WriteNumber("answerAfterMs", auto.AnswerAfterMs);
                        w.WriteEndObject();
                    }
                }
            }

            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
    }

    private async Task ListPhonesAsync(HttpContext context, CancellationToken ct)
    {
        RequireQuery(context.Request);
        var numbers = Engine.Phones.KnownNumbers();
        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartArray();
            foreach (var number in numbers)
            {
                WritePhone(w, number, includePage: true);
            }

            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Every subscription with its counters; never a secret or the password (those: per instance).</summary>
    private async Task ListSubscriptionsAsync(HttpContext context, CancellationToken ct)
    {
        RequireQuery(context.Request);
        var snapshots = _state.Events.All().Select(d => d.Snapshot()).ToList();
        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartArray();
            foreach (var s in snapshots)
            {
                w.WriteStartObject();
                w.WriteString("instanceId", s.Subscription.InstanceId);
                w.WriteString("accessPoint", WithoutCredentials(s.Subscription.AccessPoint));
                w.WriteBoolean("isWebhook", s.Subscription.IsWebhook);
                ControlJson.WriteArray(w, "eventTypes", s.Subscription.EnabledTypes.Order(StringComparer.Ordinal));
                w.WriteNumber("activeSecrets", s.Secrets.Count);
                WriteCounters(w, s);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
    }

    private async Task RecentEventsAsync(HttpContext context, CancellationToken ct)
    {
        var query = context.Request.Query;
        RequireQuery(context.Request, "limit", "instanceId");
        var limit = DefaultEventLimit;
        if (query.TryGetValue("limit", out var text)
            && (text.Count != 1 || !int.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxEventLimit))
        {
            throw ControlApiException.BadRequest($"'limit' must be a whole number from 1 to {MaxEventLimit}, not '{text}'.");
        }

        var instanceId = query.ContainsKey("instanceId") ? InstancesOf(context.Request, "limit")[0].InstanceId : null;
        var events = _state.EventLog.AllWithIds().Where(e => instanceId is null || e.Event.InstanceId == instanceId).TakeLast(limit).ToList();
        await WriteListedEventsAsync(context.Response, events, ct).ConfigureAwait(false);
    }

    /// <summary>Caller holds the instance lock.</summary>
    private static void WriteCall(Utf8JsonWriter w, Call call)
    {
        w.WriteStartObject();
        w.WriteString("contactId", call.JobId);
        w.WriteString("instanceId", call.Instance.InstanceId);
        w.WriteString("contactType", call.ContactType);
        w.WriteString("callType", call.CallType);
        w.WriteString("phase", call.Phase.ToString());
        w.WriteString("callingNumber", call.CallingNumber);
        w.WriteString("calledNumber", call.CalledNumber);
        w.WriteString("skillGroupId", call.SkillGroupId);
        ControlJson.WriteArray(w, "agentIds", call.AgentIds);
        w.WriteString("startTime", Events.EventPayload.IsoTime(call.StartTime));
        w.WriteStartArray("channels");
        foreach (var channel in call.Channels)
        {
            w.WriteStartObject();
            w.WriteString("channelId", channel.ChannelId);
            w.WriteString("state", channel.State);
            w.WriteString("userId", channel.UserId);
            w.WriteString("originator", channel.Originator);
            w.WriteString("destination", channel.Destination);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private List<CccInstance> SortedInstances() => _state.Instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();

    /// <summary>All instances, or the one <c>?instanceId=</c> names (404 when it does not exist); refuses other parameters.</summary>
    private List<CccInstance> InstancesOf(HttpRequest request, params string[] alsoAllowed)
    {
        RequireQuery(request, ["instanceId", .. alsoAllowed]);
        if (!request.Query.TryGetValue("instanceId", out var id))
        {
            return SortedInstances();
        }

        if (id.Count != 1 || string.IsNullOrEmpty(id[0]))
        {
            throw ControlApiException.BadRequest("'instanceId' must be given once, not empty.");
        }

        var instance = _state.Instances.FirstOrDefault(i => i.InstanceId == id[0])
            ?? throw ControlApiException.NotFound($"Instance '{id[0]}' does not exist.");
        return [instance];
    }

    /// <summary>400 for a query parameter the endpoint does not know (a typo must not pass silently).</summary>
    private static void RequireQuery(HttpRequest request, params string[] allowed)
    {
        foreach (var name in request.Query.Keys)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw ControlApiException.BadRequest(allowed.Length == 0
                    ? $"This endpoint takes no query parameters ('{name}')."
                    : $"Unknown query parameter '{name}'; allowed: {string.Join(", ", allowed)}.");
            }
        }
    }

    /// <summary>The access point without user info or query (either may carry a credential).</summary>
    private static string WithoutCredentials(string accessPoint) =>
        Uri.TryCreate(accessPoint, UriKind.Absolute, out var uri)
            ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : "";
}
