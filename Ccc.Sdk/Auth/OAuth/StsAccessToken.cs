using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace Ccc.Sdk.Auth;

/// <summary>Reads an <c>AliyunSTS</c> access token: base64url JSON <c>{AccessKeyId, AccessKeySecret, SecurityToken, Expiration}</c>.</summary>
internal static class StsAccessToken
{
    /// <summary>Decodes <paramref name="accessToken"/> into STS credentials expiring at the earlier of its <c>Expiration</c> and <paramref name="expiresOn"/>.</summary>
    /// <exception cref="CccCredentialException">The token is not base64url JSON with the three STS parts (the message never shows the token).</exception>
    public static CccCredentials Decode(string accessToken, DateTimeOffset? expiresOn)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        byte[] json;
        try
        {
            string padded = accessToken.Trim().TrimEnd('=');
            json = Base64Url.DecodeFromChars(padded);
        }
        catch (FormatException)
        {
            throw new CccCredentialException("The OAuth2 access token is not base64url: expected token_type AliyunSTS with base64url JSON STS credentials.");
        }

        string? id = null, secret = null, token = null, expiration = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CccCredentialException("The OAuth2 access token is not a JSON object of STS credentials.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                string? value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                switch (property.Name)
                {
                    case "AccessKeyId": id = value; break;
                    case "AccessKeySecret": secret = value; break;
                    case "SecurityToken": token = value; break;
                    case "Expiration": expiration = value; break;
                }
            }
        }
        catch (JsonException)
        {
            throw new CccCredentialException("The OAuth2 access token is not JSON: expected base64url JSON STS credentials.");
        }

        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(secret) || string.IsNullOrWhiteSpace(token))
        {
            throw new CccCredentialException("The OAuth2 access token lacks AccessKeyId, AccessKeySecret or SecurityToken.");
        }

        DateTimeOffset? expires = expiresOn;
        if (expiration is not null &&
            DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var stsExpiry) &&
            (expires is null || stsExpiry < expires))
        {
            expires = stsExpiry;
        }

        try
        {
            return CccCredentials.FromSts(id, secret, token, expires);
        }
        catch (ArgumentException ex)
        {
            throw new CccCredentialException("The OAuth2 access token holds malformed STS credentials: " + ex.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
