using System.Globalization;
using Ccc.Sdk.AspNetCore.OAuth;
using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Registers and maps the CCC OAuth2 sign-in (docs/authentication.md).</summary>
/// <remarks>Options follow the library's one pattern (docs/decisions/0023-options-and-packages.md): <c>AddCccOAuth</c> and
/// <c>AddCccOAuthSignIn</c> register them (<c>services.AddOptions&lt;T&gt;()</c>), from a configuration section and/or code,
/// check them with an <see cref="IValidateOptions{TOptions}"/> whose messages name each bad property (never a secret's
/// value) and validate them when the host starts (<c>ValidateOnStart</c>); <c>MapCccOAuthSignIn(prefix)</c> only maps
/// the routes.</remarks>
public static class CccOAuthExtensions
{
    /// <summary>
    /// Registers <see cref="CccOAuthOptions"/> (set by <paramref name="configure"/>), a singleton <see cref="CccOAuthApplication"/>
    /// built from them, and data protection. When <see cref="CccOAuthOptions.TokenCacheStore"/> is not set, users' token
    /// caches go to a <see cref="DistributedCccTokenCacheStore"/> if an <see cref="IDistributedCache"/> is registered,
    /// else to process memory.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (<see cref="CccOAuthOptions.ClientId"/>, <see cref="CccOAuthOptions.ClientSecret"/>, <see cref="CccOAuthOptions.Issuer"/> are required).</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCccOAuth(this IServiceCollection services, Action<CccOAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        RegisterOAuth(services).Configure(configure);
        return services;
    }

    /// <summary>
    /// Registers <see cref="CccOAuthOptions"/> read from <paramref name="configuration"/> (by convention the <c>Ccc:OAuth</c>
    /// section: <c>ClientId</c>, <c>ClientSecret</c>, <c>Issuer</c>, <c>Scopes</c> — replacing the default list —,
    /// <c>UseBearerToken</c>, <c>RefreshMargin</c>), then <paramref name="configure"/>; otherwise as
    /// <see cref="AddCccOAuth(IServiceCollection, Action{CccOAuthOptions})"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Sets more options after the configuration (e.g. the HTTP client factory); optional.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddCccOAuth(this IServiceCollection services, IConfiguration configuration, Action<CccOAuthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = RegisterOAuth(services).Configure(o => CccOAuthConfiguration.Apply(configuration, o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services;
    }

    /// <summary>Registers the options of the sign-in endpoints mapped by <see cref="MapCccOAuthSignIn"/>, set by
    /// <paramref name="configure"/>. Needs <c>AddCccOAuth(…)</c> too.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: <see cref="CccOAuthSignInOptions.RedirectUri"/> or
    /// <see cref="CccOAuthSignInOptions.PublicBaseUri"/> is required outside Development.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCccOAuthSignIn(this IServiceCollection services, Action<CccOAuthSignInOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        RegisterSignIn(services).Configure(configure);
        return services;
    }

    /// <summary>Registers the options of the sign-in endpoints mapped by <see cref="MapCccOAuthSignIn"/>, bound from
    /// <paramref name="configuration"/> (by convention the <c>Ccc:OAuth:SignIn</c> section: <c>RedirectUri</c>,
    /// <c>PublicBaseUri</c>, <c>UserIdClaimType</c>, cookie names, lifetimes, <c>DefaultReturnUrl</c>), then set by
    /// <paramref name="configure"/> (e.g. <see cref="CccOAuthSignInOptions.OnSignedIn"/>, which only code can set).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Sets more options after the configuration; optional.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddCccOAuthSignIn(this IServiceCollection services, IConfiguration configuration, Action<CccOAuthSignInOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = RegisterSignIn(services).Bind(configuration);
        if (configure is not null)
        {
            options.Configure(configure);
        }

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
    /// Errors are 400 (403 for a cross-site sign-out) with a short text, never a token. The options come from
    /// <c>services.AddCccOAuthSignIn(…)</c>, the application from <c>services.AddCccOAuth(…)</c>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="prefix">The route prefix, e.g. <c>/ccc/oauth</c>.</param>
    /// <returns>The group of the endpoints (anonymous).</returns>
    /// <exception cref="ArgumentException">The prefix is blank.</exception>
    /// <exception cref="InvalidOperationException"><c>AddCccOAuth</c> or <c>AddCccOAuthSignIn</c> was not called.</exception>
    /// <exception cref="OptionsValidationException">The sign-in options are invalid (e.g. no redirect URI outside Development).</exception>
    public static RouteGroupBuilder MapCccOAuthSignIn(this IEndpointRouteBuilder endpoints, string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        prefix = "/" + prefix.Trim().Trim('/');
        var services = endpoints.ServiceProvider;
        if (services.GetService<CccOAuthRegistration>() is null)
        {
            throw new InvalidOperationException("MapCccOAuthSignIn needs services.AddCccOAuth(…) (the OAuth2 application: client id, secret, issuer).");
        }

        if (services.GetService<CccOAuthSignInRegistration>() is null)
        {
            throw new InvalidOperationException("MapCccOAuthSignIn needs services.AddCccOAuthSignIn(…) (the sign-in's options: RedirectUri or PublicBaseUri, OnSignedIn).");
        }

        var options = services.GetRequiredService<IOptions<CccOAuthSignInOptions>>().Value;
        var redirectUri = options.ConfiguredRedirectUri(prefix); // validated: null only in Development (then the server's address)
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Ccc.Sdk.AspNetCore.OAuth");
        var handlers = new CccOAuthSignInEndpoints(options, prefix, redirectUri, logger);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/login", handlers.LoginAsync);
        group.MapMethods("/callback", ["GET", "POST"], handlers.CallbackAsync).DisableAntiforgery();
        group.MapPost("/logout", handlers.LogoutAsync).DisableAntiforgery(); // checked in the handler: same origin or the app's token
        group.AllowAnonymous();
        return group;
    }

    private static OptionsBuilder<CccOAuthOptions> RegisterOAuth(IServiceCollection services)
    {
        services.AddDataProtection();
        services.TryAddSingleton<CccOAuthRegistration>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CccOAuthOptions>, CccOAuthOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CccOAuthOptions>>().Value;
            if (options.TokenCacheStore is null && sp.GetService<IDistributedCache>() is { } cache)
            {
                options.TokenCacheStore = new DistributedCccTokenCacheStore(cache, sp.GetRequiredService<IDataProtectionProvider>());
            }

            return new CccOAuthApplication(options);
        });
        return services.AddOptions<CccOAuthOptions>().ValidateOnStart();
    }

    private static OptionsBuilder<CccOAuthSignInOptions> RegisterSignIn(IServiceCollection services)
    {
        services.TryAddSingleton<CccOAuthSignInRegistration>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CccOAuthSignInOptions>, CccOAuthSignInOptionsValidator>());
        return services.AddOptions<CccOAuthSignInOptions>().ValidateOnStart();
    }
}

