namespace Microsoft.Extensions.DependencyInjection;

// TEMPORARY (helper "dispatch"): the minimal builder until helper "inbox" lands the real CccWebhooksBuilder; delete this file then.

/// <summary>Configures the webhook receiver registered by <c>AddCccWebhooks</c>: its handlers, dispatcher and reconciliation.</summary>
/// <param name="services">The service collection.</param>
/// <param name="name">The receiver's name.</param>
public sealed class CccWebhooksBuilder(IServiceCollection services, string name)
{
    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>The receiver's name (the empty string for the default receiver).</summary>
    public string Name { get; } = name;
}
