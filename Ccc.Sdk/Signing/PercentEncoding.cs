using System.Text;

namespace Ccc.Sdk.Signing;

/// <summary>
/// RFC 3986 percent-encoding as both CCC signature algorithms use it: UTF-8, unreserved
/// <c>A-Z a-z 0-9 - _ . ~</c> kept, everything else <c>%XY</c> with upper-case hex (so a space is <c>%20</c>,
/// <c>*</c> is <c>%2A</c>, and <c>~</c> stays <c>~</c>).
/// </summary>
internal static class PercentEncoding
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>Percent-encodes <paramref name="value"/>.</summary>
    /// <param name="value">The text to encode.</param>
    /// <returns>The encoded text; the same instance when nothing needed encoding.</returns>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsAllUnreserved(value))
        {
            return value;
        }

        int length = GetEncodedLength(value);
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int written = Write(value, rented);
            return Encoding.ASCII.GetString(rented, 0, written);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Number of characters <see cref="Encode"/> produces for <paramref name="value"/>.</summary>
    internal static int GetEncodedLength(ReadOnlySpan<char> value)
    {
        int length = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (IsUnreserved(c))
            {
                length++;
            }
            else if (c < 0x80)
            {
                length += 3;
            }
            else if (c < 0x800)
            {
                length += 6;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                length += 12;
                i++;
            }
            else
            {
                // BMP character (a lone surrogate encodes as U+FFFD, also three bytes).
                length += 9;
            }
        }

        return length;
    }

    /// <summary>
    /// Writes the percent-encoded form of <paramref name="value"/> as ASCII into <paramref name="destination"/>,
    /// which must hold at least <see cref="GetEncodedLength"/> bytes.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    internal static int Write(ReadOnlySpan<char> value, Span<byte> destination)
    {
        int position = 0;
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (IsUnreserved(c))
            {
                destination[position++] = (byte)c;
                continue;
            }

            int count;
            if (c < 0x80)
            {
                utf8[0] = (byte)c;
                count = 1;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                count = new Rune(c, value[i + 1]).EncodeToUtf8(utf8);
                i++;
            }
            else
            {
                count = (Rune.TryCreate(c, out var r) ? r : Rune.ReplacementChar).EncodeToUtf8(utf8);
            }

            for (int k = 0; k < count; k++)
            {
                byte b = utf8[k];
                destination[position++] = (byte)'%';
                destination[position++] = (byte)Hex[b >> 4];
                destination[position++] = (byte)Hex[b & 0xF];
            }
        }

        return position;
    }

    internal static bool IsUnreserved(char c) =>
        (uint)(c - 'a') <= 'z' - 'a' || (uint)(c - 'A') <= 'Z' - 'A' || (uint)(c - '0') <= 9 || c is '-' or '_' or '.' or '~';

    private static bool IsAllUnreserved(string value)
    {
        foreach (char c in value)
        {
            if (!IsUnreserved(c))
            {
                return false;
            }
        }

        return true;
    }
}
