using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.AspNetCore.Diagnostics;
using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.AspNetCore.OAuth;

/// <summary>The <c>/login</c>, <c>/callback</c> and <c>/logout</c> endpoints: authorization code with PKCE, the verifier and state in a data-protected cookie.</summary>
/// <param name="options">The validated options.</param>
/// <param name="prefix">The route prefix, <c>/…</c> without a trailing slash.</param>
/// <param name="configuredRedirectUri">The redirect URI from the options; <see langword="null"/> only in Development (then the server's address).</param>
/// <param name="logger">The sign-in log.</param>
internal sealed partial class CccOAuthSignInEndpoints(CccOAuthSignInOptions options, string prefix, Uri? configuredRedirectUri, ILogger logger)
{
    private const string CorrelationPurpose = "Ccc.Sdk.AspNetCore.OAuth.Correlation";

    /// <summary>The largest callback body read, in bytes: an issuer's form_post holds a code, a state and a few short fields.</summary>
    private const long MaxCallbackBodyBytes = 64 * 1024;

    private const int MaxReturnUrlLength = 2048;

    private static readonly FormOptions CallbackFormOptions = new()
    {
        ValueCountLimit = 32,
        KeyLengthLimit = 256,
        ValueLengthLimit = 16 * 1024,
        MultipartBodyLengthLimit = MaxCallbackBodyBytes,
    };

    private Uri? _developmentRedirectUri;

