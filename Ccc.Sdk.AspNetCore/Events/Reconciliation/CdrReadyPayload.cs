using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Writes the <c>CDRReady</c> event (docs/reference/events.md) the push would have carried, from a listed record.</summary>
internal static class CdrReadyPayload
{
    /// <summary>The time format of the push: ISO-8601 UTC with milliseconds and <c>Z</c>.</summary>
    internal static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The payload; <c>startTime</c> and <c>endTime</c> (required by the parser) fall back to <paramref name="eventTime"/>.</summary>
    public static byte[] Write(CallDetailRecord record, string instanceId, DateTimeOffset eventTime)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventType", "CDRReady");
            json.WriteString("eventTime", Format(eventTime));
            json.WriteString("instanceId", instanceId);
            json.WriteString("contactId", record.ContactId);
            json.WriteString("startTime", Format(record.StartTime ?? eventTime));
            json.WriteString("establishedTime", record.EstablishedTime is { } established ? Format(established) : string.Empty);
            json.WriteString("endTime", Format(record.ReleaseTime ?? eventTime));
            json.WriteString("dispositionCode", record.ContactDisposition ?? string.Empty);
            WriteList(json, "agentIds", record.AgentIds);
            WriteList(json, "skillGroupIds", record.SkillGroupIds);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A record's comma-separated ids as the push's list.</summary>
    private static void WriteList(Utf8JsonWriter json, string name, string? commaSeparated)
    {
        json.WriteStartArray(name);
        foreach (var id in (commaSeparated ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
    }
}