/// <summary>Marks that <c>AddCccOAuth</c> was called.</summary>
internal sealed class CccOAuthRegistration;

/// <summary>Marks that <c>AddCccOAuthSignIn</c> was called.</summary>
internal sealed class CccOAuthSignInRegistration;

/// <summary>Checks <see cref="CccOAuthOptions"/> with the rules <see cref="CccOAuthApplication"/> applies (the message names the setting, never the secret).</summary>
internal sealed class CccOAuthOptionsValidator : IValidateOptions<CccOAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, CccOAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            _ = new CccOAuthApplication(options); // cheap: it checks the options and keeps them
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}

/// <summary>Checks <see cref="CccOAuthSignInOptions"/> (every rule; each message names the property).</summary>
internal sealed class CccOAuthSignInOptionsValidator(IServiceProvider services) : IValidateOptions<CccOAuthSignInOptions>
{
    public ValidateOptionsResult Validate(string? name, CccOAuthSignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool development = services.GetService<IHostEnvironment>()?.IsDevelopment() == true;
        var failures = options.Failures(development).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Reads <see cref="CccOAuthOptions"/> from configuration without reflection (its service-typed properties are code-only).</summary>
internal static class CccOAuthConfiguration
{
    public static void Apply(IConfiguration section, CccOAuthOptions options)
    {
        if (section["ClientId"] is { Length: > 0 } clientId)
        {
            options.ClientId = clientId;
        }

        if (section["ClientSecret"] is { Length: > 0 } clientSecret)
        {
            options.ClientSecret = clientSecret;
        }

        if (section["Issuer"] is { Length: > 0 } issuer)
        {
            // A value that is not an absolute URI is kept as a relative one, which the validation refuses by name.
            options.Issuer = Uri.TryCreate(issuer, UriKind.Absolute, out var absolute) ? absolute : new Uri("invalid", UriKind.Relative);
        }

        var scopes = section.GetSection("Scopes").GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        if (scopes.Count > 0)
        {
            options.Scopes.Clear();
            foreach (var scope in scopes)
            {
                options.Scopes.Add(scope!.Trim());
            }
        }

        if (section["UseBearerToken"] is { Length: > 0 } bearer)
        {
            options.UseBearerToken = bool.TryParse(bearer, out bool value) ? value : throw new InvalidOperationException(Path(section) + "UseBearerToken must be true or false.");
        }

        if (section["RefreshMargin"] is { Length: > 0 } margin)
        {
            options.RefreshMargin = TimeSpan.TryParse(margin, CultureInfo.InvariantCulture, out var value) ? value : throw new InvalidOperationException(Path(section) + "RefreshMargin must be a time span (e.g. 00:05:00).");
        }
    }

    private static string Path(IConfiguration section) => section is IConfigurationSection named ? named.Path + ":" : string.Empty;
}