    public async Task LoginAsync(HttpContext context)
    {
        var app = context.RequestServices.GetRequiredService<CccOAuthApplication>();
        string returnUrl = LocalUrlOrNull(context.Request.Query["returnUrl"]) ?? options.DefaultReturnUrl;
        string? loginHint = context.Request.Query["login_hint"];
        var request = context.Request;
        if (RedirectUri(context) is not { } redirectUri)
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "The sign-in is not configured: set CccOAuthSignInOptions.RedirectUri.");
            return;
        }

        CccOAuthAuthorizationRequest authorization;
        try
        {
            authorization = await app.CreateAuthorizationRequestAsync(redirectUri, loginHint, context.RequestAborted);
        }
        catch (CccCredentialException ex)
        {
            Failed("login", ex.Message);
            await WriteErrorAsync(context, StatusCodes.Status502BadGateway, "The sign-in service is not reachable.");
            return;
        }

        bool secure = IsSecure(request, redirectUri);
        var correlation = new Correlation(authorization.State, authorization.CodeVerifier, redirectUri.AbsoluteUri, returnUrl);
        byte[] protectedBytes = Protector(context, CorrelationPurpose).ToTimeLimitedDataProtector()
            .Protect(JsonSerializer.SerializeToUtf8Bytes(correlation, CccOAuthJsonContext.Default.Correlation), options.CorrelationLifetime);
        context.Response.Cookies.Append(options.CorrelationCookieName, Convert.ToBase64String(protectedBytes), new CookieOptions
        {
            HttpOnly = true,
            Secure = secure,
            SameSite = secure ? SameSiteMode.None : SameSiteMode.Lax, // a form_post callback is a cross-site POST: None over https
            Path = request.PathBase + prefix,
            MaxAge = options.CorrelationLifetime,
            IsEssential = true,
        });
        context.Response.Redirect(authorization.AuthorizationUri.AbsoluteUri);
    }

    public async Task CallbackAsync(HttpContext context)
    {
        var request = context.Request;
        IFormCollection? form = null;
        if (request.HasFormContentType)
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = MaxCallbackBodyBytes;
            }

            try
            {
                form = await request.ReadFormAsync(CallbackFormOptions, context.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
            {
                await WriteErrorAsync(context, 400, "The callback's form is too large or malformed: sign in again.");
                return;
            }
        }

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
            Failed("callback", UntrustedText.ForLog(error)!);
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
        var redirectUri = new Uri(correlation.RedirectUri);
        CccOAuthSignInResult result;
        try
        {
            result = await app.RedeemCodeAsync(code, correlation.Verifier, redirectUri, context.RequestAborted);
        }
        catch (CccCredentialException ex)
        {
            Failed("callback", ex.Message);
            await WriteErrorAsync(context, 400, "The authorization code was not accepted: sign in again.");
            return;
        }

        // The account cookie is bound to the CRM user OnSignedIn signs in (else the request's user), so it is written
        // as the response starts, once that is known.
        bool secure = IsSecure(request, redirectUri);
        var capture = SignInCapture.Begin(context);
        context.Response.OnStarting(() =>
        {
            var principal = capture.SignedIn ?? (capture.SignedOut ? null : context.User);
            var user = CccOAuthAccountCookie.UserKey(principal, options.UserIdClaimType);
            if (user is null && CccOAuthAccountCookie.IsAuthenticated(principal))
            {
                LogUnbound(logger, options.UserIdClaimType ?? "NameIdentifier, sub or Name");
            }

            context.Response.Cookies.Append(options.AccountCookieName, CccOAuthAccountCookie.Protect(context, result, user, options.AccountLifetime), new CookieOptions
            {
                HttpOnly = true,
                Secure = secure,
                SameSite = SameSiteMode.Lax,
                MaxAge = options.AccountLifetime,
                IsEssential = true,
            });
            return Task.CompletedTask;
        });
        LogSignedIn(logger, UntrustedText.ForLog(result.UserName));
        try
        {
            if (options.OnSignedIn is { } onSignedIn)
            {
                await onSignedIn(context, result);
            }
        }
        finally
        {
            capture.End();
        }

        if (!context.Response.HasStarted)
        {
            context.Response.Redirect(correlation.ReturnUrl);
        }
    }

    public async Task LogoutAsync(HttpContext context)
    {
        if (!await IsSameOriginAsync(context))
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "The sign-out must be posted from this site's own pages.");
            return;
        }

        string returnUrl = LocalUrlOrNull(context.Request.Query["returnUrl"]) ?? options.DefaultReturnUrl;
        try
        {
            await context.SignOutCccOAuthAsync(options.AccountCookieName, context.RequestAborted);
        }
        catch (CccCredentialException ex)
        {
            // The tokens are forgotten locally either way; the issuer may keep them until they expire.
            Failed("logout", ex.Message);
        }

        context.Response.Redirect(returnUrl);
    }

    /// <summary>
    /// <paramref name="url"/> as a path on this site that is safe in a <c>Location</c> header: it starts with one
    /// <c>/</c> (not <c>//</c> or <c>/\</c>), has no control characters, and non-ASCII text is percent-encoded as UTF-8;
    /// <see langword="null"/> when it is none of that (e.g. holds a lone surrogate) or longer than 2,048 characters.
    /// </summary>
    internal static string? LocalUrlOrNull(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxReturnUrlLength || url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\'))
        {
            return null;
        }

        var safe = new StringBuilder(url.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < url.Length; i++)
        {
            char c = url[i];
            if (char.IsControl(c))
            {
                return null;
            }

            if (char.IsAscii(c) && c is not (' ' or '\\'))
            {
                safe.Append(c);
                continue;
            }

            int length;
            if (char.IsHighSurrogate(c) && i + 1 < url.Length && char.IsLowSurrogate(url[i + 1]))
            {
                length = new Rune(c, url[++i]).EncodeToUtf8(utf8);
            }
            else if (Rune.TryCreate(c, out var rune))
            {
                length = rune.EncodeToUtf8(utf8);
            }
            else
            {
                return null; // a lone surrogate is not text
            }

            foreach (byte b in utf8[..length])
            {
                safe.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return safe.ToString();
    }

    /// <summary>The configured redirect URI, else (Development) the server's first listening address; never the request's <c>Host</c>.</summary>
    private Uri? RedirectUri(HttpContext context)
    {
        if (configuredRedirectUri is not null)
        {
            return configuredRedirectUri;
        }

        if (_developmentRedirectUri is { } known)
        {
            return known;
        }

        var addresses = context.RequestServices.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        string? address = addresses?.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var origin))
        {
            return null;
        }

        var builder = new UriBuilder(origin.Scheme, origin.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : origin.Host, origin.Port, prefix + "/callback");
        return _developmentRedirectUri = builder.Uri;
    }

    /// <summary>
    /// Whether a POST comes from this site's own pages: <c>Sec-Fetch-Site: same-origin</c>, or an <c>Origin</c> equal to
    /// the redirect URI's or the request's own origin, or — when the application uses antiforgery — a valid token.
    /// A browser's cross-site form or fetch carries neither, and cannot forge them.
    /// </summary>
    private async Task<bool> IsSameOriginAsync(HttpContext context)
    {
        var request = context.Request;
        if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (request.Headers.Origin.ToString() is { Length: > 0 } origin && !origin.Contains(',', StringComparison.Ordinal))
        {
            string own = $"{request.Scheme}://{request.Host.Value}";
            string? configured = (configuredRedirectUri ?? _developmentRedirectUri)?.GetLeftPart(UriPartial.Authority);
            if (string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) || string.Equals(origin, configured, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (context.RequestServices.GetService<IAntiforgery>() is { } antiforgery)
        {
            try
            {
                return await antiforgery.IsRequestValidAsync(context);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException or AntiforgeryValidationException)
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsSecure(HttpRequest request, Uri redirectUri) => request.IsHttps || redirectUri.Scheme == Uri.UriSchemeHttps;

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

    // Anyone can make a sign-in step fail (a forged callback, a refused consent): at most ten such warnings a minute.
    private readonly LogRateLimit _failures = new(10, TimeProvider.System);

    private void Failed(string step, string reason)
    {
        var (log, pausing, suppressedBefore) = _failures.Next();
        if (suppressedBefore > 0)
        {
            LogFailuresSuppressed(logger, suppressedBefore);
        }

        if (log)
        {
            LogFailed(logger, step, reason);
        }
        else if (pausing)
        {
            LogFailuresPaused(logger, _failures.PerMinute);
        }
    }

    [LoggerMessage(4, LogLevel.Warning, "CCC OAuth2 sign-in failed more than {PerMinute} times this minute; further failures are counted, not logged, until the minute is over.")]
    private static partial void LogFailuresPaused(ILogger logger, int perMinute);

    [LoggerMessage(5, LogLevel.Warning, "CCC OAuth2 sign-in failed {Count} more times in the previous minute without logging each.")]
    private static partial void LogFailuresSuppressed(ILogger logger, int count);

    [LoggerMessage(1, LogLevel.Warning, "CCC OAuth2 sign-in {Step} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string step, string reason);

    [LoggerMessage(2, LogLevel.Information, "CCC OAuth2 sign-in completed for {UserName}.")]
    private static partial void LogSignedIn(ILogger logger, string? userName);

    [LoggerMessage(3, LogLevel.Warning, "CCC OAuth2 sign-in: the signed-in CRM user has no {ClaimType} claim, so the CCC account cookie only counts while no CRM user is signed in; set CccOAuthSignInOptions.UserIdClaimType.")]
    private static partial void LogUnbound(ILogger logger, string claimType);

    internal sealed record Correlation(string State, string Verifier, string RedirectUri, string ReturnUrl);
}

/// <summary>Source-generated JSON for the sign-in correlation cookie.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(CccOAuthSignInEndpoints.Correlation))]
internal sealed partial class CccOAuthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
