using Ccc.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="CccClient"/>s with dependency injection.</summary>
/// <remarks>
/// Options are registered with <c>services.AddOptions&lt;CccClientOptions&gt;(name)</c>, bound from a configuration section
/// (by convention <c>Ccc</c>) or set in code, checked by an <see cref="IValidateOptions{TOptions}"/> whose messages name each
/// bad property (never a key's value) and validated when the host starts (<c>ValidateOnStart</c>); each client sends through a named
/// <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/> (<c>Ccc.Sdk:{name}</c>, configurable with
/// <c>services.AddHttpClient(...)</c>); time comes from a registered <see cref="TimeProvider"/>, else
/// <see cref="TimeProvider.System"/>. Credentials: the keys in the options (through
/// <see cref="Ccc.Sdk.Auth.DefaultCredentialChain"/>) when set, else a registered <see cref="Ccc.Sdk.Auth.CccCredential"/>,
/// else the rest of the default chain (environment variables, credentials file). Registering twice is harmless.
/// </remarks>
public static class CccServiceCollectionExtensions
{
    /// <summary>The prefix of the names of the <see cref="HttpClient"/>s the clients use: <c>Ccc.Sdk:</c> + client name.</summary>
    public const string HttpClientNamePrefix = "Ccc.Sdk:";

    /// <summary>Registers the default <see cref="CccClient"/> with options bound from <paramref name="configuration"/> (e.g. the <c>Ccc</c> section).</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCcc(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCcc(Options.Options.DefaultName, configuration);

    /// <summary>Registers the default <see cref="CccClient"/> with options set by <paramref name="configure"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCcc(this IServiceCollection services, Action<CccClientOptions> configure) =>
        services.AddCcc(Options.Options.DefaultName, configure);

    /// <summary>Registers a named <see cref="CccClient"/> (e.g. one per instance or region), obtained from
    /// <see cref="ICccClientFactory.CreateClient"/>, with options bound from <paramref name="configuration"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCcc(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services, name).Bind(configuration);
        return services;
    }

    /// <summary>Registers a named <see cref="CccClient"/> with options set by <paramref name="configure"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddCcc(this IServiceCollection services, string name, Action<CccClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services, name).Configure(configure);
        return services;
    }

    private static OptionsBuilder<CccClientOptions> AddCore(IServiceCollection services, string name)
    {
        var builder = services.AddOptions<CccClientOptions>(name);
        bool registered = services.Any(d => d.ServiceType == typeof(CccClientRegistration) && (d.ImplementationInstance as CccClientRegistration)?.Name == name);
        if (!registered)
        {
            services.AddSingleton(new CccClientRegistration(name));
            builder.ValidateOnStart();
            services.AddHttpClient(HttpClientNamePrefix + name)
                .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan); // CccClientOptions.Timeout applies per attempt.
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CccClientOptions>, CccClientOptionsValidator>());
        services.TryAddSingleton<ICccClientFactory, CccClientFactory>();
        if (name == Options.Options.DefaultName)
        {
            services.TryAddSingleton(sp => sp.GetRequiredService<ICccClientFactory>().CreateClient(Options.Options.DefaultName));
        }

        return builder;
    }
}

/// <summary>Checks <see cref="CccClientOptions"/> without reflection (trim- and AOT-safe): every rule of
/// <see cref="CccClientOptions.Validate"/>, each message naming its property, never a key's value.</summary>
internal sealed class CccClientOptionsValidator : IValidateOptions<CccClientOptions>
{
    public ValidateOptionsResult Validate(string? name, CccClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.GetValidationErrors().Select(e => $"CccClientOptions.{e.Member}: {e.Message}").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
