using Ccc.Sdk.AspNetCore.OAuth;
using Ccc.Sdk.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Http;

/// <summary>Reads and drops the CCC OAuth2 identity attached to a request by <c>MapCccOAuthSignIn</c>.</summary>
public static class CccOAuthHttpContextExtensions
{
    /// <summary>The default account cookie name.</summary>
    public const string DefaultAccountCookieName = ".Ccc.OAuth.Account";

    /// <summary>The claim that may carry the account id instead of the cookie (e.g. set in <see cref="CccOAuthSignInOptions.OnSignedIn"/>).</summary>
    public const string AccountIdClaimType = "ccc_oauth_account";

    /// <summary>
    /// The CCC account of the request: the <see cref="AccountIdClaimType"/> claim of the signed-in user, else the
    /// data-protected account cookie — only when it was issued to the same CRM user (see
    /// <see cref="CccOAuthSignInOptions.UserIdClaimType"/>) and has not expired; such a cookie of another user, an
    /// expired or unreadable one, is deleted. <see langword="null"/> when the browser has no CCC sign-in of this user.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public static CccOAuthAccount? GetCccOAuthAccount(this HttpContext context, string cookieName = DefaultAccountCookieName)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.FindFirst(AccountIdClaimType)?.Value is { Length: > 0 } claimed)
        {
            return new CccOAuthAccount(claimed, context.User.FindFirst("ccc_user_id")?.Value);
        }

        return CccOAuthAccountCookie.Read(context, cookieName);
    }

    /// <summary>
    /// Deletes the account cookie, so this browser has no CCC sign-in any more; the user's tokens stay in the token
    /// cache (use <see cref="SignOutCccOAuthAsync"/> to revoke them too). Call it when the CRM user signs out.
    /// Does nothing once the response has started.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public static void ForgetCccOAuthAccount(this HttpContext context, string cookieName = DefaultAccountCookieName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(cookieName);
        CccOAuthAccountCookie.Forget(context, cookieName);
    }

    /// <summary>
    /// Signs the request's CCC account out: deletes the account cookie, then revokes the user's tokens at the issuer and
    /// forgets them (<see cref="CccOAuthApplication.RevokeAsync"/>). Call it when the CRM user signs out (before
    /// <c>HttpContext.SignOutAsync</c>: the cookie only counts for the user it was issued to). Without an account it only
    /// deletes the cookie.
    /// </summary>
    /// <returns>The account that was signed out, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="CccCredentialException">The issuer refused or could not be reached; the tokens are forgotten locally anyway (the message never shows a token).</exception>
    public static async Task<CccOAuthAccount?> SignOutCccOAuthAsync(this HttpContext context, string cookieName = DefaultAccountCookieName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(cookieName);
        var account = context.GetCccOAuthAccount(cookieName);
        CccOAuthAccountCookie.Forget(context, cookieName);
        if (account is not null && context.RequestServices.GetService<CccOAuthApplication>() is { } app)
        {
            await app.RevokeAsync(account.AccountId, cancellationToken).ConfigureAwait(false);
        }

        return account;
    }
}
