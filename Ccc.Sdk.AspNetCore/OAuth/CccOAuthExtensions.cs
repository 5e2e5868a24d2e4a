using Ccc.Sdk.AspNetCore.OAuth;
using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Registers and maps the CCC OAuth2 sign-in (docs/authentication.md).</summary>
public static class CccOAuthExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="CccOAuthApplication"/> and data protection. When <see cref="CccOAuthOptions.TokenCacheStore"/>
    /// is not set, users' token caches go to a <see cref="DistributedCccTokenCacheStore"/> if an <see cref="IDistributedCache"/>
    /// is registered, else to process memory.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCccOAuth(this IServiceCollection services, Action<CccOAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddDataProtection();
        services.AddSingleton(sp =>
        {
            var options = new CccOAuthOptions();
            configure(options);
            if (options.TokenCacheStore is null && sp.GetService<IDistributedCache>() is { } cache)
            {
                options.TokenCacheStore = new DistributedCccTokenCacheStore(cache, sp.GetRequiredService<IDataProtectionProvider>());
            }

            return new CccOAuthApplication(options);
        });
        return services;
    }

    /// <summary>
    /// Maps <c>GET {prefix}/login[?returnUrl=/local/path&amp;login_hint=user]</c> (redirects to the issuer's authorize endpoint
    /// with PKCE S256 and the configured redirect URI; the verifier, state and return URL go in a data-protected cookie),
    /// <c>GET|POST {prefix}/callback</c> (checks the state, redeems the code, stores the user's token cache, calls
    /// <see cref="CccOAuthSignInOptions.OnSignedIn"/>, sets the account cookie — bound to the CRM user signed in, with an
    /// expiry — read by <c>HttpContext.GetCccOAuthAccount()</c>, and redirects back) and
    /// <c>POST {prefix}/logout[?returnUrl=/local/path]</c> (same-origin only: revokes the user's tokens at the issuer with
    /// <see cref="CccOAuthApplication.RevokeAsync"/>, forgets them, deletes the account cookie and redirects back; signing
    /// the user out of the CRM itself is the application's own business — see <c>HttpContext.SignOutCccOAuthAsync()</c>).
    /// Errors are 400 (403 for a cross-site sign-out) with a short text, never a token. Requires <c>services.AddCccOAuth(…)</c>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="prefix">The route prefix, e.g. <c>/ccc/oauth</c>.</param>
    /// <param name="configure">Sets the options: <see cref="CccOAuthSignInOptions.RedirectUri"/> or
    /// <see cref="CccOAuthSignInOptions.PublicBaseUri"/> is required outside Development.</param>
    /// <returns>The group of the endpoints (anonymous).</returns>
    /// <exception cref="ArgumentException">The prefix or options are invalid, or no redirect URI is configured outside Development.</exception>
    /// <exception cref="InvalidOperationException"><c>AddCccOAuth</c> was not called.</exception>
    public static RouteGroupBuilder MapCccOAuthSignIn(this IEndpointRouteBuilder endpoints, string prefix, Action<CccOAuthSignInOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        prefix = "/" + prefix.Trim().Trim('/');
        if (endpoints.ServiceProvider.GetService<CccOAuthApplication>() is null)
        {
            throw new InvalidOperationException("MapCccOAuthSignIn needs services.AddCccOAuth(…).");
        }

        var options = new CccOAuthSignInOptions();
        configure?.Invoke(options);
        options.Validate();
        var redirectUri = options.ConfiguredRedirectUri(prefix);
        if (redirectUri is null && endpoints.ServiceProvider.GetService<IHostEnvironment>()?.IsDevelopment() != true)
        {
            throw new ArgumentException(
                $"MapCccOAuthSignIn needs CccOAuthSignInOptions.RedirectUri (e.g. https://crm.example.com{prefix}/callback) or PublicBaseUri outside Development: the redirect URI is never taken from the request's Host header.");
        }

        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Ccc.Sdk.AspNetCore.OAuth");
        var handlers = new CccOAuthSignInEndpoints(options, prefix, redirectUri, logger);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/login", handlers.LoginAsync);
        group.MapMethods("/callback", ["GET", "POST"], handlers.CallbackAsync).DisableAntiforgery();
        group.MapPost("/logout", handlers.LogoutAsync).DisableAntiforgery(); // checked in the handler: same origin or the app's token
        group.AllowAnonymous();
        return group;
    }
}
