using Ccc.Sdk.AspNetCore.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the call-center webhook receiver (docs/events.md): options, the durable inbox, its schema and retention.</summary>
public static class CccWebhooksServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default webhook receiver: <see cref="CccWebhookOptions"/>, its <see cref="ICccEventInbox"/> (SQLite in
    /// <c>ccc-events.db</c> unless a <c>Use…</c> method chose another; also resolvable unkeyed) and a hosted service that
    /// creates the inbox schema at start and applies retention. Map the endpoint with <c>app.MapCccWebhooks(pattern)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; at least one secret is required unless another authentication is chosen
    /// (<see cref="CccWebhookOptions.UseSharedToken"/>, <see cref="CccWebhookOptions.UseAuthenticator"/>, a keyed
    /// <c>ICccWebhookAuthenticator</c> of the receiver's name, or <see cref="CccWebhooksBuilder.AddAuthenticator{TAuthenticator}"/>).</param>
    /// <returns>A builder for further registrations on this receiver (handlers, reconciliation).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddCccWebhooks(this IServiceCollection services, Action<CccWebhookOptions> configure) =>
        services.AddCccWebhooks(Options.Options.DefaultName, configure);

    /// <summary>Registers the default webhook receiver with options read from configuration
    /// (<see cref="CccWebhookConfiguration"/>: the authentication and its secrets or tokens, the store — <c>Sqlite</c>, <c>Postgres</c> or <c>InMemory</c> — and
    /// its settings), then <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, e.g. <c>builder.Configuration.GetSection("CccWebhooks")</c>.</param>
    /// <param name="configure">Sets more options after the configuration; optional.</param>
    /// <returns>A builder for further registrations on this receiver (handlers, reconciliation).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddCccWebhooks(this IServiceCollection services, IConfiguration configuration, Action<CccWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddCccWebhooks(Options.Options.DefaultName, o =>
        {
            CccWebhookConfiguration.Apply(configuration, o);
            configure?.Invoke(o);
        });
    }

    /// <summary>Registers a named webhook receiver (several subscriptions, each with its own secrets and inbox); its services are keyed by <paramref name="name"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The receiver's name, passed to <c>MapCccWebhooks(pattern, name)</c>.</param>
    /// <param name="configure">Sets the options; at least one secret is required unless another authentication is chosen
    /// (<see cref="CccWebhookOptions.UseSharedToken"/>, <see cref="CccWebhookOptions.UseAuthenticator"/>, a keyed
    /// <c>ICccWebhookAuthenticator</c> of the receiver's name, or <see cref="CccWebhooksBuilder.AddAuthenticator{TAuthenticator}"/>).</param>
    /// <returns>A builder for further registrations on this receiver (handlers, reconciliation).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A receiver of this name was registered already.</exception>
    public static CccWebhooksBuilder AddCccWebhooks(this IServiceCollection services, string name, Action<CccWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(CccWebhookReceiver) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException($"A webhook receiver named '{name}' is registered already.");
        }

        services.AddOptions();
        services.AddLogging();
        services.Configure(name, configure);
        services.AddKeyedSingleton<ICccEventInbox>(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<CccWebhookOptions>>().Get(name);
            return options.InboxFactory?.Invoke(sp) ?? new SqliteCccEventInbox(CccWebhookOptions.DefaultSqlitePath);
        });
        if (name.Length == 0)
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<ICccEventInbox>(name));
        }

        services.AddKeyedSingleton(name, (sp, _) => new CccWebhookReceiver(name, sp));
        services.AddSingleton<IHostedService>(sp => new CccWebhookInboxService(sp.GetRequiredKeyedService<CccWebhookReceiver>(name)));
        return new CccWebhooksBuilder(services, name);
    }
}
