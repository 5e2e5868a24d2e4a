using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Emulator.OAuth;

/// <summary>The scopes the OAuth2 server knows (docs/reference/oauth2.md).</summary>
internal static class OAuthScopes
{
    public const string Ccc = "/acs/ccc";

    public static readonly string[] All = ["openid", "aliuid", "profile", Ccc, "offline_access"];
}

/// <summary>The access token as the cloud issues it: base64url of the STS credentials' JSON (docs/reference/oauth2.md).</summary>
internal sealed record StsAccessToken(string AccessKeyId, string AccessKeySecret, string SecurityToken, DateTimeOffset Expiration)
{
    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("AccessKeyId", AccessKeyId);
            json.WriteString("AccessKeySecret", AccessKeySecret);
            json.WriteString("SecurityToken", SecurityToken);
            json.WriteString("Expiration", Expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return Base64Url.Encode(buffer.ToArray());
    }

    /// <summary>The STS triple in a bearer token, or <see langword="null"/> when it is not one.</summary>
    public static StsAccessToken? TryDecode(string token)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.Decode(token));
            var root = document.RootElement;
            if (!Gateway.JsonText.IsValidText(root))
            {
                return null; // an escaped lone surrogate: not a token this server issued
            }

            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("AccessKeyId", out var id) && id.ValueKind == JsonValueKind.String
                && root.TryGetProperty("AccessKeySecret", out var secret) && secret.ValueKind == JsonValueKind.String
                && root.TryGetProperty("SecurityToken", out var sts) && sts.ValueKind == JsonValueKind.String
                ? new StsAccessToken(id.GetString()!, secret.GetString()!, sts.GetString()!, default)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>base64url without padding (RFC 4648, section 5).</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <exception cref="FormatException">Not base64url.</exception>
    public static byte[] Decode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    public static string Random(int bytes) => Encode(RandomNumberGenerator.GetBytes(bytes));
}

/// <summary>What one sign-in granted: a client, a user, scopes; owns the refresh token and every access token issued from it.</summary>
internal sealed class OAuthGrant
{
    public required string ClientId { get; init; }

    public required Agents.Agent User { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public required string RefreshToken { get; init; }

    public required DateTimeOffset RefreshExpiration { get; init; }

    public string? Nonce { get; init; }

    public volatile bool Revoked;

    public List<OAuthAccessToken> AccessTokens { get; } = [];
}

/// <summary>One issued access token: the STS credential in the credential store points back here for scope and revocation.</summary>
internal sealed class OAuthAccessToken
{
    public required OAuthGrant Grant { get; init; }

    public required string Token { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public required DateTimeOffset Expiration { get; init; }

    public volatile bool Revoked;

    public bool IsRevoked => Revoked || Grant.Revoked;

    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);
}

/// <summary>An authorization code waiting to be redeemed (single use, 5 minutes).</summary>
internal sealed class AuthorizationCode
{
    public required string ClientId { get; init; }

    public required string RedirectUri { get; init; }

    public required string CodeChallenge { get; init; }

    public required Agents.Agent User { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public string? Nonce { get; init; }

    public required DateTimeOffset Expiration { get; init; }

    /// <summary>Set once redeemed; a second redemption revokes what the first one issued (RFC 6749, section 4.1.2).</summary>
    public OAuthGrant? RedeemedGrant { get; set; }

    public bool Redeemed { get; set; }
}
