using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary>
/// One event pushed by the contact center (reference: the cloud's event-push message definitions), read with
/// <see cref="CccEventParser.Parse"/>. Subclasses add the typed fields of each family; <see cref="Raw"/> always keeps
/// the whole object, so fields this SDK does not model are never lost.
/// </summary>
public class CccEvent
{
    /// <summary>Reads the fields every event carries from <paramref name="raw"/>.</summary>
    /// <param name="raw">The event object; kept as <see cref="Raw"/>. Pass a self-contained element (e.g. <see cref="JsonElement.Clone"/>).</param>
    /// <exception cref="CccEventFormatException">Not an object, or <c>eventType</c>, <c>eventTime</c> or <c>instanceId</c> is missing or malformed.</exception>
    protected CccEvent(JsonElement raw)
    {
        if (raw.ValueKind != JsonValueKind.Object)
        {
            throw new CccEventFormatException($"An event must be a JSON object, not {raw.ValueKind}.");
        }

        var json = new EventJson(raw);
        Raw = raw;
        EventType = raw.TryGetProperty("eventType", out var type) && type.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)
            ? throw new CccEventFormatException("The event field 'eventType' is not text.")
            : json.RequiredString("eventType");
        EventTime = json.RequiredTime("eventTime");
        InstanceId = json.RequiredString("instanceId");
        ContactId = NullIfEmpty(json.String("contactId"));
        AgentId = NullIfEmpty(json.String("agentId"));
    }

    /// <summary>The event name, e.g. <c>AgentReady</c>, <c>Established</c>, <c>CDRReady</c> (<c>eventType</c>).</summary>
    public string EventType { get; }

    /// <summary>When the event happened, in UTC (<c>eventTime</c>; ISO-8601, or epoch milliseconds).</summary>
    public DateTimeOffset EventTime { get; }

    /// <summary>The contact-center instance (<c>instanceId</c>).</summary>
    public string InstanceId { get; }

    /// <summary>The call (contact) the event belongs to (<c>contactId</c>, the CDR's <c>ContactId</c>/<c>JobId</c>); null for events outside a call.</summary>
    public string? ContactId { get; }

    /// <summary>The agent the event is about (<c>agentId</c>); null when the event names none.</summary>
    public string? AgentId { get; }

    /// <summary>The whole event object as received, unknown fields included (a self-contained element; no disposal needed).</summary>
    public JsonElement Raw { get; }

    /// <summary>Typed reads of <see cref="Raw"/> for the subclasses.</summary>
    private protected EventJson Json => new(Raw);

    private protected static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
