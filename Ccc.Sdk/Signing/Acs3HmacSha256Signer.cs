using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Ccc.Sdk.Signing;

/// <summary>
/// The V3 signature, <c>ACS3-HMAC-SHA256</c>: canonical request → SHA-256 → HMAC-SHA256 with the AccessKey secret.
/// This is the default algorithm of the official SDKs and of <c>CccClient</c>.
/// </summary>
/// <remarks>
/// The canonical request is built straight into a pooled UTF-8 buffer, so signing allocates only the
/// resulting <c>Authorization</c> string (measured in <c>docs/benchmarks.md</c>). Signed headers are
/// <c>host</c>, <c>content-type</c> and every <c>x-acs-*</c> header, lower-cased and sorted.
/// </remarks>
internal static class Acs3HmacSha256Signer
{
    /// <summary>The algorithm name that starts the string to sign and the <c>Authorization</c> header.</summary>
    public const string Algorithm = "ACS3-HMAC-SHA256";

    /// <summary>Lower-case hex SHA-256 of an empty payload.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string HexLower = "0123456789abcdef";

    /// <summary>Returns the lower-case hex SHA-256 of <paramref name="payload"/>, the value of <c>x-acs-content-sha256</c>.</summary>
    public static string HashPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return EmptyPayloadHash;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(payload, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Computes the <c>Authorization</c> header value for a request.</summary>
    /// <param name="method">HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="pathname">Canonical URI; <c>/</c> for the RPC-style CCC API.</param>
    /// <param name="query">Query parameters, unencoded, in any order (names must be unique).</param>
    /// <param name="headers">Request headers, any case; only <c>host</c>, <c>content-type</c> and <c>x-acs-*</c> are signed.</param>
    /// <param name="hashedPayload">Lower-case hex SHA-256 of the body (see <see cref="HashPayload"/>).</param>
    /// <param name="accessKeyId">The AccessKey id named in <c>Credential=</c>.</param>
    /// <param name="accessKeySecret">The AccessKey secret (the HMAC key, used as-is).</param>
    /// <returns><c>ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…</c>.</returns>
    public static string ComputeAuthorization(
        string method,
        string pathname,
        IReadOnlyList<KeyValuePair<string, string>> query,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string hashedPayload,
        string accessKeyId,
        string accessKeySecret)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        ArgumentNullException.ThrowIfNull(accessKeySecret);
        using var canonical = new CanonicalRequest(method, pathname, query, headers, hashedPayload);

        Span<byte> stringToSign = stackalloc byte[Algorithm.Length + 1 + SHA256.HashSizeInBytes * 2];
        Encoding.ASCII.GetBytes(Algorithm, stringToSign);
        stringToSign[Algorithm.Length] = (byte)'\n';
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(canonical.Bytes, hash);
        WriteHex(hash, stringToSign[(Algorithm.Length + 1)..]);

        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        int keyLength = Encoding.UTF8.GetMaxByteCount(accessKeySecret.Length);
        byte[]? rentedKey = keyLength > 256 ? ArrayPool<byte>.Shared.Rent(keyLength) : null;
        Span<byte> key = rentedKey ?? stackalloc byte[256];
        try
        {
            int written = Encoding.UTF8.GetBytes(accessKeySecret, key);
            HMACSHA256.HashData(key[..written], stringToSign, signature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (rentedKey is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedKey);
            }
        }

        return canonical.FormatAuthorization(accessKeyId, signature);
    }

    /// <summary>Builds the canonical request as text, for diagnostics and tests.</summary>
    public static string BuildCanonicalRequest(
        string method,
        string pathname,
        IReadOnlyList<KeyValuePair<string, string>> query,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string hashedPayload)
    {
        using var canonical = new CanonicalRequest(method, pathname, query, headers, hashedPayload);
        return Encoding.UTF8.GetString(canonical.Bytes);
    }

