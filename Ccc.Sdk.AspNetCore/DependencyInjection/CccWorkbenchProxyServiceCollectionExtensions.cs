using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the options of the softphone (Workbench SDK) back-end proxy mapped by <c>app.MapCccWorkbenchProxy(pattern)</c> (docs/softphone-proxy.md).</summary>
/// <remarks>The options are registered with <c>services.AddOptions&lt;CccWorkbenchProxyOptions&gt;()</c>, from a
/// configuration section (by convention <c>Ccc:WorkbenchProxy</c>) and/or code, checked by an
/// <see cref="IValidateOptions{TOptions}"/> whose messages name each bad property, and validated when the host starts
/// (<c>ValidateOnStart</c>). Calling it again adds to the options.</remarks>
public static class CccWorkbenchProxyServiceCollectionExtensions
{
    /// <summary>Registers the proxy's options, set by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="CccWorkbenchProxyOptions.AllowedOrigins"/> is required outside
    /// Development (in Development an empty list means the application's own addresses).</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCccWorkbenchProxy(this IServiceCollection services, Action<CccWorkbenchProxyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        Register(services).Configure(configure);
        return services;
    }

    /// <summary>Registers the proxy's options, bound from <paramref name="configuration"/> (e.g. the <c>Ccc:WorkbenchProxy</c>
    /// section: <c>AllowedOrigins</c>, <c>InstanceId</c>, <c>ClientName</c>, <c>SupervisorRole</c>, <c>AllowedActions</c>
    /// — added to the default list —, <c>RateLimitPermitLimit</c>, …), then set by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Sets more options after the configuration; optional.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddCccWorkbenchProxy(this IServiceCollection services, IConfiguration configuration, Action<CccWorkbenchProxyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = Register(services).Bind(configuration);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services;
    }

    private static OptionsBuilder<CccWorkbenchProxyOptions> Register(IServiceCollection services)
    {
        services.TryAddSingleton<CccWorkbenchProxyRegistration>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CccWorkbenchProxyOptions>, CccWorkbenchProxyOptionsValidator>());
        return services.AddOptions<CccWorkbenchProxyOptions>().ValidateOnStart();
    }
}

/// <summary>Marks that <c>AddCccWorkbenchProxy</c> was called (<c>MapCccWorkbenchProxy</c> checks it).</summary>
internal sealed class CccWorkbenchProxyRegistration;
