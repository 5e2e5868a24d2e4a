using System.Text;

namespace Ccc.Sdk.Emulator.Signing;

/// <summary>
/// RFC 3986 percent-encoding as both Alibaba signature versions use it (docs/reference/signing.md#percent-encoding-both-versions):
/// UTF-8, unreserved <c>A-Z a-z 0-9 - _ . ~</c> kept, everything else <c>%XY</c> with uppercase hex
/// (so space is <c>%20</c>, <c>*</c> is <c>%2A</c>, <c>~</c> stays).
/// </summary>
internal static class PercentEncoding
{
    public static string Encode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }

        return sb.ToString();
    }

    private const string HexUpper = "0123456789ABCDEF";

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
