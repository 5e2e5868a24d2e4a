using System.Globalization;
using System.Text;
using Ccc.Sdk.Auth;

namespace Ccc.Sdk.Signing;

/// <summary>
/// Turns an <see cref="ApiRequest"/> and a set of <see cref="CccCredentials"/> into the wire request of the chosen
/// style: the one place where common parameters, nonces, dates and the signature are put together.
/// </summary>
internal static class RequestSigner
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>Authenticates <paramref name="request"/> for <paramref name="host"/> with its <see cref="ApiRequest.Method"/> (POST or GET) in what is signed.</summary>
    /// <exception cref="ArgumentException">A GET request has form parameters, or the method is neither POST nor GET.</exception>
    /// <param name="request">The action and its parameters.</param>
    /// <param name="credentials">AccessKey, STS or bearer credentials.</param>
    /// <param name="algorithm">V3 (default) or RPC style.</param>
    /// <param name="host">The <c>Host</c> the request goes to, with the port when it is not the scheme's default.</param>
    /// <param name="now">The signing time (sent to second precision, UTC).</param>
    /// <param name="nonce">A value unique per request (the service rejects a nonce seen in the last 15 minutes).</param>
    public static SignedApiRequest Sign(
        ApiRequest request,
        CccCredentials credentials,
        SignatureAlgorithm algorithm,
        string host,
        DateTimeOffset now,
        string nonce)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(nonce);

        string method = MethodOf(request);
        byte[] body = request.Form.Count == 0 ? [] : Encoding.ASCII.GetBytes(BuildForm(request.Form));
        string? contentType = body.Length == 0 ? null : FormContentType;
        string timestamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        return algorithm switch
        {
            SignatureAlgorithm.Acs3HmacSha256 => SignV3(method, request, credentials, host, timestamp, nonce, body, contentType),
            SignatureAlgorithm.RpcHmacSha1 => SignRpc(method, request, credentials, timestamp, nonce, body, contentType),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signature algorithm."),
        };
    }

    /// <summary>Encodes form parameters as <c>k1=v1&amp;k2=v2</c> with RFC 3986 encoding, in the order given.</summary>
    public static string BuildForm(IReadOnlyList<KeyValuePair<string, string>> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var builder = new StringBuilder();
        foreach (var pair in form)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(PercentEncoding.Encode(pair.Key)).Append('=').Append(PercentEncoding.Encode(pair.Value ?? string.Empty));
        }

        return builder.ToString();
    }

    /// <summary>
    /// <c>POST</c> or <c>GET</c>, upper case, as it goes into the string to sign. A GET request carries every parameter
    /// in its query and no body, so one with form parameters cannot be sent.
    /// </summary>
    private static string MethodOf(ApiRequest request)
    {
        HttpMethod method = request.Method ?? HttpMethod.Post;
        if (method == HttpMethod.Post)
        {
            return "POST";
        }

        if (method == HttpMethod.Get)
        {
            return request.Form.Count == 0
                ? "GET"
                : throw new ArgumentException($"{request.Action} is sent with GET, which has no body: put its parameters in the query (ApiRequest.With), not the form.", nameof(request));
        }

        throw new ArgumentException($"{request.Action}: CCC actions are sent with POST or GET, not {method.Method}.", nameof(request));
    }

    private static SignedApiRequest SignV3(
        string method,
        ApiRequest request, CccCredentials credentials, string host, string timestamp, string nonce, byte[] body, string? contentType)
    {
        string hashedPayload = Acs3HmacSha256Signer.HashPayload(body);
        var headers = new List<KeyValuePair<string, string>>(10)
        {
            new("host", host),
            new("x-acs-action", request.Action),
            new("x-acs-version", request.Version),
            new("x-acs-date", timestamp),
            new("x-acs-signature-nonce", nonce),
            new("x-acs-content-sha256", hashedPayload),
        };

        string pathAndQuery = "/?" + Acs3HmacSha256Signer.BuildCanonicalQueryString(request.Query);
        if (credentials.BearerToken is { } bearer)
        {
            headers.Add(new("x-acs-bearer-token", bearer));
            headers.Add(new("x-acs-signature-type", "BEARERTOKEN"));
            return new SignedApiRequest(method, pathAndQuery, headers, body, contentType);
        }

        if (credentials.SecurityToken is { } token)
        {
            headers.Add(new("x-acs-security-token", token));
            headers.Add(new("x-acs-accesskey-id", credentials.AccessKeyId!));
        }

        if (contentType is not null)
        {
            headers.Add(new("content-type", contentType));
        }

        string authorization = Acs3HmacSha256Signer.ComputeAuthorization(
            method, "/", request.Query, headers, hashedPayload, credentials.AccessKeyId!, credentials.AccessKeySecret!);

        // content-type travels on the body's content headers, not the request headers.
        if (contentType is not null)
        {
            headers.RemoveAt(headers.Count - 1);
        }

        headers.Add(new("Authorization", authorization));
        return new SignedApiRequest(method, pathAndQuery, headers, body, contentType);
    }

    private static SignedApiRequest SignRpc(
        string method,
        ApiRequest request, CccCredentials credentials, string timestamp, string nonce, byte[] body, string? contentType)
    {
        var query = new List<KeyValuePair<string, string>>(request.Query.Count + 10);
        query.AddRange(request.Query);
        query.Add(new("Action", request.Action));
        query.Add(new("Version", request.Version));
        query.Add(new("Format", "json"));
        query.Add(new("Timestamp", timestamp));
        query.Add(new("SignatureNonce", nonce));

        if (credentials.BearerToken is { } bearer)
        {
            query.Add(new("BearerToken", bearer));
            query.Add(new("SignatureType", "BEARERTOKEN"));
            return new SignedApiRequest(method, "/?" + Acs3HmacSha256Signer.BuildCanonicalQueryString(query), [], body, contentType);
        }

        query.Add(new("AccessKeyId", credentials.AccessKeyId!));
        query.Add(new("SignatureMethod", RpcHmacSha1Signer.SignatureMethod));
        query.Add(new("SignatureVersion", RpcHmacSha1Signer.SignatureVersion));
        if (credentials.SecurityToken is { } token)
        {
            query.Add(new("SecurityToken", token));
        }

        var signed = new List<KeyValuePair<string, string>>(query.Count + request.Form.Count);
        signed.AddRange(query);
        signed.AddRange(request.Form);
        query.Add(new("Signature", RpcHmacSha1Signer.ComputeSignature(method, signed, credentials.AccessKeySecret!)));
        return new SignedApiRequest(method, "/?" + Acs3HmacSha256Signer.BuildCanonicalQueryString(query), [], body, contentType);
    }
}
