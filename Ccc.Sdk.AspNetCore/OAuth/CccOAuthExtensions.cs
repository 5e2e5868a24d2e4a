using Ccc.Sdk.AspNetCore.OAuth;
using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
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
    /// with PKCE S256; the verifier, state and return URL go in a data-protected cookie) and <c>GET|POST {prefix}/callback</c>
    /// (checks the state, redeems the code, stores the user's token cache, sets the account cookie read by
    /// <c>HttpContext.GetCccOAuthAccount()</c>, calls <see cref="CccOAuthSignInOptions.OnSignedIn"/> and redirects back) and
    /// <c>POST {prefix}/logout[?returnUrl=/local/path]</c> (revokes the user's tokens at the issuer with
    /// <see cref="CccOAuthApplication.RevokeAsync"/>, forgets them, deletes the account cookie and redirects back; signing
    /// the user out of the CRM itself is the application's own business).
    /// Errors are 400 with a short text, never a token. Requires <c>services.AddCccOAuth(…)</c>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="prefix">The route prefix, e.g. <c>/ccc/oauth</c>; the redirect URI is <c>{origin}{prefix}/callback</c>.</param>
    /// <param name="configure">Sets the options; optional.</param>
    /// <returns>The group of the endpoints (anonymous).</returns>
    /// <exception cref="ArgumentException">The prefix or options are invalid.</exception>
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
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Ccc.Sdk.AspNetCore.OAuth");
        var handlers = new CccOAuthSignInEndpoints(options, prefix, logger);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/login", handlers.LoginAsync);
        group.MapMethods("/callback", ["GET", "POST"], handlers.CallbackAsync).DisableAntiforgery();
        group.MapPost("/logout", handlers.LogoutAsync).DisableAntiforgery();
        group.AllowAnonymous();
        return group;
    }
}
