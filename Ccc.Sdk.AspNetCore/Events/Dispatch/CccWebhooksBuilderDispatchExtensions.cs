using Ccc.Sdk.AspNetCore.Events;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the application's event and CDR handlers, the dispatcher and the reconciliation sweep on the builder
/// returned by <c>services.AddCccWebhooks(…)</c>.</summary>
/// <remarks>
/// The dispatcher is registered by the first <see cref="AddEventHandler{T}"/>, <see cref="AddCdrHandler{T}"/> or
/// <see cref="AddDispatcher"/>; a receiver without handlers only stores events (another process can dispatch them from a
/// shared PostgreSQL inbox). One dispatcher and one reconciler per application; registering twice is harmless and the
/// option callbacks add up.
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
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<ICccEventHandler, T>());
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
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<ICccCdrHandler, T>());
        return builder.AddDispatcher();
    }

    /// <summary>Adds the <see cref="CccEventDispatcher"/> hosted service, its <see cref="ICccEventInboxSignal"/> and
    /// <see cref="CccEventInboxAdmin"/> (replay), with options set by <paramref name="configure"/>.</summary>
    /// <param name="builder">The webhooks builder.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> keeps the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddDispatcher(this CccWebhooksBuilder builder, Action<CccEventDispatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<CccEventDispatchOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        string name = builder.Name;
        services.TryAddSingleton<CccEventInboxSignal>();
        services.TryAddSingleton<ICccEventInboxSignal>(sp => sp.GetRequiredService<CccEventInboxSignal>());
        services.TryAddSingleton(sp => new CccEventDispatcher(
            Inbox(sp, name),
            sp,
            sp.GetRequiredService<IOptions<CccEventDispatchOptions>>(),
            sp.GetRequiredService<CccEventInboxSignal>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<CccEventDispatcher>>()));
        services.TryAddSingleton(sp => new CccEventInboxAdmin(
            Inbox(sp, name),
            sp.GetRequiredService<ICccEventInboxSignal>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<CccEventInboxAdmin>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CccEventDispatcher>());
        return builder;
    }

    /// <summary>Adds the <see cref="CccCdrReconciler"/> hosted service with options set by <paramref name="configure"/>. It
    /// lists records with the <see cref="Ccc.Sdk.CccClient"/> named by <see cref="CccReconciliationOptions.ClientName"/>
    /// (register it with <c>services.AddCcc(…)</c>).</summary>
    /// <param name="builder">The webhooks builder.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> keeps the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CccWebhooksBuilder AddReconciliation(this CccWebhooksBuilder builder, Action<CccReconciliationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<CccReconciliationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        string name = builder.Name;
        services.TryAddSingleton(sp => new CccCdrReconciler(
            Inbox(sp, name),
            sp,
            sp.GetRequiredService<IOptions<CccReconciliationOptions>>(),
            sp.GetService<ICccEventInboxSignal>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<CccCdrReconciler>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CccCdrReconciler>());
        return builder;
    }

    /// <summary>The receiver's inbox: registered under its name (keyed) when it has one, else the only one.</summary>
    private static ICccEventInbox Inbox(IServiceProvider services, string name)
    {
        if (name.Length > 0 && services is IKeyedServiceProvider keyed && keyed.GetKeyedService(typeof(ICccEventInbox), name) is ICccEventInbox named)
        {
            return named;
        }

        return services.GetService<ICccEventInbox>()
            ?? throw new InvalidOperationException("No ICccEventInbox is registered: call services.AddCccWebhooks(...) with a store (UseSqlite, UsePostgres or UseInMemory).");
    }
}
