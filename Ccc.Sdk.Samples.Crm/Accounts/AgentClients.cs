using System.Collections.Concurrent;
using Ccc.Sdk.Auth;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.Samples.Crm.Accounts;

/// <summary>
/// One <see cref="CccClient"/> per signed-in agent, on the agent's own OAuth2 credential
/// (<see cref="CccOAuthApplication.GetCredential"/>: STS keys that act as that agent only), for what an agent does from
/// the CRM (click-to-call, hang-up, double call, recordings). The back-office client (<c>AddCcc</c>, the CRM's own
/// AccessKey) stays for webhooks, reconciliation, reports and listings. Clients are kept per CCC account until the
/// agent signs out (<see cref="Forget"/>); the endpoint, region and instance are the back-office client's.
/// </summary>
public sealed class AgentClients(CccOAuthApplication oauth, IOptionsMonitor<CccClientOptions> clientOptions, ILoggerFactory loggerFactory) : IDisposable
{
    /// <summary>At most this many clients are kept; beyond it the cache starts again (clients of agents still working
    /// are made again at their next action).</summary>
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<string, CccClient> _clients = new(StringComparer.Ordinal);
    private HttpClient? _http;

    /// <summary>The client acting as the user's own agent, or <see langword="null"/> when the user has no CCC sign-in
    /// (a sign-in cookie of an older version: the user signs in again).</summary>
    /// <param name="user">The signed-in user.</param>
    /// <returns>The user's client.</returns>
    public CccClient? For(CrmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.CccAccountId is not { Length: > 0 } account)
        {
            return null;
        }

        if (_clients.Count >= Capacity && !_clients.ContainsKey(account))
        {
            // A sample's bound, not an LRU: in-flight requests keep their client; dropped ones are left to the GC.
            _clients.Clear();
        }

        return _clients.GetOrAdd(account, Create);
    }

    /// <summary>Drops the client of a CCC account, when its user signs out. It is not disposed: a request of the same
    /// user may still be using it (another tab), and fails, if at all, with the call center's refusal of the revoked
    /// keys rather than a disposed client; it holds no connection of its own (the HTTP client is shared).</summary>
    /// <param name="accountId">The account (<see cref="CrmUser.CccAccountId"/>).</param>
    public void Forget(string? accountId)
    {
        if (accountId is not null)
        {
            _clients.TryRemove(accountId, out _);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
        _http?.Dispose();
    }

    private CccClient Create(string accountId)
    {
        // Against an HTTPS endpoint with a pinned development certificate (the emulator's), the same pin as the sign-in.
        LazyInitializer.EnsureInitialized(ref _http, () => oauth.Options.HttpClientFactory is PinnedCertificateHttpClientFactory pinned
            ? new HttpClient(pinned.Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }
            : new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        return new CccClient(oauth.GetCredential(accountId), clientOptions.Get(Options.DefaultName), _http, loggerFactory: loggerFactory);
    }
}
