using System.Security.Cryptography;
using System.Text;

namespace Ccc.Sdk.Emulator.Signing;

/// <summary>The RPC V1 <c>HMAC-SHA1</c> signature computation of docs/reference/signing.md#v2-rpc-hmac-sha1.</summary>
internal static class RpcSignature
{
    public const string Method = "HMAC-SHA1";

    /// <summary>
    /// <c>METHOD&amp;%2F&amp;enc(sorted enc(k)=enc(v) joined by &amp;)</c>; <paramref name="parameters"/> are the
    /// decoded query and form parameters without <c>Signature</c>.
    /// </summary>
    public static string StringToSign(string httpMethod, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        // Sorted by the raw (decoded) name, ordinal, then encoded — as Alibaba's official clients do. Sorting the
        // encoded names differs when a name holds a character that encodes (e.g. "x`" sorts after "x_" raw, before it encoded).
        var canonical = string.Join('&', parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value)));
        return httpMethod + "&" + PercentEncoding.Encode("/") + "&" + PercentEncoding.Encode(canonical);
    }

    /// <summary>Base64 HMAC-SHA1 keyed with <c>secret + "&amp;"</c>.</summary>
    public static string Sign(string accessKeySecret, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
}
