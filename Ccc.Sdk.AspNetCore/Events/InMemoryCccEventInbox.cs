namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// An <see cref="ICccEventInbox"/> in process memory: for tests and development only — nothing survives a restart, so
/// a 2xx answered from it is no promise. Thread-safe (one lock); the same leasing rules as the durable stores.
/// </summary>
public sealed class InMemoryCccEventInbox : ICccEventInbox
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Entry> _items = [];
    private readonly Dictionary<string, long> _keys = new(StringComparer.Ordinal);
    private long _nextId;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<bool> AddAsync(InboxEvent inboxEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inboxEvent);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_keys.ContainsKey(inboxEvent.DedupeKey))
            {
                return Task.FromResult(false);
            }

            long id = ++_nextId;
            var copy = inboxEvent with { Payload = inboxEvent.Payload.ToArray() };
            _items.Add(id, new Entry(id, copy) { NextAttemptAt = inboxEvent.ReceivedAt });
            _keys.Add(inboxEvent.DedupeKey, id);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> ContainsAsync(string dedupeKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dedupeKey);
        lock (_lock)
        {
            return Task.FromResult(_keys.ContainsKey(dedupeKey));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        InboxArguments.CheckLease(owner, max, leaseFor);
        lock (_lock)
        {
            // A contact is busy while one of its items holds a live lease; otherwise only its head — the first of its
            // Pending/Leased items in (event time, id) order — may be leased.
            var busy = new HashSet<string>(StringComparer.Ordinal);
            var heads = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var e in _items.Values)
            {
                if (e.Event.ContactId is not { } contact || e.State is not (InboxItemState.Pending or InboxItemState.Leased))
                {
                    continue;
                }

                if (e.State == InboxItemState.Leased && e.LeasedUntil > now)
                {
                    busy.Add(contact);
                }

                if (!heads.TryGetValue(contact, out var head) || Before(e, head))
                {
                    heads[contact] = e;
                }
            }

            var leased = new List<InboxItem>();
            foreach (var e in _items.Values)
            {
                if (leased.Count == max)
                {
                    break;
                }

                bool due = (e.State == InboxItemState.Pending && e.NextAttemptAt <= now)
                    || (e.State == InboxItemState.Leased && e.LeasedUntil <= now);
                if (!due || (e.Event.ContactId is { } contact && (busy.Contains(contact) || !ReferenceEquals(heads[contact], e))))
                {
                    continue;
                }

                e.State = InboxItemState.Leased;
                e.LeaseOwner = owner;
                e.LeasedUntil = now + leaseFor;
                leased.Add(e.ToItem());
            }

            return Task.FromResult<IReadOnlyList<InboxItem>>(leased);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Finish(id, owner, e =>
        {
            e.State = InboxItemState.Done;
            e.Attempts++;
            e.FinishedAt = now;
        });

    /// <inheritdoc />
    public Task<bool> RetryAsync(long id, string owner, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Finish(id, owner, e =>
        {
            e.State = InboxItemState.Pending;
            e.Attempts++;
            e.LastError = error;
            e.NextAttemptAt = nextAttemptAt;
        });
    }

    /// <inheritdoc />
    public Task<bool> DeadLetterAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Finish(id, owner, e =>
        {
            e.State = InboxItemState.DeadLettered;
            e.Attempts++;
            e.LastError = error;
            e.FinishedAt = now;
        });
    }

    /// <inheritdoc />
    public Task<int> ReplayAsync(InboxReplayFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_lock)
        {
            int count = 0;
            foreach (var e in _items.Values)
            {
                if (!(e.State == InboxItemState.DeadLettered || (filter.IncludeDone && e.State == InboxItemState.Done))
                    || (filter.Ids is { } ids && !ids.Contains(e.Id))
                    || (filter.ReceivedFrom is { } from && e.Event.ReceivedAt < from)
                    || (filter.EventType is { } type && e.Event.EventType != type))
                {
                    continue;
                }

                e.State = InboxItemState.Pending;
                e.Attempts = 0;
                e.NextAttemptAt = now;
                e.LastError = null;
                e.FinishedAt = null;
                count++;
            }

            return Task.FromResult(count);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            IReadOnlyList<InboxItem> list = _items.Values
                .Where(e => (query.State is not { } s || e.State == s)
                    && (query.ContactId is not { } c || e.Event.ContactId == c)
                    && (query.EventType is not { } t || e.Event.EventType == t))
                .Take(Math.Max(0, query.Limit))
                .Select(e => e.ToItem())
                .ToList();
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<int> PurgeAsync(DateTimeOffset doneBefore, DateTimeOffset deadLetteredBefore, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var purged = _items.Values
                .Where(e => (e.State == InboxItemState.Done && e.FinishedAt < doneBefore)
                    || (e.State == InboxItemState.DeadLettered && e.FinishedAt < deadLetteredBefore))
                .ToList();
            foreach (var e in purged)
            {
                _items.Remove(e.Id);
                _keys.Remove(e.Event.DedupeKey);
            }

            return Task.FromResult(purged.Count);
        }
    }

    private static bool Before(Entry a, Entry b) =>
        a.Event.EventTime < b.Event.EventTime || (a.Event.EventTime == b.Event.EventTime && a.Id < b.Id);

    private Task<bool> Finish(long id, string owner, Action<Entry> change)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_lock)
        {
            if (!_items.TryGetValue(id, out var e) || e.State != InboxItemState.Leased || e.LeaseOwner != owner)
            {
                return Task.FromResult(false);
            }

            e.LeaseOwner = null;
            e.LeasedUntil = null;
            change(e);
            return Task.FromResult(true);
        }
    }

    private sealed class Entry(long id, InboxEvent inboxEvent)
    {
        public long Id { get; } = id;

        public InboxEvent Event { get; } = inboxEvent;

        public InboxItemState State { get; set; }

        public int Attempts { get; set; }

        public DateTimeOffset NextAttemptAt { get; set; }

        public DateTimeOffset? LeasedUntil { get; set; }

        public string? LeaseOwner { get; set; }

        public string? LastError { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public InboxItem ToItem() => new(Id, Event, State, Attempts, NextAttemptAt, LeasedUntil, LeaseOwner, LastError);
    }
}

/// <summary>Argument checks shared by the stores.</summary>
internal static class InboxArguments
{
    public static void CheckLease(string owner, int max, TimeSpan leaseFor)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseFor, TimeSpan.Zero);
    }
}
