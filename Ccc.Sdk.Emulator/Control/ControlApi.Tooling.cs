using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Events;

namespace Ccc.Sdk.Emulator.Control;

/// <summary>
/// What the <c>ccc</c> tool's emulator commands need beyond the lists (docs/emulator-events.md, "Event ids and
/// resend"; decisions/0024): every listed event carries an <c>Id</c> (<c>evt_</c> + its position in the event stream,
/// stable while the event log keeps it) and, when it was pushed, its push (<c>Delivery</c>);
/// <c>POST /_emulator/events/{id}/resend</c> sends a pushed event once more; <c>GET /_emulator/event-types</c> lists
/// the names UpdateSubscription accepts. The id is the control API's only: the pushed body never carries it.
/// </summary>
internal sealed partial class ControlApi
{
    /// <summary>The prefix of an event id (<c>evt_42</c>).</summary>
    internal const string EventIdPrefix = "evt_";

    internal static string EventId(long id) => EventIdPrefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Events as a JSON array: each the cloud's event fields plus <c>Id</c> and <c>Delivery</c> (null when not pushed or forgotten).</summary>
    private Task WriteListedEventsAsync(HttpResponse response, IReadOnlyList<(long Id, CallEvent Event)> events, CancellationToken ct) =>
        WriteAsync(response, 200, w =>
        {
            w.WriteStartArray();
            foreach (var (id, e) in events)
            {
                WriteListedEvent(w, id, e);
            }

            w.WriteEndArray();
        }, ct);

    private void WriteListedEvent(Utf8JsonWriter w, long id, CallEvent e)
    {
        w.WriteStartObject();
        w.WriteString("Id", EventId(id));
        foreach (var property in JsonSerializer.SerializeToElement(e, Gateway.EmulatorJsonContext.Default.CallEvent).EnumerateObject())
        {
            property.WriteTo(w);
        }

        w.WritePropertyName("Delivery");
        if (_state.Events.Find(e.InstanceId)?.FindRecord(id) is { } push)
        {
            WritePush(w, push);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
    }

    private static void WritePush(Utf8JsonWriter w, PushView push)
    {
        w.WriteStartObject();
        w.WriteString("WebhookId", push.WebhookId);
        w.WriteString("State", JsonNamingPolicy.CamelCase.ConvertName(push.State.ToString()));
        w.WriteNumber("Attempts", push.Attempts);
        w.WriteString("LastAnswer", push.LastAnswer);
        w.WriteEndObject();
    }

    /// <summary><c>GET /_emulator/event-types</c>: the event names UpdateSubscription's EventSubscriptionsJson accepts, sorted.</summary>
    private static Task EventTypesAsync(HttpContext context, CancellationToken ct)
    {
        RequireQuery(context.Request);
        return WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartArray();
            foreach (var type in EventPayload.SubscribableTypes.Order(StringComparer.Ordinal))
            {
                w.WriteStringValue(type);
            }

            w.WriteEndArray();
        }, ct);
    }

    /// <summary>
    /// <c>POST /_emulator/events/{id}/resend</c>: the event's first pushed body again, with its <c>webhook-id</c>, signed
    /// now with the secrets active now, to the subscription's address as it is now; one attempt, answered with its
    /// outcome. 404 for an id the log does not hold; 409 <c>NoSubscription</c>, <c>NotWebhook</c>, <c>NotPushed</c>.
    /// </summary>
    private async Task ResendAsync(HttpContext context, string id, CancellationToken ct)
    {
        RequireQuery(context.Request);
        if (HasBody(context.Request))
        {
            throw ControlApiException.BadRequest("This endpoint takes no body.");
        }

        var callEvent = ParseEventId(id) is { } number ? _state.EventLog.Find(number) : null;
        if (callEvent is null)
        {
            throw ControlApiException.NotFound($"No event '{id}' (ids look like evt_42; list them with GET /_emulator/events).");
        }

        var eventId = ParseEventId(id)!.Value;
        var deliverer = _state.Events.Find(callEvent.InstanceId)
            ?? throw ControlApiException.Conflict("NoSubscription", $"Instance '{callEvent.InstanceId}' has no event subscription; call UpdateSubscription first.");
        if (!deliverer.Subscription.IsWebhook)
        {
            throw ControlApiException.Conflict("NotWebhook", $"The subscription of instance '{callEvent.InstanceId}' is a message queue, which the emulator does not push to.");
        }

        var result = await deliverer.ResendAsync(eventId).ConfigureAwait(false)
            ?? throw ControlApiException.Conflict("NotPushed", $"Event {id} ({callEvent.EventType}) was not pushed: its type was not subscribed when it happened, or it is older than the last {WebhookDeliverer.RecordCapacity} pushed events.");
        var (push, outcome) = result;
        var accessPoint = WithoutCredentials(deliverer.Subscription.AccessPoint);
        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("webhookId", push.WebhookId);
            w.WriteString("eventType", push.EventType);
            w.WriteString("accessPoint", accessPoint);
            w.WriteBoolean("delivered", outcome.Success);
            if (outcome.Status > 0)
            {
                w.WriteNumber("status", outcome.Status);
            }
            else
            {
                w.WriteNull("status");
            }

            w.WriteString("error", outcome.Error);
            w.WriteNumber("elapsedMs", Math.Round(outcome.ElapsedMs));
            w.WriteString("state", JsonNamingPolicy.CamelCase.ConvertName(push.State.ToString()));
            w.WriteNumber("attempts", push.Attempts);
            w.WriteEndObject();
        }, ct).ConfigureAwait(false);
    }

    /// <summary><c>evt_42</c> → 42; anything else → null.</summary>
    private static long? ParseEventId(string id) =>
        id.StartsWith(EventIdPrefix, StringComparison.Ordinal)
        && long.TryParse(id.AsSpan(EventIdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : null;
}
