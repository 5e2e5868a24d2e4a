namespace Ccc.Sdk.AspNetCore.WorkbenchProxy;

/// <summary>
/// The proxy's per-account clients (<see cref="CccWorkbenchProxyOptions.UseUserIdentity"/>): at most
/// <c>capacity</c> kept, least recently used evicted first, and any idle longer than <c>idleTimeout</c> dropped on the
/// next rent. A client is disposed once it is out of the cache <em>and</em> no request still holds its lease, so an
/// eviction never pulls a client from under a call in flight.
/// </summary>
/// <typeparam name="TClient">The client type (a <see cref="CccClient"/>; anything disposable in tests).</typeparam>
internal sealed class UserClientCache<TClient> : IDisposable
    where TClient : class, IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new(); // most recently used first
    private readonly Func<string, TClient> _create;
    private readonly int _capacity;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private bool _disposed;

    /// <param name="create">Builds the client of an account id; called under the cache's lock, so it must be cheap and not block.</param>
    /// <param name="capacity">The most clients kept (positive).</param>
    /// <param name="idleTimeout">How long an unused client is kept (positive).</param>
    /// <param name="time">The clock of the idle timeout.</param>
    public UserClientCache(Func<string, TClient> create, int capacity, TimeSpan idleTimeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        _create = create;
        _capacity = capacity;
        _idleTimeout = idleTimeout;
        _time = time;
    }

    /// <summary>How many clients the cache holds now (never more than the capacity).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The account's client, created when missing; dispose the lease when the request is done with it.</summary>
    /// <exception cref="ObjectDisposedException">The cache was disposed.</exception>
    public Lease Rent(string accountId)
    {
        List<TClient>? retired = null;
        Entry entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetTimestamp();
            if (_entries.TryGetValue(accountId, out var found))
            {
                entry = found;
                _recent.Remove(entry.Node);
            }
            else
            {
                entry = new Entry(accountId, _create(accountId));
                entry.Node = new LinkedListNode<Entry>(entry);
                _entries.Add(accountId, entry);
            }

            _recent.AddFirst(entry.Node);
            entry.Leases++;
            entry.LastUsed = now;
            retired = EvictLocked(now);
        }

        DisposeAll(retired);
        return new Lease(this, entry);
    }

    public void Dispose()
    {
        List<TClient> retired = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _entries.Values)
            {
                entry.Evicted = true;
                if (entry.Leases == 0)
                {
                    retired.Add(entry.Client);
                }
            }

            _entries.Clear();
            _recent.Clear();
        }

        DisposeAll(retired);
    }

    private void Return(Entry entry)
    {
        bool dispose;
        lock (_gate)
        {
            entry.Leases--;
            dispose = entry.Evicted && entry.Leases == 0;
        }

        if (dispose)
        {
            entry.Client.Dispose();
        }
    }

    /// <summary>Drops entries not rented for the idle timeout (the list is in rent order), then the least recently used beyond the capacity; returns the clients to dispose now.</summary>
    private List<TClient>? EvictLocked(long now)
    {
        List<TClient>? retired = null;
        while (_recent.Last is { } last
            && (_entries.Count > _capacity || _time.GetElapsedTime(last.Value.LastUsed, now) > _idleTimeout))
        {
            var entry = last.Value;
            _recent.RemoveLast();
            _entries.Remove(entry.AccountId);
            entry.Evicted = true;
            if (entry.Leases == 0)
            {
                (retired ??= []).Add(entry.Client);
            }
        }

        return retired;
    }

    private static void DisposeAll(List<TClient>? clients)
    {
        if (clients is null)
        {
            return;
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>A request's hold on a client: the client is not disposed before the lease is.</summary>
    public sealed class Lease : IDisposable
    {
        private UserClientCache<TClient>? _cache;
        private readonly Entry _entry;

        internal Lease(UserClientCache<TClient> cache, Entry entry)
        {
            _cache = cache;
            _entry = entry;
        }

        /// <summary>The account's client.</summary>
        public TClient Client => _entry.Client;

        public void Dispose() => Interlocked.Exchange(ref _cache, null)?.Return(_entry);
    }

    internal sealed class Entry(string accountId, TClient client)
    {
        public string AccountId { get; } = accountId;

        public TClient Client { get; } = client;

        public LinkedListNode<Entry> Node { get; set; } = null!;

        public int Leases { get; set; }

        public long LastUsed { get; set; }

        public bool Evicted { get; set; }
    }
}
