using Ccc.Sdk.Samples.Crm.Softphone;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the agent's desk: the softphone bar's controls and number masking.</summary>
public static class DeskServiceCollectionExtensions
{
    /// <summary>Adds <see cref="MaskingPreferences"/> (one per application: each agent's setting) and
    /// <see cref="DeskDirectory"/> (one per circuit: break reasons and transfer targets, read once).</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCrmDesk(this IServiceCollection services)
    {
        services.AddSingleton<MaskingPreferences>();
        services.AddScoped<DeskDirectory>();
        return services;
    }
}
