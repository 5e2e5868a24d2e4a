namespace Ccc.Sdk.Auth;

/// <summary>
/// One snapshot of the keys a request is signed with: an AccessKey pair, optionally with an STS security token,
/// or an OAuth2 bearer token. <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class CccCredentials
{
    private CccCredentials(string? accessKeyId, string? accessKeySecret, string? securityToken, string? bearerToken, DateTimeOffset? expiresOn)
    {
        AccessKeyId = accessKeyId;
        AccessKeySecret = accessKeySecret;
        SecurityToken = securityToken;
        BearerToken = bearerToken;
        ExpiresOn = expiresOn;
    }

    /// <summary>The AccessKey id (<c>LTAI…</c>, or <c>STS.…</c> for temporary keys); <see langword="null"/> for bearer tokens.</summary>
    public string? AccessKeyId { get; }

    /// <summary>The AccessKey secret; <see langword="null"/> for bearer tokens.</summary>
    public string? AccessKeySecret { get; }

    /// <summary>The STS security token, sent as <c>x-acs-security-token</c> / <c>SecurityToken</c>.</summary>
    public string? SecurityToken { get; }

    /// <summary>The OAuth2 bearer token, sent instead of an HMAC signature.</summary>
    public string? BearerToken { get; }

    /// <summary>When these credentials stop working; <see langword="null"/> for long-lived AccessKeys.</summary>
    public DateTimeOffset? ExpiresOn { get; }

    /// <summary>Long-lived AccessKey credentials. Both parts are trimmed and validated.</summary>
    /// <exception cref="ArgumentException">A part is empty or contains white space or control characters.</exception>
    public static CccCredentials FromAccessKey(string accessKeyId, string accessKeySecret) =>
        new(Validate(accessKeyId, nameof(accessKeyId)), Validate(accessKeySecret, nameof(accessKeySecret)), null, null, null);

    /// <summary>Temporary STS credentials (AccessKey + security token), valid until <paramref name="expiresOn"/> if given.</summary>
    /// <exception cref="ArgumentException">A part is empty or malformed.</exception>
    public static CccCredentials FromSts(string accessKeyId, string accessKeySecret, string securityToken, DateTimeOffset? expiresOn = null) =>
        new(Validate(accessKeyId, nameof(accessKeyId)), Validate(accessKeySecret, nameof(accessKeySecret)), Validate(securityToken, nameof(securityToken)), null, expiresOn);

    /// <summary>An OAuth2 bearer token, valid until <paramref name="expiresOn"/> if given.</summary>
    /// <exception cref="ArgumentException">The token is empty or malformed.</exception>
    public static CccCredentials FromBearerToken(string bearerToken, DateTimeOffset? expiresOn = null) =>
        new(null, null, null, Validate(bearerToken, nameof(bearerToken)), expiresOn);

    /// <summary>Whether the credentials are expired, or expire within <paramref name="margin"/>, at <paramref name="now"/>.</summary>
    public bool IsExpiring(DateTimeOffset now, TimeSpan margin) => ExpiresOn is { } expires && expires - margin <= now;

    /// <summary>A description without any secret: the kind, a masked key id and the expiry.</summary>
    public override string ToString()
    {
        string kind = BearerToken is not null ? "Bearer" : SecurityToken is not null ? "Sts" : "AccessKey";
        string id = AccessKeyId is null ? string.Empty : $" AccessKeyId={Mask(AccessKeyId)}";
        string expiry = ExpiresOn is { } e ? $" ExpiresOn={e:O}" : string.Empty;
        return $"CccCredentials({kind}{id}{expiry})";
    }

    /// <summary>Masks an AccessKey id for logs: the first four characters, then <c>***</c>.</summary>
    public static string Mask(string? accessKeyId) =>
        string.IsNullOrEmpty(accessKeyId) ? string.Empty : accessKeyId.Length <= 4 ? "***" : accessKeyId[..4] + "***";

    private static string Validate(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        string trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException($"The credential part '{name}' is empty.", name);
        }

        foreach (char c in trimmed)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                throw new ArgumentException($"The credential part '{name}' contains white space or a control character.", name);
            }
        }

        return trimmed;
    }
}
