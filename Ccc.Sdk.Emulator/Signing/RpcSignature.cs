using System.Security.Cryptography;
using System.Text;

namespace Ccc.Sdk.Emulator.Signing;

/// <summary>The RPC V1 <c>HMAC-SHA1</c> signature computation of reference §4.3.</summary>
internal static class RpcSignature
{
    public const string Method = "HMAC-SHA1";

    /// <summary>
    /// <c>METHOD&amp;%2F&amp;enc(sorted enc(k)=enc(v) joined by &amp;)</c>; <paramref name="parameters"/> are the
    /// decoded query and form parameters without <c>Signature</c>.
    /// </summary>
    public static string StringToSign(string httpMethod, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var canonical = string.Join('&', parameters
            .Select(p => (Name: PercentEncoding.Encode(p.Key), Value: PercentEncoding.Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
        return httpMethod + "&" + PercentEncoding.Encode("/") + "&" + PercentEncoding.Encode(canonical);
    }

    /// <summary>Base64 HMAC-SHA1 keyed with <c>secret + "&amp;"</c>.</summary>
    public static string Sign(string accessKeySecret, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
}
