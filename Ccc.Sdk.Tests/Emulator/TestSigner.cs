using System.Security.Cryptography;
using System.Text;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>
/// A deliberately separate, minimal signer for the emulator tests (the SDK's own signer is tested elsewhere,
/// and the emulator's verifier must not be used to sign, or a shared bug would cancel out).
/// </summary>
internal static class TestSigner
{
    /// <summary>RFC 3986 encoding via the framework (unreserved kept, everything else %XX uppercase).</summary>
    public static string Encode(string s) => Uri.EscapeDataString(s);

    public static string Sha256Hex(byte[] data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

    /// <summary>V3 Authorization header value for the given request parts (headers: lowercase names, all signed).</summary>
    public static string V3Authorization(string accessKeyId, string secret, string method,
        IEnumerable<KeyValuePair<string, string>> query, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        // Sorted by raw name, then encoded (the official clients' order).
        var canonicalQuery = string.Join("&", query
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Encode(kv.Key) + "=" + Encode(kv.Value)));
        var sorted = headers.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        var canonicalHeaders = string.Concat(sorted.Select(h => h.Key + ":" + h.Value.Trim() + "\n"));
        var signedHeaders = string.Join(";", sorted.Select(h => h.Key));
        var canonicalRequest = $"{method}\n/\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{Sha256Hex(body)}";
        var stringToSign = "ACS3-HMAC-SHA256\n" + Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest));
        var signature = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign))).ToLowerInvariant();
        return $"ACS3-HMAC-SHA256 Credential={accessKeyId},SignedHeaders={signedHeaders},Signature={signature}";
    }

    /// <summary>RPC V1 signature over all parameters (without Signature).</summary>
    public static string RpcSignature(string secret, string method, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var canonical = string.Join("&", parameters
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Encode(kv.Key) + "=" + Encode(kv.Value)));
        var stringToSign = method + "&" + Encode("/") + "&" + Encode(canonical);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string QueryString(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join("&", parameters.Select(kv => Encode(kv.Key) + "=" + Encode(kv.Value)));
}
