using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>Reads the cloud's epoch-millisecond times (a number, or a numeric string; empty or 0 = none) as <see cref="DateTimeOffset"/> (UTC).</summary>
internal sealed class EpochMillisecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        long ms;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                ms = reader.TryGetInt64(out long l) ? l : (long)reader.GetDouble();
                break;
            case JsonTokenType.String:
                string? text = reader.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ms))
                {
                    // Some fields arrive as ISO text in older payloads.
                    return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                        ? parsed.ToUniversalTime()
                        : throw new JsonException($"'{text}' is neither epoch milliseconds nor an ISO-8601 time.");
                }

                break;
            default:
                throw new JsonException($"Expected epoch milliseconds, got {reader.TokenType}.");
        }

        return ms <= 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
