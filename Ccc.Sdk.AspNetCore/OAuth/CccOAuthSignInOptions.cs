using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.Http;

namespace Ccc.Sdk.AspNetCore.OAuth;

/// <summary>Options of the OAuth2 sign-in endpoints mapped by <c>MapCccOAuthSignIn</c>.</summary>
public sealed class CccOAuthSignInOptions
{
    /// <summary>
    /// The callback URI registered with the OAuth2 application, e.g. <c>https://crm.example.com/ccc/oauth/callback</c>:
    /// absolute, https (http only on a loopback host), no fragment. It is never taken from the request's <c>Host</c>
    /// header. Set this or <see cref="PublicBaseUri"/>; outside Development one of them is required.
    /// </summary>
    /// <value><see langword="null"/>: <see cref="PublicBaseUri"/> + <c>{prefix}/callback</c>, else (Development only) the
    /// server's first listening address + <c>{prefix}/callback</c>.</value>
    public Uri? RedirectUri { get; set; }

    /// <summary>
    /// The CRM's public address (scheme, host, port and path base, e.g. <c>https://crm.example.com</c>): the redirect
    /// URI is <c>{PublicBaseUri}{prefix}/callback</c>. Ignored when <see cref="RedirectUri"/> is set.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public Uri? PublicBaseUri { get; set; }

    /// <summary>
    /// The claim of the CRM user the account cookie is bound to: the cookie only counts for a request whose signed-in
    /// user has the same value. The user is the one <see cref="OnSignedIn"/> signs in (with <c>HttpContext.SignInAsync</c>),
    /// else the request's signed-in user at the callback.
    /// </summary>
    /// <value><see langword="null"/>: the first of <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>,
    /// <c>sub</c> and <see cref="System.Security.Claims.ClaimTypes.Name"/> the user has.</value>
    public string? UserIdClaimType { get; set; }

    /// <summary>The cookie holding the PKCE verifier, state and return URL between <c>/login</c> and <c>/callback</c> (data-protected, HttpOnly).</summary>
    /// <value><c>.Ccc.OAuth.Correlation</c>.</value>
    public string CorrelationCookieName { get; set; } = ".Ccc.OAuth.Correlation";

    /// <summary>The cookie holding the signed-in user's CCC account (data-protected, HttpOnly); read by <c>HttpContext.GetCccOAuthAccount()</c>.</summary>
    /// <value><c>.Ccc.OAuth.Account</c>.</value>
    public string AccountCookieName { get; set; } = CccOAuthHttpContextExtensions.DefaultAccountCookieName;

    /// <summary>How long a sign-in may take between <c>/login</c> and <c>/callback</c>.</summary>
    /// <value>10 minutes.</value>
    public TimeSpan CorrelationLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the account cookie lives; the expiry is also sealed inside its protected payload.</summary>
    /// <value>30 days (the refresh token's default lifetime).</value>
    public TimeSpan AccountLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Where the browser goes after sign-in when <c>/login</c> got no local <c>returnUrl</c>.</summary>
    /// <value><c>/</c>.</value>
    public string DefaultReturnUrl { get; set; } = "/";

    /// <summary>
    /// Called after the code was redeemed: sign the CRM user in (e.g. <c>HttpContext.SignInAsync</c> with a
    /// <c>ccc_user_id</c> claim from <see cref="CccOAuthSignInResult.UserName"/>) or attach the identity to the current user.
    /// The account cookie is written as the response starts, bound to the user signed in here (else the request's user).
    /// </summary>
    /// <value><see langword="null"/>: only the account cookie.</value>
    public Func<HttpContext, CccOAuthSignInResult, Task>? OnSignedIn { get; set; }

    /// <summary>The configured redirect URI (<see cref="RedirectUri"/>, else <see cref="PublicBaseUri"/> + <c>{prefix}/callback</c>), or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The configured URI is not absolute, not https (http only on loopback), or has a fragment or user info.</exception>
    internal Uri? ConfiguredRedirectUri(string prefix)
    {
        if (RedirectUri is { } redirect)
        {
            return CheckPublicUri(redirect, nameof(RedirectUri));
        }

        if (PublicBaseUri is { } baseUri)
        {
            CheckPublicUri(baseUri, nameof(PublicBaseUri));
            if (!string.IsNullOrEmpty(baseUri.Query))
            {
                throw new ArgumentException("CccOAuthSignInOptions.PublicBaseUri must not have a query.");
            }

            return new Uri(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + prefix + "/callback");
        }

        return null;
    }

    private static Uri CheckPublicUri(Uri uri, string name)
    {
        if (!uri.IsAbsoluteUri
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ArgumentException($"CccOAuthSignInOptions.{name} must be an absolute https URI (http only on a loopback host) without fragment or user info, e.g. https://crm.example.com/ccc/oauth/callback.");
        }

        return uri;
    }

    /// <summary>Every rule these options break, each message naming its property.</summary>
    /// <param name="development">Whether the host runs in Development (then no redirect URI is needed: the server's address is used).</param>
    internal IEnumerable<string> Failures(bool development)
    {
        if (UserIdClaimType is not null && string.IsNullOrWhiteSpace(UserIdClaimType))
        {
            yield return "CccOAuthSignInOptions.UserIdClaimType must be null (the default claims) or a claim type.";
        }

        if (string.IsNullOrWhiteSpace(CorrelationCookieName))
        {
            yield return "CccOAuthSignInOptions.CorrelationCookieName must not be blank.";
        }

        if (string.IsNullOrWhiteSpace(AccountCookieName))
        {
            yield return "CccOAuthSignInOptions.AccountCookieName must not be blank.";
        }

        if (CorrelationLifetime <= TimeSpan.Zero)
        {
            yield return "CccOAuthSignInOptions.CorrelationLifetime must be positive.";
        }

        if (AccountLifetime <= TimeSpan.Zero)
        {
            yield return "CccOAuthSignInOptions.AccountLifetime must be positive.";
        }

        if (CccOAuthSignInEndpoints.LocalUrlOrNull(DefaultReturnUrl) != DefaultReturnUrl)
        {
            yield return "CccOAuthSignInOptions.DefaultReturnUrl must be a local ASCII path such as /.";
        }

        string? uriFailure = null;
        Uri? redirect = null;
        try
        {
            redirect = ConfiguredRedirectUri("/ccc/oauth");
        }
        catch (ArgumentException ex)
        {
            uriFailure = ex.Message;
        }

        if (uriFailure is not null)
        {
            yield return uriFailure;
        }
        else if (redirect is null && !development)
        {
            yield return "CccOAuthSignInOptions.RedirectUri (e.g. https://crm.example.com/ccc/oauth/callback) or PublicBaseUri is required outside Development: the redirect URI is never taken from the request's Host header.";
        }
    }
}

/// <summary>The CCC identity of the browser, from the account cookie (or a claim).</summary>
/// <param name="AccountId">The key of the user's token cache: pass it to <see cref="CccOAuthApplication.GetCredential"/>.</param>
/// <param name="UserName">The CCC login name (e.g. <c>agent1@ccc-local</c>), or <see langword="null"/>.</param>
public sealed record CccOAuthAccount(string AccountId, string? UserName);
