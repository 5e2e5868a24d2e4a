using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>A string that also reads from a number, a boolean, or (as its JSON text) an object or array.</summary>
internal sealed class TolerantStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return null;
            default:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return document.RootElement.GetRawText();
                }
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}

/// <summary>Shared reading of a number described as a number: from a number, a numeric string, or an empty string (<see langword="null"/>).</summary>
internal abstract class TolerantNumberConverter<T> : JsonConverter<T?>
    where T : struct
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return FromNumber(ref reader);
            case JsonTokenType.String:
                string? text = reader.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                return TryParse(text.Trim(), out T value) ? value : throw new JsonException($"'{text}' is not a {typeof(T).Name}.");
            default:
                throw new JsonException($"Expected a {typeof(T).Name}, got {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            WriteNumber(writer, v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    protected abstract void WriteNumber(Utf8JsonWriter writer, T value);

    protected abstract T FromNumber(ref Utf8JsonReader reader);

    protected abstract bool TryParse(string text, out T value);
}

/// <summary>A 32-bit integer that also reads from a numeric string.</summary>
internal sealed class TolerantInt32Converter : TolerantNumberConverter<int>
{
    protected override void WriteNumber(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);

    protected override int FromNumber(ref Utf8JsonReader reader) => reader.TryGetInt32(out int n) ? n : checked((int)reader.GetDouble());

    protected override bool TryParse(string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}

/// <summary>A 64-bit integer that also reads from a numeric string.</summary>
internal sealed class TolerantInt64Converter : TolerantNumberConverter<long>
{
    protected override void WriteNumber(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);

    protected override long FromNumber(ref Utf8JsonReader reader) => reader.TryGetInt64(out long n) ? n : checked((long)reader.GetDouble());

    protected override bool TryParse(string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}

/// <summary>A floating-point number that also reads from a numeric string.</summary>
internal sealed class TolerantDoubleConverter : TolerantNumberConverter<double>
{
    protected override void WriteNumber(Utf8JsonWriter writer, double value) => writer.WriteNumberValue(value);

    protected override double FromNumber(ref Utf8JsonReader reader) => reader.GetDouble();

    protected override bool TryParse(string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}

/// <summary>A boolean that also reads from <c>"true"</c>/<c>"false"</c> (any case) and from 1/0.</summary>
internal sealed class TolerantBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Number when reader.TryGetInt64(out long n) && n is 0 or 1 => n == 1,
        JsonTokenType.String => reader.GetString()?.Trim() switch
        {
            null or "" => null,
            var t when bool.TryParse(t, out bool b) => b,
            "1" => true,
            "0" => false,
            var t => throw new JsonException($"'{t}' is not a boolean."),
        },
        _ => throw new JsonException($"Expected a boolean, got {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteBooleanValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
