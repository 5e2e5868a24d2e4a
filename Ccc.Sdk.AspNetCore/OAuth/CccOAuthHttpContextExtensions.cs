using System.Text;
using Ccc.Sdk.AspNetCore.OAuth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Http;

/// <summary>Reads the CCC OAuth2 identity attached to a request by <c>MapCccOAuthSignIn</c>.</summary>
public static class CccOAuthHttpContextExtensions
{
    /// <summary>The default account cookie name.</summary>
    public const string DefaultAccountCookieName = ".Ccc.OAuth.Account";

    /// <summary>The claim that may carry the account id instead of the cookie (e.g. set in <see cref="CccOAuthSignInOptions.OnSignedIn"/>).</summary>
    public const string AccountIdClaimType = "ccc_oauth_account";

    internal const string AccountPurpose = "Ccc.Sdk.AspNetCore.OAuth.Account";

    /// <summary>
    /// The CCC account of the request: the <see cref="AccountIdClaimType"/> claim of the signed-in user, else the
    /// data-protected account cookie; <see langword="null"/> when the browser has not signed in to CCC.
    /// </summary>
    public static CccOAuthAccount? GetCccOAuthAccount(this HttpContext context, string cookieName = DefaultAccountCookieName)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.FindFirst(AccountIdClaimType)?.Value is { Length: > 0 } claimed)
        {
            return new CccOAuthAccount(claimed, context.User.FindFirst("ccc_user_id")?.Value);
        }

        if (!context.Request.Cookies.TryGetValue(cookieName, out string? cookie) || string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        try
        {
            var protector = context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(AccountPurpose);
            string[] parts = Encoding.UTF8.GetString(protector.Unprotect(Convert.FromBase64String(cookie))).Split('\n');
            return parts.Length == 2 && parts[0].Length > 0 ? new CccOAuthAccount(parts[0], parts[1].Length > 0 ? parts[1] : null) : null;
        }
        catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
