using Ccc.Sdk.AspNetCore.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the application's event and CDR handlers, the dispatcher and the reconciliation sweep on the builder
/// returned by <c>services.AddCccWebhooks(…)</c>.</summary>
/// <remarks>
/// <para>The dispatcher is registered by the first <see cref="AddEventHandler{T}"/>, <see cref="AddCdrHandler{T}"/> or
/// <see cref="AddDispatcher(CccWebhooksBuilder, Action{CccEventDispatchOptions}?)"/>; a receiver without handlers only stores events (another process can dispatch them from a
/// shared PostgreSQL inbox). Registering twice is harmless and the option callbacks add up.</para>
/// <para>Everything is per receiver, keyed by <see cref="CccWebhooksBuilder.Name"/>: handlers (keyed scoped services),
/// options (named), the <see cref="CccEventDispatcher"/>, its <see cref="ICccEventInboxSignal"/>,
/// <see cref="CccEventInboxAdmin"/> and the <see cref="CccCdrReconciler"/> (keyed singletons). For the default receiver
/// (the empty name) the signal, the admin service, the dispatcher and the reconciler are also resolvable without a key.</para>
/// </remarks>
public static class CccWebhooksBuilderDispatchExtensions
{
    /// <summary>Adds an <see cref="ICccEventHandler"/> (scoped: one instance per event) and the dispatcher.</summary>
    /// <typeparam name="T">The handler.</typeparam>
    /// <param name="builder">The webhooks builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddEventHandler<T>(this CccWebhooksBuilder builder)
        where T : class, ICccEventHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.KeyedScoped<ICccEventHandler, T>(builder.Name));
        return builder.AddDispatcher();
    }

    /// <summary>Adds an <see cref="ICccCdrHandler"/> (scoped: one instance per record) and the dispatcher. The records are
    /// fetched with the <see cref="Ccc.Sdk.CccClient"/> named by <see cref="CccEventDispatchOptions.ClientName"/>
    /// (register it with <c>services.AddCcc(…)</c>).</summary>
    /// <typeparam name="T">The handler.</typeparam>
    /// <param name="builder">The webhooks builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddCdrHandler<T>(this CccWebhooksBuilder builder)
        where T : class, ICccCdrHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.KeyedScoped<ICccCdrHandler, T>(builder.Name));
        return builder.AddDispatcher();
    }

    /// <summary>Adds the receiver's <see cref="CccEventDispatcher"/> hosted service, its <see cref="ICccEventInboxSignal"/>
    /// and <see cref="CccEventInboxAdmin"/> (replay), with options bound from <paramref name="configuration"/> (by
    /// convention the <c>Ccc:Webhooks:Dispatch</c> section: <c>MaxConcurrency</c>, <c>HandlerTimeout</c>, …), then set by
    /// <paramref name="configure"/>. The options are validated when the host starts.</summary>
    /// <param name="builder">The webhooks builder.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Sets more options after the configuration; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddDispatcher(this CccWebhooksBuilder builder, IConfiguration configuration, Action<CccEventDispatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<CccEventDispatchOptions>(builder.Name).Bind(configuration);
        return builder.AddDispatcher(configure);
    }

    /// <summary>Adds the receiver's <see cref="CccEventDispatcher"/> hosted service, its <see cref="ICccEventInboxSignal"/>
    /// and <see cref="CccEventInboxAdmin"/> (replay), with options set by <paramref name="configure"/>. The options are
    /// validated when the host starts (<c>ValidateOnStart</c>; a bad value is an <see cref="OptionsValidationException"/>
    /// naming the property).</summary>
    /// <param name="builder">The webhooks builder.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> keeps the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddDispatcher(this CccWebhooksBuilder builder, Action<CccEventDispatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        string name = builder.Name;
        var options = services.AddOptions<CccEventDispatchOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (Registered<CccEventDispatcher>(services, name))
        {
            return builder;
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CccEventDispatchOptions>>(new RulesValidator<CccEventDispatchOptions>(o => o.Failures())));

        services.AddKeyedSingleton(name, (_, _) => new CccEventInboxSignal());
        services.AddKeyedSingleton<ICccEventInboxSignal>(name, (sp, _) => sp.GetRequiredKeyedService<CccEventInboxSignal>(name));
        services.AddKeyedSingleton(name, (sp, _) => new CccEventDispatcher(
            Inbox(sp, name),
            sp,
            Options.Options.Create(sp.GetRequiredService<IOptionsMonitor<CccEventDispatchOptions>>().Get(name)),
            sp.GetRequiredKeyedService<CccEventInboxSignal>(name),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<CccEventDispatcher>>(),
            handlerKey: name));
        services.AddKeyedSingleton(name, (sp, _) => new CccEventInboxAdmin(
            Inbox(sp, name),
            sp.GetRequiredKeyedService<ICccEventInboxSignal>(name),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<CccEventInboxAdmin>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<CccEventDispatcher>(name));
        if (name.Length == 0)
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<CccEventInboxSignal>(name));
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<ICccEventInboxSignal>(name));
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<CccEventDispatcher>(name));
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<CccEventInboxAdmin>(name));
        }

        return builder;
    }

    /// <summary>Adds the receiver's <see cref="CccCdrReconciler"/> hosted service with options bound from
    /// <paramref name="configuration"/> (by convention the <c>Ccc:Webhooks:Reconciliation</c> section: <c>Interval</c>,
    /// <c>Lookback</c>, <c>Delay</c>, <c>ClientName</c>, <c>InstanceId</c>), then set by <paramref name="configure"/>.
    /// The options are validated when the host starts.</summary>
    /// <param name="builder">The webhooks builder.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Sets more options after the configuration; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddReconciliation(this CccWebhooksBuilder builder, IConfiguration configuration, Action<CccReconciliationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<CccReconciliationOptions>(builder.Name).Bind(configuration);
        return builder.AddReconciliation(configure);
    }

    /// <summary>Adds the receiver's <see cref="CccCdrReconciler"/> hosted service with options set by
    /// <paramref name="configure"/>, validated when the host starts (<c>ValidateOnStart</c>). It lists records with the <see cref="Ccc.Sdk.CccClient"/> named by
    /// <see cref="CccReconciliationOptions.ClientName"/> (register it with <c>services.AddCcc(…)</c>) and wakes the
    /// receiver's dispatcher when it added some.</summary>
    /// <param name="builder">The webhooks builder.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> keeps the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddReconciliation(this CccWebhooksBuilder builder, Action<CccReconciliationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        string name = builder.Name;
        var options = services.AddOptions<CccReconciliationOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (Registered<CccCdrReconciler>(services, name))
        {
            return builder;
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CccReconciliationOptions>>(new RulesValidator<CccReconciliationOptions>(o => o.Failures())));

        services.AddKeyedSingleton(name, (sp, _) => new CccCdrReconciler(
            Inbox(sp, name),
            sp,
            Options.Options.Create(sp.GetRequiredService<IOptionsMonitor<CccReconciliationOptions>>().Get(name)),
            sp.GetKeyedService<ICccEventInboxSignal>(name),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<CccCdrReconciler>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<CccCdrReconciler>(name));
        if (name.Length == 0)
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<CccCdrReconciler>(name));
        }

        return builder;
    }

    private static bool Registered<T>(IServiceCollection services, string name) =>
        services.Any(d => d.IsKeyedService && d.ServiceType == typeof(T) && Equals(d.ServiceKey, name));

    /// <summary>The receiver's inbox (registered by <c>AddCccWebhooks</c> keyed by its name); for the default receiver an
    /// unkeyed one will do.</summary>
    private static ICccEventInbox Inbox(IServiceProvider services, string name) =>
        services.GetKeyedService<ICccEventInbox>(name)
        ?? (name.Length == 0 ? services.GetService<ICccEventInbox>() : null)
        ?? throw new InvalidOperationException($"No ICccEventInbox is registered for the webhook receiver '{name}': call services.AddCccWebhooks(...) and choose a store (UseInMemory, UseSqlite, UsePostgres or UseInbox).");
}
