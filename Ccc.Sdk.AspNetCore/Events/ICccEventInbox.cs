namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>One call-center event as the inbox keeps it: the raw JSON as it arrived, and what ordering and
/// deduplication need.</summary>
public sealed record InboxEvent
{
    /// <summary>What makes two deliveries the same event: the <c>webhook-id</c>, except for <c>CDRReady</c>, whose key is
    /// <see cref="CdrKey"/> so that a push and the reconciliation sweep of the same record are one event.</summary>
    public required string DedupeKey { get; init; }

    /// <summary>The <c>webhook-id</c> it arrived with (<c>sweep:{contactId}</c> when the reconciliation sweep found it).</summary>
    public required string WebhookId { get; init; }

    /// <summary>The event's <c>eventType</c> (e.g. <c>AgentRinging</c>, <c>CDRReady</c>).</summary>
    public required string EventType { get; init; }

    /// <summary>The call (<c>contactId</c>) the event belongs to; events of one contact are handled one at a time in
    /// <see cref="EventTime"/> order. <see langword="null"/>: no ordering constraint (agent state changes).</summary>
    public string? ContactId { get; init; }

    /// <summary>The event's own time (<c>eventTime</c>).</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>When the receiver stored it.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The JSON body exactly as received (UTF-8).</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The deduplication key of a call detail record: <c>cdr:{instanceId}:{contactId}</c>.</summary>
    public static string CdrKey(string instanceId, string contactId) => $"cdr:{instanceId}:{contactId}";
}

/// <summary>Where an inbox item stands.</summary>
public enum InboxItemState
{
    /// <summary>Waiting for a handler (again, after a failed attempt, from <see cref="InboxItem.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>A dispatcher holds it until <see cref="InboxItem.LeasedUntil"/>.</summary>
    Leased,

    /// <summary>Handled.</summary>
    Done,

    /// <summary>Given up after the last attempt; kept for inspection and <see cref="ICccEventInbox.ReplayAsync"/>.</summary>
    DeadLettered,
}

/// <summary>An event in the inbox with its delivery state.</summary>
/// <param name="Id">The inbox's own id (increasing in arrival order).</param>
/// <param name="Event">The event.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Attempts">Handler attempts so far.</param>
/// <param name="NextAttemptAt">When it may be leased (again).</param>
/// <param name="LeasedUntil">When a lease ends (<see cref="InboxItemState.Leased"/> only).</param>
/// <param name="LeaseOwner">Who holds the lease (<see cref="InboxItemState.Leased"/> only).</param>
/// <param name="LastError">The last attempt's error, without secrets.</param>
public sealed record InboxItem(
    long Id,
    InboxEvent Event,
    InboxItemState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LeasedUntil,
    string? LeaseOwner,
    string? LastError);

/// <summary>Which items <see cref="ICccEventInbox.ListAsync"/> returns (all conditions must hold; null = any).</summary>
public sealed record InboxQuery
{
    /// <summary>Only items in this state.</summary>
    public InboxItemState? State { get; init; }

    /// <summary>Only items of this contact.</summary>
    public string? ContactId { get; init; }

    /// <summary>Only items of this event type.</summary>
    public string? EventType { get; init; }

    /// <summary>At most this many, oldest (lowest id) first.</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>Which items <see cref="ICccEventInbox.ReplayAsync"/> puts back to <see cref="InboxItemState.Pending"/>.</summary>
public sealed record InboxReplayFilter
{
    /// <summary>These ids only (null: every item that matches the other conditions).</summary>
    public IReadOnlyCollection<long>? Ids { get; init; }

    /// <summary>Also replay handled (<see cref="InboxItemState.Done"/>) items, not only dead-lettered ones.</summary>
    public bool IncludeDone { get; init; }

    /// <summary>Only items received at or after this time.</summary>
    public DateTimeOffset? ReceivedFrom { get; init; }

    /// <summary>Only items of this event type.</summary>
    public string? EventType { get; init; }
}

/// <summary>
/// The durable event inbox (docs/events.md): a verified webhook is stored here — once per <see cref="InboxEvent.DedupeKey"/>,
/// committed before the sender gets its 2xx — and dispatchers lease items to hand them to the application's handlers.
/// Implementations: SQLite (one receiver process), PostgreSQL (several receivers sharing the work), in-memory (tests).
/// Every method is safe to call from several threads and, for the shared stores, several processes.
/// </summary>
public interface ICccEventInbox
{
    /// <summary>Creates the schema when missing. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores the event durably (committed when the task completes).</summary>
    /// <returns><see langword="true"/> when it was new; <see langword="false"/> when an event with the same
    /// <see cref="InboxEvent.DedupeKey"/> is already there (whatever its state): a duplicate, stored nothing.</returns>
    Task<bool> AddAsync(InboxEvent inboxEvent, CancellationToken cancellationToken = default);

    /// <summary>Whether an event with this deduplication key was ever stored (and not purged).</summary>
    Task<bool> ContainsAsync(string dedupeKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="max"/> items to <paramref name="owner"/> until <paramref name="now"/> +
    /// <paramref name="leaseFor"/>: items that are <see cref="InboxItemState.Pending"/> and due
    /// (<see cref="InboxItem.NextAttemptAt"/> ≤ now), or <see cref="InboxItemState.Leased"/> with an expired lease (a
    /// dispatcher that died). Per-contact order: an item with a <see cref="InboxEvent.ContactId"/> is leased only when no
    /// other Pending or Leased item of that contact comes before it in (<see cref="InboxEvent.EventTime"/>, id) order,
    /// so one contact's events are handled one at a time, by event time. Items without a contact are independent.
    /// Two concurrent callers (threads or processes) never lease the same item. Oldest first.
    /// </summary>
    Task<IReadOnlyList<InboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks a leased item handled. Returns <see langword="false"/> when <paramref name="owner"/> no longer
    /// holds the lease (it expired and another dispatcher took the item).</summary>
    Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt (<see cref="InboxItem.Attempts"/> + 1) and puts the item back to Pending from
    /// <paramref name="nextAttemptAt"/>. <see langword="false"/> when the lease was lost.</summary>
    Task<bool> RetryAsync(long id, string owner, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default);

    /// <summary>Records the last failed attempt and dead-letters the item. <see langword="false"/> when the lease was lost.</summary>
    Task<bool> DeadLetterAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Puts matching dead-lettered (and, with <see cref="InboxReplayFilter.IncludeDone"/>, handled) items back to
    /// Pending, due at <paramref name="now"/>, attempts reset to 0. Returns how many.</summary>
    Task<int> ReplayAsync(InboxReplayFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Items matching <paramref name="query"/>, oldest first.</summary>
    Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>Retention: deletes Done items handled before <paramref name="doneBefore"/> and dead-lettered items
    /// dead-lettered before <paramref name="deadLetteredBefore"/>. Their keys are forgotten, so a much later duplicate
    /// would be stored again: keep retention longer than the sender's retry window (the emulator's: 17.5 h).</summary>
    Task<int> PurgeAsync(DateTimeOffset doneBefore, DateTimeOffset deadLetteredBefore, CancellationToken cancellationToken = default);
}
