using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.Http;

namespace Ccc.Sdk.AspNetCore.OAuth;

/// <summary>Options of the OAuth2 sign-in endpoints mapped by <c>MapCccOAuthSignIn</c>.</summary>
public sealed class CccOAuthSignInOptions
{
    /// <summary>The cookie holding the PKCE verifier, state and return URL between <c>/login</c> and <c>/callback</c> (data-protected, HttpOnly).</summary>
    /// <value><c>.Ccc.OAuth.Correlation</c>.</value>
    public string CorrelationCookieName { get; set; } = ".Ccc.OAuth.Correlation";

    /// <summary>The cookie holding the signed-in user's CCC account (data-protected, HttpOnly); read by <c>HttpContext.GetCccOAuthAccount()</c>.</summary>
    /// <value><c>.Ccc.OAuth.Account</c>.</value>
    public string AccountCookieName { get; set; } = CccOAuthHttpContextExtensions.DefaultAccountCookieName;

    /// <summary>How long a sign-in may take between <c>/login</c> and <c>/callback</c>.</summary>
    /// <value>10 minutes.</value>
    public TimeSpan CorrelationLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the account cookie lives.</summary>
    /// <value>30 days (the refresh token's default lifetime).</value>
    public TimeSpan AccountLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Where the browser goes after sign-in when <c>/login</c> got no local <c>returnUrl</c>.</summary>
    /// <value><c>/</c>.</value>
    public string DefaultReturnUrl { get; set; } = "/";

    /// <summary>
    /// Called after the code was redeemed and the account cookie set: sign the CRM user in (e.g. <c>HttpContext.SignInAsync</c>
    /// with a <c>ccc_user_id</c> claim from <see cref="CccOAuthSignInResult.UserName"/>) or attach the identity to the current user.
    /// </summary>
    /// <value><see langword="null"/>: only the account cookie.</value>
    public Func<HttpContext, CccOAuthSignInResult, Task>? OnSignedIn { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(CorrelationCookieName);
        ArgumentException.ThrowIfNullOrWhiteSpace(AccountCookieName);
        if (CorrelationLifetime <= TimeSpan.Zero || AccountLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("CccOAuthSignInOptions lifetimes must be positive.");
        }

        if (!CccOAuthSignInEndpoints.IsLocalUrl(DefaultReturnUrl))
        {
            throw new ArgumentException("CccOAuthSignInOptions.DefaultReturnUrl must be a local path such as /.");
        }
    }
}

/// <summary>The CCC identity of the browser, from the account cookie (or a claim).</summary>
/// <param name="AccountId">The key of the user's token cache: pass it to <see cref="CccOAuthApplication.GetCredential"/>.</param>
/// <param name="UserName">The CCC login name (e.g. <c>agent1@ccc-local</c>), or <see langword="null"/>.</param>
public sealed record CccOAuthAccount(string AccountId, string? UserName);
