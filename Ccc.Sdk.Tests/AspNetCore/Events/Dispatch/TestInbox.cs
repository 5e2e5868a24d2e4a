using Ccc.Sdk.AspNetCore.Events;

namespace Ccc.Sdk.Tests.AspNetCore.Events.Dispatch;

/// <summary>A small in-memory <see cref="ICccEventInbox"/> that honours the contract (dedupe, leases, per-contact order),
/// for the dispatcher's tests. It also counts leases so tests can see the dispatcher's concurrency.</summary>
internal sealed class TestInbox : ICccEventInbox
{
    private readonly object _gate = new();
    private readonly List<InboxItem> _items = [];
    private long _nextId;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<bool> AddAsync(InboxEvent inboxEvent, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_items.Any(i => i.Event.DedupeKey == inboxEvent.DedupeKey))
            {
                return Task.FromResult(false);
            }

            _items.Add(new InboxItem(++_nextId, inboxEvent, InboxItemState.Pending, 0, inboxEvent.ReceivedAt, null, null, null));
            return Task.FromResult(true);
        }
    }

    public Task<bool> ContainsAsync(string dedupeKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_items.Any(i => i.Event.DedupeKey == dedupeKey));
        }
    }

    public Task<IReadOnlyList<InboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            bool Open(InboxItem i) => i.State is InboxItemState.Pending or InboxItemState.Leased;
            bool Available(InboxItem i) =>
                (i.State == InboxItemState.Pending && i.NextAttemptAt <= now) || (i.State == InboxItemState.Leased && i.LeasedUntil <= now);
            bool FirstOfContact(InboxItem i) =>
                i.Event.ContactId is null || !_items.Any(o => o.Id != i.Id && Open(o) && o.Event.ContactId == i.Event.ContactId
                    && (o.Event.EventTime < i.Event.EventTime || (o.Event.EventTime == i.Event.EventTime && o.Id < i.Id)));

            var leased = new List<InboxItem>();
            foreach (var item in _items.Where(i => Available(i) && FirstOfContact(i)).OrderBy(i => i.Id).Take(max).ToList())
            {
                var updated = item with { State = InboxItemState.Leased, LeasedUntil = now + leaseFor, LeaseOwner = owner };
                Replace(updated);
                leased.Add(updated);
            }

            return Task.FromResult<IReadOnlyList<InboxItem>>(leased);
        }
    }

    public Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Update(id, owner, i => i with { State = InboxItemState.Done, LeasedUntil = null, LeaseOwner = null });

    public Task<bool> RetryAsync(long id, string owner, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) =>
        Update(id, owner, i => i with { State = InboxItemState.Pending, Attempts = i.Attempts + 1, NextAttemptAt = nextAttemptAt, LeasedUntil = null, LeaseOwner = null, LastError = error });

    public Task<bool> DeadLetterAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Update(id, owner, i => i with { State = InboxItemState.DeadLettered, Attempts = i.Attempts + 1, LeasedUntil = null, LeaseOwner = null, LastError = error });

    public Task<int> ReplayAsync(InboxReplayFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var matching = _items.Where(i =>
                (i.State == InboxItemState.DeadLettered || (filter.IncludeDone && i.State == InboxItemState.Done))
                && (filter.Ids is null || filter.Ids.Contains(i.Id))
                && (filter.ReceivedFrom is null || i.Event.ReceivedAt >= filter.ReceivedFrom)
                && (filter.EventType is null || i.Event.EventType == filter.EventType)).ToList();
            foreach (var item in matching)
            {
                Replace(item with { State = InboxItemState.Pending, Attempts = 0, NextAttemptAt = now });
            }

            return Task.FromResult(matching.Count);
        }
    }

    public Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<InboxItem>>(_items
                .Where(i => (query.State is null || i.State == query.State) && (query.ContactId is null || i.Event.ContactId == query.ContactId)
                    && (query.EventType is null || i.Event.EventType == query.EventType))
                .OrderBy(i => i.Id).Take(query.Limit).ToList());
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset doneBefore, DateTimeOffset deadLetteredBefore, CancellationToken cancellationToken = default) =>
        Task.FromResult(0);

    /// <summary>Every item, oldest first.</summary>
    public IReadOnlyList<InboxItem> All()
    {
        lock (_gate)
        {
            return _items.ToList();
        }
    }

    private Task<bool> Update(long id, string owner, Func<InboxItem, InboxItem> change)
    {
        lock (_gate)
        {
            var item = _items.Single(i => i.Id == id);
            if (item.State != InboxItemState.Leased || item.LeaseOwner != owner)
            {
                return Task.FromResult(false);
            }

            Replace(change(item));
            return Task.FromResult(true);
        }
    }

    private void Replace(InboxItem item) => _items[_items.FindIndex(i => i.Id == item.Id)] = item;
}
