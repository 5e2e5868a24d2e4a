using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ccc.Sdk.AspNetCore.OAuth;

/// <summary>
/// The account cookie: the CCC account id and login name, the CRM user it belongs to (claim type and value) and its
/// expiry, data-protected. A cookie read on a request of another CRM user, or after its expiry, counts as no account
/// and is deleted — a browser shared by two CRM users must not sign the second with the first one's STS keys.
/// </summary>
internal static class CccOAuthAccountCookie
{
    // A new purpose: cookies of the earlier, unbound format no longer unprotect (their users sign in again).
    private const string Purpose = "Ccc.Sdk.AspNetCore.OAuth.Account.v2";

    private static readonly string[] DefaultUserIdClaimTypes = [ClaimTypes.NameIdentifier, "sub", ClaimTypes.Name];

    /// <summary>The claim type and value identifying <paramref name="user"/>, or <see langword="null"/> when not signed in or without such a claim.</summary>
    public static (string Type, string Value)? UserKey(ClaimsPrincipal? user, string? claimType)
    {
        if (!IsAuthenticated(user))
        {
            return null;
        }

        foreach (string type in claimType is null ? DefaultUserIdClaimTypes : [claimType])
        {
            if (user!.FindFirst(type)?.Value is { Length: > 0 } value)
            {
                return (type, value);
            }
        }

        return null;
    }

    public static bool IsAuthenticated(ClaimsPrincipal? user) => user?.Identities.Any(i => i.IsAuthenticated) == true;

    /// <summary>The protected cookie value for <paramref name="result"/>, bound to <paramref name="user"/> (or to an anonymous browser) until now + <paramref name="lifetime"/>.</summary>
    public static string Protect(HttpContext context, CccOAuthSignInResult result, (string Type, string Value)? user, TimeSpan lifetime)
    {
        var payload = new Payload(result.AccountId, result.UserName, user?.Type, user?.Value, (Clock(context).GetUtcNow() + lifetime).ToUnixTimeSeconds());
        byte[] bytes = Protector(context).Protect(JsonSerializer.SerializeToUtf8Bytes(payload, CccOAuthAccountJsonContext.Default.Payload));
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The account of the cookie when it belongs to the request's CRM user and has not expired; otherwise deletes it and returns <see langword="null"/>.</summary>
    public static CccOAuthAccount? Read(HttpContext context, string cookieName)
    {
        if (!context.Request.Cookies.TryGetValue(cookieName, out string? cookie) || string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(Protector(context).Unprotect(Convert.FromBase64String(cookie)), CccOAuthAccountJsonContext.Default.Payload);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or JsonException)
        {
            payload = null;
        }

        if (payload is not { AccountId.Length: > 0 } || !BelongsTo(payload, context.User) || Clock(context).GetUtcNow().ToUnixTimeSeconds() >= payload.ExpiresAt)
        {
            Forget(context, cookieName);
            return null;
        }

        return new CccOAuthAccount(payload.AccountId, payload.UserName is { Length: > 0 } name ? name : null);
    }

    /// <summary>Tells the browser to drop the cookie (a no-op once the response has started).</summary>
    public static void Forget(HttpContext context, string cookieName)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.Cookies.Delete(cookieName);
        }
    }

    private static bool BelongsTo(Payload payload, ClaimsPrincipal? user)
    {
        if (payload.UserClaimType is null)
        {
            // Signed in to CCC without a CRM user: good only while no CRM user is signed in.
            return !IsAuthenticated(user);
        }

        return IsAuthenticated(user) && user!.FindFirst(payload.UserClaimType)?.Value is { } value
            && string.Equals(value, payload.UserId, StringComparison.Ordinal);
    }

    private static IDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static TimeProvider Clock(HttpContext context) =>
        context.RequestServices.GetService<CccOAuthApplication>()?.Options.TimeProvider ?? TimeProvider.System;

    /// <summary>The protected content; <see cref="ExpiresAt"/> in Unix seconds.</summary>
    internal sealed record Payload(string AccountId, string? UserName, string? UserClaimType, string? UserId, long ExpiresAt);
}

/// <summary>Source-generated JSON for the account cookie.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(CccOAuthAccountCookie.Payload))]
internal sealed partial class CccOAuthAccountJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
