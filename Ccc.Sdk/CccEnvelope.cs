using System.Text.Json;

namespace Ccc.Sdk;

/// <summary>
/// The OpenAPI response envelope (docs/reference/api-conventions.md#response-envelope): the one shape every CCC response and error shares. Read once,
/// straight from the response's UTF-8 bytes: <c>Data</c> stays raw JSON, deserialized once into the action's type.
/// </summary>
internal sealed class CccEnvelope
{
    public string? RequestId { get; private set; }

    public string? Code { get; private set; }

    public int? HttpStatusCode { get; private set; }

    public string? Message { get; private set; }

    /// <summary>The raw JSON of <c>Data</c>; empty when absent or <c>null</c>.</summary>
    public ReadOnlyMemory<byte> Data { get; private set; }

    public List<string>? Params { get; private set; }

    /// <summary>Whether the envelope says success: <c>Code</c> absent or <c>OK</c>.</summary>
    public bool IsOk => Code is null || string.Equals(Code, "OK", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads an envelope from a response body; <see langword="null"/> when the body is not a JSON object or has none
    /// of <c>RequestId</c>, <c>Code</c>, <c>Message</c> and <c>Data</c> (e.g. a proxy's HTML or JSON error page).
    /// Property names match case-insensitively (the official client also reads <c>requestId</c>, <c>code</c>, …).
    /// </summary>
    public static CccEnvelope? TryParse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        try
        {
            var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var envelope = new CccEnvelope();
            bool any = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                if (name.Equals("RequestId", StringComparison.OrdinalIgnoreCase))
                {
                    envelope.RequestId = ReadText(ref reader);
                    any = true;
                }
                else if (name.Equals("Code", StringComparison.OrdinalIgnoreCase))
                {
                    envelope.Code = ReadText(ref reader);
                    any = true;
                }
                else if (name.Equals("Message", StringComparison.OrdinalIgnoreCase))
                {
                    envelope.Message = ReadText(ref reader);
                    any = true;
                }
                else if (name.Equals("HttpStatusCode", StringComparison.OrdinalIgnoreCase))
                {
                    envelope.HttpStatusCode = reader.TokenType switch
                    {
                        JsonTokenType.Number when reader.TryGetInt32(out int n) => n,
                        JsonTokenType.String when int.TryParse(reader.GetString(), out int n) => n,
                        _ => null,
                    };
                    reader.Skip();
                }
                else if (name.Equals("Data", StringComparison.OrdinalIgnoreCase))
                {
                    any = true;
                    int start = (int)reader.TokenStartIndex;
                    bool isNull = reader.TokenType == JsonTokenType.Null;
                    reader.Skip();
                    int end = (int)reader.BytesConsumed;
                    envelope.Data = isNull ? default : utf8[start..end];
                }
                else if (name.Equals("Params", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.StartArray)
                {
                    envelope.Params = JsonSerializer.Deserialize(ref reader, CccJsonContext.Default.ListString);
                }
                else
                {
                    reader.Skip();
                }
            }

            return any ? envelope : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string value as is; any other scalar as its JSON text (a numeric <c>Code</c> stays readable).</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }
}
