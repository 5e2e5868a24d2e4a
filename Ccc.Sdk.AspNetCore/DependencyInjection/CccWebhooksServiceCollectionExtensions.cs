using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the call-center webhook receiver (docs/events.md): options, the durable inbox, its schema and retention.</summary>
/// <remarks>
/// Options follow the library's one pattern (docs/decisions/0023-options-and-packages.md): <c>Add*</c> registers them
/// (<c>services.AddOptions&lt;CccWebhookOptions&gt;(name)</c>), from a configuration section (by convention
/// <c>Ccc:Webhooks</c>) and/or code, checks them with an <see cref="IValidateOptions{TOptions}"/> whose messages name
/// each bad property, and validates them when the host starts (<c>ValidateOnStart</c>); <c>app.MapCccWebhooks(pattern)</c>
/// only maps the route.
/// </remarks>
public static class CccWebhooksServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default webhook receiver: <see cref="CccWebhookOptions"/>, its <see cref="ICccEventInbox"/> (the store
    /// chosen with a <c>Use…</c> method; also resolvable unkeyed) and a hosted service that creates the inbox schema at
    /// start and applies retention. Map the endpoint with <c>app.MapCccWebhooks(pattern)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: a store (<see cref="CccWebhookOptions.UseInMemory"/>, <c>UseSqlite</c> of
    /// Ccc.Sdk.AspNetCore.Sqlite, <c>UsePostgres</c> of Ccc.Sdk.AspNetCore.PostgreSql, <see cref="CccWebhookOptions.UseInbox"/>)
    /// and at least one secret unless another authentication is chosen (<see cref="CccWebhookOptions.UseSharedToken"/>,
    /// <see cref="CccWebhookOptions.UseAuthenticator"/>, a keyed <c>ICccWebhookAuthenticator</c> of the receiver's name,
    /// or <see cref="CccWebhooksBuilder.AddAuthenticator{TAuthenticator}"/>).</param>
    /// <returns>A builder for further registrations on this receiver (handlers, reconciliation).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddCccWebhooks(this IServiceCollection services, Action<CccWebhookOptions> configure) =>
        services.AddCccWebhooks(Options.Options.DefaultName, configure);

    /// <summary>Registers the default webhook receiver with options read from configuration
    /// (<see cref="CccWebhookConfiguration"/>: the authentication and its secrets or tokens, the store, its settings), then
    /// <paramref name="configure"/>. A value the section gets wrong fails the host's start, naming the key.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, by convention <c>builder.Configuration.GetSection("Ccc:Webhooks")</c>.</param>
    /// <param name="configure">Sets more options after the configuration (e.g. <c>o.UseSqlite(section.GetSection("Sqlite"))</c>); optional.</param>
    /// <returns>A builder for further registrations on this receiver (handlers, reconciliation).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddCccWebhooks(this IServiceCollection services, IConfiguration configuration, Action<CccWebhookOptions>? configure = null) =>
        services.AddCccWebhooks(Options.Options.DefaultName, configuration, configure);

    /// <summary>Registers a named webhook receiver with options read from configuration, then <paramref name="configure"/>
    /// (see <see cref="AddCccWebhooks(IServiceCollection, IConfiguration, Action{CccWebhookOptions}?)"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The receiver's name, passed to <c>MapCccWebhooks(pattern, name)</c>.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Sets more options after the configuration; optional.</param>
    /// <returns>A builder for further registrations on this receiver (handlers, reconciliation).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A receiver of this name was registered already.</exception>
    public static CccWebhooksBuilder AddCccWebhooks(this IServiceCollection services, string name, IConfiguration configuration, Action<CccWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddCccWebhooks(name, o =>
        {
            try
            {
                CccWebhookConfiguration.Apply(configuration, o);
            }
            catch (InvalidOperationException ex)
            {
                // Reported by the validation at start (an OptionsValidationException naming the key), never a value.
                o.ConfigurationErrors.Add(ex.Message);
            }

            configure?.Invoke(o);
        });
    }

    /// <summary>Registers a named webhook receiver (several subscriptions, each with its own secrets and inbox); its services are keyed by <paramref name="name"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The receiver's name, passed to <c>MapCccWebhooks(pattern, name)</c>.</param>
    /// <param name="configure">Sets the options (see <see cref="AddCccWebhooks(IServiceCollection, Action{CccWebhookOptions})"/>).</param>
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

        services.AddLogging();
        services.AddOptions<CccWebhookOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CccWebhookOptions>, CccWebhookOptionsValidator>());
        services.AddKeyedSingleton<ICccEventInbox>(name, (sp, _) =>
        {
            // Validated: a receiver without a store fails here (and at start) with the validation's message.
            var options = sp.GetRequiredService<IOptionsMonitor<CccWebhookOptions>>().Get(name);
            return options.InboxFactory!.Invoke(sp);
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

/// <summary>Checks a registered receiver's <see cref="CccWebhookOptions"/> (all their rules; each message names the property).</summary>
internal sealed class CccWebhookOptionsValidator(IServiceProvider services) : IValidateOptions<CccWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, CccWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        name ??= Options.Options.DefaultName;
        var keyed = services.GetService<IServiceProviderIsKeyedService>();
        if (keyed is not null && !keyed.IsKeyedService(typeof(CccWebhookReceiver), name))
        {
            return ValidateOptionsResult.Skip; // not a receiver's options
        }

        // Standard Webhooks (and so its secrets) unless the options or a keyed service of the receiver's name authenticate.
        bool standardWebhooks = options.AuthenticatorFactory is null
            && (options.StandardWebhooksChosen || keyed?.IsKeyedService(typeof(ICccWebhookAuthenticator), name) != true);
        var failures = options.ConfigurationErrors.Concat(options.Failures(standardWebhooks)).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
