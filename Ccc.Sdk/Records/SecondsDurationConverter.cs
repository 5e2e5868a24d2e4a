using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>
/// Reads the cloud's durations in seconds as <see cref="TimeSpan"/>: a number or a numeric string (ListCallDetailRecords
/// sends <c>CallDuration</c> as a string, GetCallDetailRecord as a number); empty = none. Writes whole seconds as a number.
/// </summary>
internal sealed class SecondsDurationConverter : JsonConverter<TimeSpan?>
{
    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return TimeSpan.FromSeconds(reader.GetDouble());
            case JsonTokenType.String:
                string? text = reader.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new JsonException($"'{text}' is not a number of seconds.");
            default:
                throw new JsonException($"Expected a number of seconds, got {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue((long)v.TotalSeconds);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
