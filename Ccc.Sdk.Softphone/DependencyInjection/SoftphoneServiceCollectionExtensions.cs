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
    /// <paramref name="configure"/>; <see cref="SoftphoneHost"/> without <c>Options</c> uses it. Registering twice is harmless
    /// (both configurations apply, in order).</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCccSoftphone(this IServiceCollection services, Action<SoftphoneOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SoftphoneOptions>().Configure(configure);
        services.TryAddScoped(static provider => new Softphone(
            provider.GetRequiredService<IJSRuntime>(),
            provider.GetRequiredService<IOptions<SoftphoneOptions>>().Value,
            provider.GetService<ILogger<Softphone>>()));
        return services;
    }
}
