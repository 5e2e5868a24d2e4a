using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ccc.Sdk.Emulator.Gateway;
using Microsoft.Extensions.Primitives;

namespace Ccc.Sdk.Emulator.Signing;

/// <summary>Who signed a request and which action/version it asked for.</summary>
internal sealed record AuthenticatedCall(CccEmulatorCredential Credential, string? Action, string? Version);

/// <summary>
/// Verifies a request exactly as the cloud's gateway (docs/reference/signing.md): V3 <c>ACS3-HMAC-SHA256</c> when an
/// <c>Authorization</c> header is present, otherwise RPC V1 <c>HMAC-SHA1</c>. Order of checks: signature
/// pieces, signature method, timestamp, access key, payload hash, signature, security token, and only then
/// the nonce — so a forged request cannot burn a legitimate client's nonce.
/// </summary>
internal sealed class RequestAuthenticator
{
    private static readonly string[] TimestampFormats = ["yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'FFFFFFF'Z'"];

    private readonly CredentialStore _credentials;
    private readonly NonceStore _nonces;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tolerance;

    public RequestAuthenticator(CredentialStore credentials, NonceStore nonces, TimeProvider time, TimeSpan tolerance)
    {
        _credentials = credentials;
        _nonces = nonces;
        _time = time;
        _tolerance = tolerance;
    }

    /// <exception cref="ApiException">The request is not correctly signed.</exception>
    public AuthenticatedCall Authenticate(HttpRequest request, RequestParameters parameters, ReadOnlySpan<byte> body)
    {
        if (parameters.Contains("BearerToken") || request.Headers.ContainsKey("x-acs-bearer-token"))
        {
            return AuthenticateBearer(request, parameters);
        }

        var authorization = request.Headers.Authorization;
        if (!StringValues.IsNullOrEmpty(authorization))
        {
            return AuthenticateV3(request, authorization.ToString(), parameters, body);
        }

        if (parameters.Contains("Signature") || parameters.Contains("SignatureMethod") || parameters.Contains("AccessKeyId"))
        {
            return AuthenticateRpc(request.Method, parameters);
        }

        throw ApiErrors.IncompleteSignature("Neither an Authorization header (V3) nor a Signature parameter (RPC) was sent.");
    }

    private AuthenticatedCall AuthenticateV3(HttpRequest request, string authorization, RequestParameters parameters, ReadOnlySpan<byte> body)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? authorization : authorization[..space];
        if (!string.Equals(algorithm, AcsV3Signature.Algorithm, StringComparison.Ordinal))
        {
            throw ApiErrors.InvalidSignatureMethod($"Authorization algorithm '{algorithm}' is not supported; use {AcsV3Signature.Algorithm}.");
        }

