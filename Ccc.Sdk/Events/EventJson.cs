using System.Globalization;
using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary>Lenient, typed reads of one event object's fields; a field of the wrong shape is a <see cref="CccEventFormatException"/>.</summary>
internal readonly struct EventJson(JsonElement obj)
{
    public JsonElement Object { get; } = obj;

    /// <summary>A text field; numbers and booleans are read as their JSON text; null or absent = null.</summary>
    public string? String(string name)
    {
        if (!Object.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw Wrong(name, "text"),
        };
    }

    /// <summary>A required, non-empty text field.</summary>
    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } text ? text : throw new CccEventFormatException($"The event has no '{name}'.");

    /// <summary>A whole number (JSON number or numeric string); absent, null or empty = null.</summary>
    public long? Integer(string name)
    {
        if (!Object.TryGetProperty(name, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetInt64(out long n):
                return n;
            case JsonValueKind.String:
                string? text = value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed)
                    ? parsed
                    : throw Wrong(name, "a whole number");
            default:
                throw Wrong(name, "a whole number");
        }
    }

    /// <summary>A flag: true/false, 1/0 or their string forms; absent, null or empty = null.</summary>
    public bool? Boolean(string name)
    {
        if (!Object.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            JsonValueKind.Number when value.TryGetInt64(out long n) && n is 0 or 1 => n == 1,
            JsonValueKind.String => value.GetString()?.Trim().ToUpperInvariant() switch
            {
                null or "" => null,
                "TRUE" or "1" => true,
                "FALSE" or "0" => false,
                _ => throw Wrong(name, "true or false"),
            },
            _ => throw Wrong(name, "true or false"),
        };
    }

    /// <summary>
    /// A time: an ISO-8601 string (an offset or <c>Z</c>; none = UTC) or epoch milliseconds (number or numeric
    /// string). Absent, null, empty or 0 = null. Returned in UTC.
    /// </summary>
    public DateTimeOffset? Time(string name)
    {
        if (!Object.TryGetProperty(name, out var value))
        {
            return null;
        }

        long ms;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number:
                if (!value.TryGetInt64(out ms))
                {
                    throw Wrong(name, "an ISO-8601 time or epoch milliseconds");
                }

                break;
            case JsonValueKind.String:
                string? text = value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms))
                {
                    break;
                }

                return DateTimeOffset.TryParse(
                        text,
                        CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                        out var parsed)
                    ? parsed.ToUniversalTime()
                    : throw Wrong(name, "an ISO-8601 time or epoch milliseconds");
            default:
                throw Wrong(name, "an ISO-8601 time or epoch milliseconds");
        }

        if (ms == 0)
        {
            return null;
        }

        try
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CccEventFormatException($"The event field '{name}' is out of range.", e);
        }
    }

    /// <summary>A required time (see <see cref="Time"/>).</summary>
    public DateTimeOffset RequiredTime(string name) =>
        Time(name) ?? throw new CccEventFormatException($"The event has no '{name}'.");

    /// <summary>A list of ids: a JSON array of strings/numbers, or one comma-separated string. Absent = empty.</summary>
    public IReadOnlyList<string> List(string name)
    {
        if (!Object.TryGetProperty(name, out var value))
        {
            return [];
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return [];
            case JsonValueKind.String:
                return value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            case JsonValueKind.Array:
                var items = new List<string>(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    items.Add(item.ValueKind switch
                    {
                        JsonValueKind.String => item.GetString()!,
                        JsonValueKind.Number => item.GetRawText(),
                        _ => throw Wrong(name, "a list of ids"),
                    });
                }

                return items;
            default:
                throw Wrong(name, "a list of ids");
        }
    }

    /// <summary>A structured field kept as JSON (object, array or JSON-in-a-string as sent); absent or null = null.</summary>
    public JsonElement? Element(string name) =>
        Object.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>An absolute URL; absent or empty = null.</summary>
    public Uri? Url(string name)
    {
        string? text = String(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw Wrong(name, "an absolute URL");
    }

    private static CccEventFormatException Wrong(string name, string expected) =>
        new($"The event field '{name}' is not {expected}.");
}