    /// <summary>Builds the RFC 3986-encoded, sorted query string the canonical request uses (and the wire carries).</summary>
    public static string BuildCanonicalQueryString(IReadOnlyList<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sorted = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(Math.Max(1, query.Count));
        try
        {
            int count = SortQuery(query, sorted);
            int length = QueryLength(sorted.AsSpan(0, count));
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
            try
            {
                int written = WriteQuery(sorted.AsSpan(0, count), buffer);
                return Encoding.ASCII.GetString(buffer, 0, written);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            Array.Clear(sorted, 0, query.Count);
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(sorted);
        }
    }

    private static void WriteHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (byte)HexLower[bytes[i] >> 4];
            destination[2 * i + 1] = (byte)HexLower[bytes[i] & 0xF];
        }
    }

    private static int SortQuery(IReadOnlyList<KeyValuePair<string, string>> query, KeyValuePair<string, string>[] destination)
    {
        int count = query.Count;
        for (int i = 0; i < count; i++)
        {
            destination[i] = query[i];
        }

        Array.Sort(destination, 0, count, OrdinalKeyComparer.Instance);
        return count;
    }

    private static int QueryLength(ReadOnlySpan<KeyValuePair<string, string>> sorted)
    {
        int length = 0;
        foreach (var pair in sorted)
        {
            length += PercentEncoding.GetEncodedLength(pair.Key) + 1 + PercentEncoding.GetEncodedLength(pair.Value ?? string.Empty) + 1;
        }

        return Math.Max(0, length - 1);
    }

    private static int WriteQuery(ReadOnlySpan<KeyValuePair<string, string>> sorted, Span<byte> destination)
    {
        int position = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i > 0)
            {
                destination[position++] = (byte)'&';
            }

            position += PercentEncoding.Write(sorted[i].Key, destination[position..]);
            destination[position++] = (byte)'=';
            position += PercentEncoding.Write(sorted[i].Value ?? string.Empty, destination[position..]);
        }

        return position;
    }

    private sealed class OrdinalKeyComparer : IComparer<KeyValuePair<string, string>>
    {
        public static readonly OrdinalKeyComparer Instance = new();

        public int Compare(KeyValuePair<string, string> x, KeyValuePair<string, string> y) => string.CompareOrdinal(x.Key, y.Key);
    }

    /// <summary>The canonical request in a pooled buffer, plus the signed header names.</summary>
    private readonly struct CanonicalRequest : IDisposable
    {
        private readonly byte[] _buffer;
        private readonly int _length;
        private readonly KeyValuePair<string, string>[] _headers;
        private readonly int _headerCount;

        public CanonicalRequest(
            string method,
            string pathname,
            IReadOnlyList<KeyValuePair<string, string>> query,
            IReadOnlyList<KeyValuePair<string, string>> headers,
            string hashedPayload)
        {
            ArgumentNullException.ThrowIfNull(method);
            ArgumentNullException.ThrowIfNull(pathname);
            ArgumentNullException.ThrowIfNull(query);
            ArgumentNullException.ThrowIfNull(headers);
            ArgumentNullException.ThrowIfNull(hashedPayload);

            var sortedQuery = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(Math.Max(1, query.Count));
            _headers = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(Math.Max(1, headers.Count));
            try
            {
                int queryCount = SortQuery(query, sortedQuery);
                _headerCount = SelectSignedHeaders(headers, _headers);

                int length = method.Length + 1 + Encoding.UTF8.GetByteCount(pathname) + 1
                    + QueryLength(sortedQuery.AsSpan(0, queryCount)) + 1;
                for (int i = 0; i < _headerCount; i++)
                {
                    length += _headers[i].Key.Length + 1 + Encoding.UTF8.GetByteCount(_headers[i].Value) + 1;
                }

                length += 1 + SignedHeadersLength() + 1 + hashedPayload.Length;

                _buffer = ArrayPool<byte>.Shared.Rent(length);
                Span<byte> span = _buffer;
                int p = Encoding.ASCII.GetBytes(method, span);
                span[p++] = (byte)'\n';
                p += Encoding.UTF8.GetBytes(pathname, span[p..]);
                span[p++] = (byte)'\n';
                p += WriteQuery(sortedQuery.AsSpan(0, queryCount), span[p..]);
                span[p++] = (byte)'\n';
                for (int i = 0; i < _headerCount; i++)
                {
                    p += Encoding.ASCII.GetBytes(_headers[i].Key, span[p..]);
                    span[p++] = (byte)':';
                    p += Encoding.UTF8.GetBytes(_headers[i].Value, span[p..]);
                    span[p++] = (byte)'\n';
                }

                span[p++] = (byte)'\n';
                for (int i = 0; i < _headerCount; i++)
                {
                    if (i > 0)
                    {
                        span[p++] = (byte)';';
                    }

                    p += Encoding.ASCII.GetBytes(_headers[i].Key, span[p..]);
                }

                span[p++] = (byte)'\n';
                p += Encoding.ASCII.GetBytes(hashedPayload, span[p..]);
                _length = p;
            }
            finally
            {
                Array.Clear(sortedQuery, 0, query.Count);
                ArrayPool<KeyValuePair<string, string>>.Shared.Return(sortedQuery);
            }
        }

        public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

        public string FormatAuthorization(string accessKeyId, ReadOnlySpan<byte> signature)
        {
            const string credential = Algorithm + " Credential=";
            const string signedHeaders = ",SignedHeaders=";
            const string signaturePrefix = ",Signature=";
            int length = credential.Length + accessKeyId.Length + signedHeaders.Length + SignedHeadersLength()
                + signaturePrefix.Length + signature.Length * 2;

            Span<byte> signatureHex = stackalloc byte[signature.Length * 2];
            WriteHex(signature, signatureHex);
            var state = (Headers: _headers, Count: _headerCount, Id: accessKeyId);
            return string.Create(length, (state, Hex: Encoding.ASCII.GetString(signatureHex)), static (span, s) =>
            {
                int p = 0;
                Append(span, ref p, credential);
                Append(span, ref p, s.state.Id);
                Append(span, ref p, signedHeaders);
                for (int i = 0; i < s.state.Count; i++)
                {
                    if (i > 0)
                    {
                        span[p++] = ';';
                    }

                    Append(span, ref p, s.state.Headers[i].Key);
                }

                Append(span, ref p, signaturePrefix);
                Append(span, ref p, s.Hex);
            });
        }

        public void Dispose()
        {
            Array.Clear(_headers, 0, _headerCount);
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(_headers);
            CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, _length));
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        private static void Append(Span<char> span, ref int position, string text)
        {
            text.AsSpan().CopyTo(span[position..]);
            position += text.Length;
        }

        private int SignedHeadersLength()
        {
            int length = 0;
            for (int i = 0; i < _headerCount; i++)
            {
                length += _headers[i].Key.Length + 1;
            }

            return Math.Max(0, length - 1);
        }

        private static int SelectSignedHeaders(IReadOnlyList<KeyValuePair<string, string>> headers, KeyValuePair<string, string>[] destination)
        {
            int count = 0;
            for (int i = 0; i < headers.Count; i++)
            {
                string name = headers[i].Key;
                if (name.StartsWith("x-acs-", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("host", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
                {
                    // ToLowerInvariant returns the same instance when the name is already lower case.
                    destination[count++] = new(name.ToLowerInvariant(), (headers[i].Value ?? string.Empty).Trim());
                }
            }

            Array.Sort(destination, 0, count, OrdinalKeyComparer.Instance);
            return count;
        }
    }
}
