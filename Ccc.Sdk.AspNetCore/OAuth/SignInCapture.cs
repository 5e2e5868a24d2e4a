using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ccc.Sdk.AspNetCore.OAuth;

/// <summary>
/// Sees which CRM user <c>OnSignedIn</c> signs in: while it runs, the request's services hand out this wrapper of
/// <see cref="IAuthenticationService"/>, which notes the principal of <c>HttpContext.SignInAsync</c> (and a sign-out)
/// and passes every call on. <c>HttpContext.User</c> does not change on sign-in, so it cannot tell.
/// </summary>
internal sealed class SignInCapture : IAuthenticationService, IKeyedServiceProvider, ISupportRequiredService
{
    private readonly HttpContext _context;
    private readonly IServiceProvider _services;
    private readonly IAuthenticationService? _authentication;

    private SignInCapture(HttpContext context)
    {
        _context = context;
        _services = context.RequestServices;
        _authentication = _services.GetService<IAuthenticationService>();
    }

    /// <summary>The principal signed in last, <see langword="null"/> if none (or signed out after).</summary>
    public ClaimsPrincipal? SignedIn { get; private set; }

    /// <summary>Whether a sign-out came after the last sign-in.</summary>
    public bool SignedOut { get; private set; }

    /// <summary>Starts watching <paramref name="context"/>; <see cref="End"/> restores its services.</summary>
    public static SignInCapture Begin(HttpContext context)
    {
        var capture = new SignInCapture(context);
        if (capture._authentication is not null)
        {
            context.RequestServices = capture;
        }

        return capture;
    }

    public void End()
    {
        if (ReferenceEquals(_context.RequestServices, this))
        {
            _context.RequestServices = _services;
        }
    }

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IAuthenticationService) ? this : _services.GetService(serviceType);

    public object GetRequiredService(Type serviceType) =>
        serviceType == typeof(IAuthenticationService) ? this : _services.GetRequiredService(serviceType);

    public object? GetKeyedService(Type serviceType, object? serviceKey) =>
        _services is IKeyedServiceProvider keyed ? keyed.GetKeyedService(serviceType, serviceKey) : null;

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) =>
        _services is IKeyedServiceProvider keyed
            ? keyed.GetRequiredKeyedService(serviceType, serviceKey)
            : throw new InvalidOperationException("The request's service provider does not support keyed services.");

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => _authentication!.AuthenticateAsync(context, scheme);

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => _authentication!.ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => _authentication!.ForbidAsync(context, scheme, properties);

    public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties)
    {
        SignedIn = principal;
        SignedOut = false;
        return _authentication!.SignInAsync(context, scheme, principal, properties);
    }

    public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties)
    {
        SignedIn = null;
        SignedOut = true;
        return _authentication!.SignOutAsync(context, scheme, properties);
    }
}
