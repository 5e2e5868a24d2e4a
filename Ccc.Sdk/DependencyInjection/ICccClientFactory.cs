using System.Collections.Concurrent;
using Ccc.Sdk.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk;

/// <summary>Creates the <see cref="CccClient"/>s registered with <c>services.AddCcc(name, …)</c>.</summary>
public interface ICccClientFactory
{
    /// <summary>Returns the client registered under <paramref name="name"/> (<see cref="Options.DefaultName"/>, the empty
    /// string, for <c>services.AddCcc(section)</c>). The same instance is returned for the same name.</summary>
    /// <exception cref="InvalidOperationException">No client of that name was registered.</exception>
    /// <exception cref="OptionsValidationException">The client's options are invalid.</exception>
    /// <exception cref="CccCredentialException">No credentials were found for the client.</exception>
    CccClient CreateClient(string name);
}

/// <summary>Marks a registered client name.</summary>
internal sealed record CccClientRegistration(string Name);

internal sealed class CccClientFactory(
    IServiceProvider services,
    IOptionsMonitor<CccClientOptions> options,
    IHttpClientFactory httpClientFactory,
    IEnumerable<CccClientRegistration> registrations) : ICccClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<CccClient>> _clients = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = registrations.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

    public CccClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_names.Contains(name))
        {
            throw new InvalidOperationException($"No CCC client named '{name}' is registered; call services.AddCcc(\"{name}\", ...).");
        }

        return _clients.GetOrAdd(name, n => new Lazy<CccClient>(() => Create(n))).Value;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }

    private CccClient Create(string name)
    {
        var clientOptions = options.Get(name);
        CccCredential credential = !string.IsNullOrWhiteSpace(clientOptions.AccessKeyId)
            ? new DefaultCredentialChain(clientOptions)
            : services.GetService<CccCredential>() ?? new DefaultCredentialChain(clientOptions);
        return new CccClient(
            credential,
            clientOptions,
            httpClientFactory.CreateClient(CccServiceCollectionExtensions.HttpClientNamePrefix + name),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>());
    }
}