        string? credentialId = null, signedHeaderList = null, signature = null;
        foreach (var part in (space < 0 ? "" : authorization[(space + 1)..]).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credentialId = value; break;
                case "SignedHeaders": signedHeaderList = value; break;
                case "Signature": signature = value; break;
            }
        }

        if (string.IsNullOrEmpty(credentialId) || string.IsNullOrEmpty(signedHeaderList) || string.IsNullOrEmpty(signature))
        {
            throw ApiErrors.IncompleteSignature("The Authorization header needs Credential, SignedHeaders and Signature.");
        }

        var signedHeaders = signedHeaderList.Split(';').Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var unsigned = request.Headers.Keys
            .Select(k => k.ToLowerInvariant())
            .Where(k => k.StartsWith("x-acs-", StringComparison.Ordinal) || k == "host")
            .Where(k => !signedHeaders.Contains(k))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!signedHeaders.Contains("host"))
        {
            unsigned.Insert(0, "host");
        }

        if (unsigned.Count > 0)
        {
            throw ApiErrors.IncompleteSignature($"SignedHeaders must include host and every x-acs-* header sent; not signed: {string.Join(",", unsigned.Distinct())}.");
        }

        var date = Header(request, "x-acs-date") ?? throw ApiErrors.IncompleteSignature("The x-acs-date header is missing.");
        var nonce = Header(request, "x-acs-signature-nonce") ?? throw ApiErrors.IncompleteSignature("The x-acs-signature-nonce header is missing.");
        CheckTimestamp(date, "x-acs-date");
        var credential = FindCredential(credentialId);

        var payloadHash = AcsV3Signature.Sha256Hex(body);
        var declaredHash = Header(request, "x-acs-content-sha256");
        if (declaredHash is not null && !string.Equals(declaredHash.Trim(), payloadHash, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiErrors.SignatureDoesNotMatch("The x-acs-content-sha256 header is not the SHA-256 of the request body.");
        }

        var canonical = AcsV3Signature.CanonicalRequest(
            request.Method,
            parameters.FromSource(ParameterSource.Query).Select(p => new KeyValuePair<string, string>(p.Name, p.Value)),
            signedHeaders.Select(h => new KeyValuePair<string, string>(h, Header(request, h) ?? "")),
            payloadHash);
        var stringToSign = AcsV3Signature.StringToSign(canonical);
        var expected = AcsV3Signature.Sign(credential.AccessKeySecret, stringToSign);
        if (!FixedTimeEquals(expected, signature))
        {
            throw ApiErrors.SignatureDoesNotMatch("Server string to sign is: " + stringToSign.Replace("\n", "\\n", StringComparison.Ordinal));
        }

        CheckSecurityToken(credential, Header(request, "x-acs-security-token"));
        _nonces.Use(credential.AccessKeyId, nonce);
        return new AuthenticatedCall(credential, Header(request, "x-acs-action"), Header(request, "x-acs-version"));
    }

    private AuthenticatedCall AuthenticateRpc(string method, RequestParameters parameters)
    {
        if (string.Equals(parameters["SignatureType"], "BEARERTOKEN", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiErrors.IncompleteSignature("SignatureType BEARERTOKEN needs a BearerToken parameter.");
        }

        foreach (var name in (string[])["AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp"])
        {
            if (string.IsNullOrEmpty(parameters[name]))
            {
                throw ApiErrors.IncompleteSignature($"The {name} parameter is missing.");
            }
        }

        if (!string.Equals(parameters["SignatureMethod"], RpcSignature.Method, StringComparison.Ordinal))
        {
            throw ApiErrors.InvalidSignatureMethod($"SignatureMethod '{parameters["SignatureMethod"]}' is not supported; use {RpcSignature.Method}.");
        }

        var version = parameters["SignatureVersion"];
        if (version is not null && version != "1.0")
        {
            throw ApiErrors.InvalidSignatureMethod($"SignatureVersion '{version}' is not supported; use 1.0.");
        }

        CheckTimestamp(parameters["Timestamp"]!, "Timestamp");
        var credential = FindCredential(parameters["AccessKeyId"]!);
        var stringToSign = RpcSignature.StringToSign(
            method,
            parameters.All.Where(p => p.Name != "Signature").Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        var expected = RpcSignature.Sign(credential.AccessKeySecret, stringToSign);
        if (!FixedTimeEquals(expected, parameters["Signature"]!))
        {
            // The string to sign holds every parameter; an STS SecurityToken is a credential and is never echoed.
            var shown = RpcSignature.StringToSign(
                method,
                parameters.All.Where(p => p.Name != "Signature")
                    .Select(p => new KeyValuePair<string, string>(p.Name, p.Name is "SecurityToken" or "BearerToken" ? "(redacted)" : p.Value)));
            throw ApiErrors.SignatureDoesNotMatch("Server string to sign is: " + shown);
        }

        CheckSecurityToken(credential, parameters["SecurityToken"]);
        _nonces.Use(credential.AccessKeyId, parameters["SignatureNonce"]!);
        return new AuthenticatedCall(credential, parameters["Action"], parameters["Version"]);
    }

    /// <summary>
    /// Bearer-token mode (docs/reference/signing.md#bearer-token): headers <c>x-acs-bearer-token</c> + <c>x-acs-signature-type: BEARERTOKEN</c>
    /// (V3/ROA) or parameters <c>BearerToken</c> + <c>SignatureType=BEARERTOKEN</c> (RPC). The token is the OAuth2
    /// access token — the STS triple — and is checked like a signed STS call, without HMAC or nonce.
    /// </summary>
    private AuthenticatedCall AuthenticateBearer(HttpRequest request, RequestParameters parameters)
    {
        var header = Header(request, "x-acs-bearer-token");
        var token = header ?? parameters["BearerToken"];
        var type = header is not null ? Header(request, "x-acs-signature-type") : parameters["SignatureType"];
        if (!string.Equals(type, "BEARERTOKEN", StringComparison.Ordinal))
        {
            throw ApiErrors.IncompleteSignature(header is not null
                ? "A bearer token needs the header x-acs-signature-type: BEARERTOKEN."
                : "A BearerToken parameter needs SignatureType=BEARERTOKEN.");
        }

        if (string.IsNullOrEmpty(token) || OAuth.StsAccessToken.TryDecode(token) is not { } sts)
        {
            throw ApiErrors.InvalidParameterFormat("The bearer token is not an OAuth2 access token (base64url JSON of STS credentials).");
        }

        var credential = FindCredential(sts.AccessKeyId);
        if (credential.OAuthToken is null || !FixedTimeEquals(credential.AccessKeySecret, sts.AccessKeySecret))
        {
            throw ApiErrors.SecurityTokenMismatch();
        }

        CheckSecurityToken(credential, sts.SecurityToken);
        return header is not null
            ? new AuthenticatedCall(credential, Header(request, "x-acs-action"), Header(request, "x-acs-version"))
            : new AuthenticatedCall(credential, parameters["Action"], parameters["Version"]);
    }

    private void CheckTimestamp(string value, string name)
    {
        if (!DateTimeOffset.TryParseExact(value.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
        {
            throw ApiErrors.TimestampFormat(name);
        }

        var now = _time.GetUtcNow();
        if ((now - when).Duration() > _tolerance)
        {
            throw ApiErrors.TimestampExpired(value, now);
        }
    }

    private CccEmulatorCredential FindCredential(string accessKeyId) =>
        _credentials.TryGet(accessKeyId, out var credential) ? credential : throw ApiErrors.AccessKeyNotFound(accessKeyId);

    private void CheckSecurityToken(CccEmulatorCredential credential, string? token)
    {
        if (credential.SecurityToken is null)
        {
            if (!string.IsNullOrEmpty(token))
            {
                throw ApiErrors.SecurityTokenMismatch();
            }

            return;
        }

        if (string.IsNullOrEmpty(token))
        {
            throw ApiErrors.SecurityTokenMissing();
        }

        if (!FixedTimeEquals(credential.SecurityToken, token))
        {
            throw ApiErrors.SecurityTokenMismatch();
        }

        if (credential.Expiration is { } expiry && _time.GetUtcNow() >= expiry)
        {
            throw ApiErrors.SecurityTokenExpired();
        }

        if (credential.OAuthToken is { } oauth)
        {
            if (oauth.IsRevoked)
            {
                throw ApiErrors.SecurityTokenRevoked();
            }

            if (!oauth.HasScope(OAuth.OAuthScopes.Ccc))
            {
                throw ApiErrors.StsTokenPermission(OAuth.OAuthScopes.Ccc);
            }
        }
    }

    private static string? Header(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return StringValues.IsNullOrEmpty(values) ? null : string.Join(",", values.Select(v => v?.Trim()));
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
