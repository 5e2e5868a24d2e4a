using System.Security.Cryptography;
using System.Text;

namespace Ccc.Sdk.Signing;

/// <summary>
/// The V2 RPC signature, <c>HMAC-SHA1</c> (opt-in; the official SDKs' <c>SignatureAlgorithm = "v2"</c>):
/// every parameter of the query and the form body except <c>Signature</c>, sorted and percent-encoded, signed
/// with the key <c>AccessKeySecret + "&amp;"</c>.
/// </summary>
internal static class RpcHmacSha1Signer
{
    /// <summary>The value of the <c>SignatureMethod</c> parameter.</summary>
    public const string SignatureMethod = "HMAC-SHA1";

    /// <summary>The value of the <c>SignatureVersion</c> parameter.</summary>
    public const string SignatureVersion = "1.0";

    /// <summary>Builds <c>METHOD&amp;%2F&amp;percentEncode(canonicalized query)</c>.</summary>
    /// <param name="method">HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="parameters">All request parameters (query and form body), unencoded; <c>Signature</c> is ignored.</param>
    public static string BuildStringToSign(string method, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        var sorted = new List<KeyValuePair<string, string>>(parameters.Count);
        foreach (var pair in parameters)
        {
            if (pair.Key != "Signature")
            {
                sorted.Add(pair);
            }
        }

        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var canonical = new StringBuilder();
        foreach (var pair in sorted)
        {
            if (canonical.Length > 0)
            {
                canonical.Append('&');
            }

            canonical.Append(PercentEncoding.Encode(pair.Key)).Append('=').Append(PercentEncoding.Encode(pair.Value ?? string.Empty));
        }

        return method + "&%2F&" + PercentEncoding.Encode(canonical.ToString());
    }

    /// <summary>Computes the base64 <c>Signature</c> parameter.</summary>
    /// <param name="method">HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="parameters">All request parameters (query and form body), unencoded.</param>
    /// <param name="accessKeySecret">The AccessKey secret; the HMAC key is the secret followed by <c>&amp;</c>.</param>
    public static string ComputeSignature(string method, IReadOnlyList<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        ArgumentNullException.ThrowIfNull(accessKeySecret);
        byte[] key = Encoding.UTF8.GetBytes(accessKeySecret + "&");
        try
        {
            byte[] mac = HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(BuildStringToSign(method, parameters)));
            return Convert.ToBase64String(mac);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
