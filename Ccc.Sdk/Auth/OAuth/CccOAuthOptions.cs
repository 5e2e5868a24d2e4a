using Microsoft.Identity.Client;

namespace Ccc.Sdk.Auth;

/// <summary>Settings of <see cref="CccOAuthApplication"/>: the OAuth2 client registered with Alibaba Cloud (or the emulator).</summary>
public sealed class CccOAuthOptions
{
    /// <summary>The scope every CCC token needs.</summary>
    public const string CccScope = "/acs/ccc";

    /// <summary>The OAuth2 application's client id.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The OAuth2 application's client secret. Never logged.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>
    /// The OpenID Connect issuer: <c>https://oauth.aliyun.com</c> in the cloud, <c>CccEmulator.OAuthIssuer</c>
    /// (<c>https://127.0.0.1:{port}/oauth2</c>) locally. Its <c>/.well-known/openid-configuration</c> names the endpoints.
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>The scopes asked for (MSAL adds <c>openid</c>, <c>profile</c> and <c>offline_access</c>).</summary>
    /// <value><c>/acs/ccc</c>, <c>aliuid</c>.</value>
    public IList<string> Scopes { get; } = [CccScope, "aliuid"];

    /// <summary>Whether calls send the access token as a bearer token (<c>x-acs-bearer-token</c>) instead of signing with the STS keys it holds.</summary>
    /// <value><see langword="false"/>: sign with the STS keys.</value>
    public bool UseBearerToken { get; set; }

    /// <summary>How long before expiry a credential gets a new token (through MSAL's cache and refresh token).</summary>
    /// <value>5 minutes.</value>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The HTTP client MSAL talks to the issuer through, e.g. <see cref="PinnedCertificateHttpClientFactory"/> for the emulator.</summary>
    /// <value><see langword="null"/>: MSAL's own (normal TLS validation).</value>
    public IMsalHttpClientFactory? HttpClientFactory { get; set; }

    /// <summary>Where each user's token cache is persisted.</summary>
    /// <value><see langword="null"/>: a new <see cref="InMemoryCccTokenCacheStore"/>.</value>
    public ICccTokenCacheStore? TokenCacheStore { get; set; }

    /// <summary>The clock credentials decide expiry by.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new ArgumentException("CccOAuthOptions.ClientId is required.");
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            throw new ArgumentException("CccOAuthOptions.ClientSecret is required.");
        }

        if (Issuer is not { IsAbsoluteUri: true } issuer || issuer.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("CccOAuthOptions.Issuer must be an absolute https URI, e.g. https://oauth.aliyun.com or CccEmulator.OAuthIssuer.");
        }

        if (Scopes.Count == 0 || Scopes.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("CccOAuthOptions.Scopes must not be empty or contain blanks; CCC calls need /acs/ccc.");
        }

        if (RefreshMargin < TimeSpan.Zero)
        {
            throw new ArgumentException("CccOAuthOptions.RefreshMargin must not be negative.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}

/// <summary>A prepared authorization request: send the browser to <see cref="AuthorizationUri"/>, keep the rest server-side (e.g. in a protected cookie).</summary>
/// <param name="AuthorizationUri">The issuer's authorize URL with PKCE challenge, state and redirect URI.</param>
/// <param name="State">The state value the callback must return.</param>
/// <param name="CodeVerifier">The PKCE verifier the code is redeemed with. Secret.</param>
/// <param name="RedirectUri">The redirect URI the code is redeemed with.</param>
public sealed record CccOAuthAuthorizationRequest(Uri AuthorizationUri, string State, string CodeVerifier, Uri RedirectUri)
{
    /// <summary>Hides the verifier.</summary>
    public override string ToString() => $"CccOAuthAuthorizationRequest({AuthorizationUri.GetLeftPart(UriPartial.Path)})";
}

/// <summary>The outcome of redeeming an authorization code.</summary>
/// <param name="AccountId">MSAL's home account id: the key of the user's token cache; pass it to <see cref="CccOAuthApplication.GetCredential"/>.</param>
/// <param name="UserName">The signed-in user's name: the id token's <c>upn</c> (<c>login@domain</c>, the form of a CCC <c>UserId</c>), else <c>login_name</c> or <c>preferred_username</c>, or <see langword="null"/>.</param>
/// <param name="Subject">The id token's <c>sub</c>, or <see langword="null"/>.</param>
/// <param name="Credential">The user's credential, ready for a <see cref="CccClient"/>.</param>
public sealed record CccOAuthSignInResult(string AccountId, string? UserName, string? Subject, OAuthCredential Credential);
