using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// What <c>services.AddCccWebhooks(…)</c> returns, for further registrations on the same receiver (event handlers,
/// reconciliation). The receiver's services are keyed by <see cref="Name"/>: its store is
/// <c>GetRequiredKeyedService&lt;ICccEventInbox&gt;(Name)</c> and its options
/// <c>IOptionsMonitor&lt;CccWebhookOptions&gt;.Get(Name)</c>.
/// </summary>
/// <param name="services">The service collection.</param>
/// <param name="name">The receiver's name.</param>
public sealed class CccWebhooksBuilder(IServiceCollection services, string name)
{
    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; } = services ?? throw new ArgumentNullException(nameof(services));

    /// <summary>The receiver's name: the empty string for the default one (<c>AddCccWebhooks(configure)</c>).</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>
    /// Authenticates this receiver's deliveries with <typeparamref name="TAuthenticator"/>, a singleton created from the
    /// container (its constructor may take your services) and registered keyed by <see cref="Name"/>. It replaces the
    /// default Standard Webhooks check; <see cref="CccWebhookOptions.Secrets"/> are then not required.
    /// </summary>
    /// <typeparam name="TAuthenticator">The authenticator.</typeparam>
    /// <returns>This builder.</returns>
    public CccWebhooksBuilder AddAuthenticator<TAuthenticator>()
        where TAuthenticator : class, ICccWebhookAuthenticator
    {
        string name = Name;
        Services.AddKeyedSingleton<ICccWebhookAuthenticator>(name, (sp, _) => ActivatorUtilities.CreateInstance<TAuthenticator>(sp));
        Services.Configure<CccWebhookOptions>(name, o => o.UseAuthenticator(sp => sp.GetRequiredKeyedService<ICccWebhookAuthenticator>(name)));
        return this;
    }
}
