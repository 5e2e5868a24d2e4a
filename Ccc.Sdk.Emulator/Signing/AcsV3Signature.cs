using System.Security.Cryptography;
using System.Text;

namespace Ccc.Sdk.Emulator.Signing;

/// <summary>
/// The <c>ACS3-HMAC-SHA256</c> (V3) signature computation of docs/reference/signing.md#v3-acs3-hmac-sha256, written independently of
/// Ccc.Sdk's signer so that a bug cannot cancel out.
/// </summary>
internal static class AcsV3Signature
{
    public const string Algorithm = "ACS3-HMAC-SHA256";

    /// <summary>Hex SHA-256 of an empty payload.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Builds the canonical request.</summary>
    /// <param name="method">HTTP method as sent (uppercase).</param>
    /// <param name="query">Decoded query parameters (names unique).</param>
    /// <param name="signedHeaders">Lowercase header names with their values as sent.</param>
    /// <param name="payloadHash">Lowercase hex SHA-256 of the raw body.</param>
    public static string CanonicalRequest(
        string method,
        IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>> signedHeaders,
        string payloadHash)
    {
        // Sorted by the raw (decoded) name, ordinal, then encoded — as Alibaba's official clients do. Sorting the
        // encoded names differs when a name holds a character that encodes (e.g. "x`" sorts after "x_" raw, before it encoded).
        var canonicalQuery = string.Join('&', query
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value)));

        var headers = signedHeaders
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();

        var sb = new StringBuilder();
        sb.Append(method).Append('\n');
        sb.Append('/').Append('\n'); // RPC style: the canonical URI is always "/".
        sb.Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append('\n');
        sb.Append(string.Join(';', headers.Select(h => h.Name))).Append('\n');
        sb.Append(payloadHash);
        return sb.ToString();
    }

    public static string StringToSign(string canonicalRequest) =>
        Algorithm + "\n" + Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest));

    /// <summary>Lowercase hex HMAC-SHA256 keyed with the raw secret (no trailing '&amp;').</summary>
    public static string Sign(string accessKeySecret, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKeySecret), Encoding.UTF8.GetBytes(stringToSign)));

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
