using System.Text;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// Strict parser of <c>application/x-www-form-urlencoded</c> text (query strings and form bodies).
/// Unlike the framework's lenient parsers it refuses broken percent-escapes (<c>%zz</c>) and invalid UTF-8,
/// because a signature verifier that silently "repairs" input would accept what the cloud rejects.
/// </summary>
internal static class UrlEncodedParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <paramref name="text"/> (no leading '?') into decoded name/value pairs, in order.</summary>
    /// <exception cref="ApiException">InvalidParameter.Format on a broken escape or invalid UTF-8.</exception>
    public static List<KeyValuePair<string, string>> Parse(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (text.Length == 0)
        {
            return pairs;
        }

        foreach (var segment in text.Split('&'))
        {
            if (segment.Length == 0)
            {
                continue;
            }

            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? segment : segment[..eq]);
            var value = eq < 0 ? "" : Decode(segment[(eq + 1)..]);
            if (name.Length == 0)
            {
                throw ApiErrors.InvalidParameterFormat("A parameter has an empty name.");
            }

            pairs.Add(new(name, value));
        }

        return pairs;
    }

    private static string Decode(string encoded)
    {
        if (encoded.IndexOfAny(['%', '+']) < 0 && !encoded.AsSpan().ContainsAnyInRange('\ud800', '\udfff'))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
                {
                    throw ApiErrors.InvalidParameterFormat($"Broken percent-encoding near '{Snippet(encoded, i)}'.");
                }

                bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                // Raw non-ASCII characters are taken as their UTF-8 bytes; a lone surrogate is not text and is refused
                // rather than silently replaced (a repaired value would not match the client's signature anyway).
                var rune = char.IsSurrogate(c) && i + 1 < encoded.Length && char.IsSurrogatePair(c, encoded[i + 1])
                    ? new Rune(c, encoded[++i])
                    : Rune.IsValid(c) ? new Rune(c) : throw ApiErrors.InvalidParameterFormat("A parameter holds a lone surrogate (not Unicode text).");
                var written = rune.EncodeToUtf8(buffer);
                for (var b = 0; b < written; b++)
                {
                    bytes.Add(buffer[b]);
                }
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw ApiErrors.InvalidParameterFormat("A percent-encoded parameter is not valid UTF-8.");
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static string Snippet(string s, int at) => s.Substring(at, Math.Min(3, s.Length - at));
}
