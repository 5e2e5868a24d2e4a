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
}
