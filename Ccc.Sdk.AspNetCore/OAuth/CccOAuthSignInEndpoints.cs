using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.AspNetCore.OAuth;

/// <summary>The <c>/login</c>, <c>/callback</c> and <c>/logout</c> endpoints: authorization code with PKCE, the verifier and state in a data-protected cookie.</summary>
internal sealed partial class CccOAuthSignInEndpoints(CccOAuthSignInOptions options, string prefix, ILogger logger)
{
    private const string CorrelationPurpose = "Ccc.Sdk.AspNetCore.OAuth.Correlation";

    public async Task LoginAsync(HttpContext context)
    {
        var app = context.RequestServices.GetRequiredService<CccOAuthApplication>();
        string? returnUrl = context.Request.Query["returnUrl"];
        returnUrl = IsLocalUrl(returnUrl) ? returnUrl : options.DefaultReturnUrl;
        string? loginHint = context.Request.Query["login_hint"];
        var request = context.Request;
        var redirectUri = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{prefix}/callback");

        CccOAuthAuthorizationRequest authorization;
        try
        {
            authorization = await app.CreateAuthorizationRequestAsync(redirectUri, loginHint, context.RequestAborted);
        }
        catch (CccCredentialException ex)
        {
            LogFailed(logger, "login", ex.Message);
            await WriteErrorAsync(context, StatusCodes.Status502BadGateway, "The sign-in service is not reachable.");
            return;
        }

        var correlation = new Correlation(authorization.State, authorization.CodeVerifier, redirectUri.AbsoluteUri, returnUrl!);
        byte[] protectedBytes = Protector(context, CorrelationPurpose).ToTimeLimitedDataProtector()
            .Protect(JsonSerializer.SerializeToUtf8Bytes(correlation, CccOAuthJsonContext.Default.Correlation), options.CorrelationLifetime);
        context.Response.Cookies.Append(options.CorrelationCookieName, Convert.ToBase64String(protectedBytes), new CookieOptions
        {
            HttpOnly = true,
            Secure = request.IsHttps,
            SameSite = request.IsHttps ? SameSiteMode.None : SameSiteMode.Lax, // a form_post callback is a cross-site POST: None over https
            Path = request.PathBase + prefix,
            MaxAge = options.CorrelationLifetime,
            IsEssential = true,
        });
        context.Response.Redirect(authorization.AuthorizationUri.AbsoluteUri);
    }

    public async Task CallbackAsync(HttpContext context)
    {
        var request = context.Request;
        IFormCollection? form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted) : null;
        string? Read(string name) => form is not null && form.TryGetValue(name, out var v) ? v.ToString() : request.Query[name].ToString();

        var correlation = ReadCorrelation(context);
        context.Response.Cookies.Delete(options.CorrelationCookieName, new CookieOptions { Path = request.PathBase + prefix });
        if (correlation is null)
        {
            await WriteErrorAsync(context, 400, "The sign-in expired or was started in another browser: sign in again.");
            return;
        }

        string? state = Read("state");
        if (string.IsNullOrEmpty(state) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), Encoding.UTF8.GetBytes(correlation.State)))
        {
            await WriteErrorAsync(context, 400, "The sign-in state does not match: sign in again.");
            return;
        }

        if (Read("error") is { Length: > 0 } error)
        {
            LogFailed(logger, "callback", error);
            await WriteErrorAsync(context, 400, $"The sign-in was refused ({Sanitize(error)}).");
            return;
        }

        string? code = Read("code");
        if (string.IsNullOrWhiteSpace(code))
        {
            await WriteErrorAsync(context, 400, "The callback has no authorization code.");
            return;
        }

        var app = context.RequestServices.GetRequiredService<CccOAuthApplication>();
        CccOAuthSignInResult result;
        try
        {
            result = await app.RedeemCodeAsync(code, correlation.Verifier, new Uri(correlation.RedirectUri), context.RequestAborted);
        }
        catch (CccCredentialException ex)
        {
            LogFailed(logger, "callback", ex.Message);
            await WriteErrorAsync(context, 400, "The authorization code was not accepted: sign in again.");
            return;
        }

        string account = result.AccountId + "\n" + result.UserName;
        byte[] accountBytes = Protector(context, CccOAuthHttpContextExtensions.AccountPurpose).Protect(Encoding.UTF8.GetBytes(account));
        context.Response.Cookies.Append(options.AccountCookieName, Convert.ToBase64String(accountBytes), new CookieOptions
        {
            HttpOnly = true,
            Secure = request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = options.AccountLifetime,
            IsEssential = true,
        });
        LogSignedIn(logger, result.UserName);
        if (options.OnSignedIn is { } onSignedIn)
        {
            await onSignedIn(context, result);
        }

        if (!context.Response.HasStarted)
        {
            context.Response.Redirect(correlation.ReturnUrl);
        }
    }

    public async Task LogoutAsync(HttpContext context)
    {
        string? returnUrl = context.Request.Query["returnUrl"];
        returnUrl = IsLocalUrl(returnUrl) ? returnUrl : options.DefaultReturnUrl;
        var account = context.GetCccOAuthAccount(options.AccountCookieName);
        context.Response.Cookies.Delete(options.AccountCookieName);
        if (account is not null)
        {
            var app = context.RequestServices.GetRequiredService<CccOAuthApplication>();
            try
            {
                await app.RevokeAsync(account.AccountId, context.RequestAborted);
            }
            catch (CccCredentialException ex)
            {
                // The tokens are forgotten locally either way; the issuer may keep them until they expire.
                LogFailed(logger, "logout", ex.Message);
            }
        }

        context.Response.Redirect(returnUrl!);
    }

    /// <summary>A path on this site: starts with one <c>/</c>, not <c>//</c> or <c>/\</c>.</summary>
    internal static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    private Correlation? ReadCorrelation(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(options.CorrelationCookieName, out string? cookie) || string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        try
        {
            byte[] json = Protector(context, CorrelationPurpose).ToTimeLimitedDataProtector().Unprotect(Convert.FromBase64String(cookie), out _);
            return JsonSerializer.Deserialize(json, CccOAuthJsonContext.Default.Correlation);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or JsonException)
        {
            return null;
        }
    }

    private static IDataProtector Protector(HttpContext context, string purpose) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose);

    private static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted);
    }

    private static string Sanitize(string value) =>
        new(value.Take(64).Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').ToArray());

    [LoggerMessage(1, LogLevel.Warning, "CCC OAuth2 sign-in {Step} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string step, string reason);

    [LoggerMessage(2, LogLevel.Information, "CCC OAuth2 sign-in completed for {UserName}.")]
    private static partial void LogSignedIn(ILogger logger, string? userName);

    internal sealed record Correlation(string State, string Verifier, string RedirectUri, string ReturnUrl);
}

/// <summary>Source-generated JSON for the sign-in correlation cookie.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(CccOAuthSignInEndpoints.Correlation))]
internal sealed partial class CccOAuthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
