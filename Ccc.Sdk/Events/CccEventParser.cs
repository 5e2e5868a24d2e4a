using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary>Reads one pushed event (a JSON object, UTF-8) into the matching <see cref="CccEvent"/> subclass.</summary>
public static class CccEventParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Parses one event. Known families become <see cref="CccAgentEvent"/>, <see cref="CccCallEvent"/> (or
    /// <see cref="CccIvrTrackingEvent"/>, <see cref="CccTextStreamEvent"/>), <see cref="CccRecordingReadyEvent"/>,
    /// <see cref="CccCdrReadyEvent"/>; any other <c>eventType</c> becomes <see cref="CccUnknownEvent"/>. Unknown
    /// fields are ignored by the typed properties and kept in <see cref="CccEvent.Raw"/>.
    /// </summary>
    /// <param name="utf8Json">The request body.</param>
    /// <returns>The event; its <see cref="CccEvent.Raw"/> does not depend on <paramref name="utf8Json"/>.</returns>
    /// <exception cref="CccEventFormatException">
    /// Not JSON, not one object, <c>eventType</c>/<c>eventTime</c>/<c>instanceId</c> missing, or a known field of the
    /// wrong shape (e.g. an unreadable time). The message never quotes field values.
    /// </exception>
    public static CccEvent Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..]; // a UTF-8 byte order mark is not part of the JSON
        }

        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            root = JsonElement.ParseValue(ref reader); // self-contained: owns a copy of what it needs
            if (reader.Read())
            {
                throw new CccEventFormatException("The event body holds more than one JSON value.");
            }
        }
        catch (JsonException e)
        {
            throw new CccEventFormatException("The event body is not valid JSON.", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CccEventFormatException($"The event body must be a JSON object, not {root.ValueKind}.");
        }

        string? type = root.TryGetProperty("eventType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return type switch
        {
            null => new CccUnknownEvent(root), // throws the precise "no eventType" error
            CccCdrReadyEvent.Type => new CccCdrReadyEvent(root),
            "IvrTracking" => new CccIvrTrackingEvent(root),
            "TextStream" => new CccTextStreamEvent(root),
            _ when CccAgentEvent.EventTypes.Contains(type) => new CccAgentEvent(root),
            _ when CccCallEvent.EventTypes.Contains(type) => new CccCallEvent(root),
            _ when CccRecordingReadyEvent.EventTypes.Contains(type) => new CccRecordingReadyEvent(root),
            _ => new CccUnknownEvent(root),
        };
    }
}
