using Ccc.Sdk;
using Ccc.Sdk.Softphone;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the browser softphone (<see cref="Softphone"/>) with dependency injection.</summary>
public static class SoftphoneServiceCollectionExtensions
{
    /// <summary>Registers a scoped <see cref="Softphone"/> (one per Blazor circuit or WebAssembly app) with options set by
    /// <paramref name="configure"/>; <see cref="SoftphoneHost"/> without <c>Options</c> uses it. Each scope's softphone gets
    /// its own copy of the options, so what <see cref="SoftphoneHost"/> adds for its user (the anti-forgery header) never
    /// reaches another user. Also registers the <see cref="CccWorkbenchProxyRoute"/> that <c>MapCccWorkbenchProxy</c> fills,
    /// so <see cref="SoftphoneHost"/> can default <see cref="SoftphoneOptions.AjaxPath"/> to it. Registering twice is
    /// harmless (both configurations apply, in order).</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCccSoftphone(this IServiceCollection services, Action<SoftphoneOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SoftphoneOptions>().Configure(configure);
        services.TryAddSingleton<CccWorkbenchProxyRoute>();
        services.TryAddScoped(static provider => new Softphone(
            provider.GetRequiredService<IJSRuntime>(),
            SoftphoneOptionsCopy.Of(provider.GetRequiredService<IOptions<SoftphoneOptions>>().Value),
            provider.GetService<ILogger<Softphone>>()));
        return services;
    }
}
