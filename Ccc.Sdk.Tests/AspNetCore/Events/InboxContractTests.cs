using System.Collections.Concurrent;
using System.Text;
using Ccc.Sdk.AspNetCore.Events;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>
/// The <see cref="ICccEventInbox"/> contract, run against every store: deduplication, leasing (exclusive, per-contact
/// order, expiry and takeover), completion, retry, dead letter, replay, listing and retention.
/// </summary>
public abstract class InboxContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private ICccEventInbox? _inbox;

    protected ICccEventInbox Inbox => _inbox ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>A new, empty store (schema not yet created).</summary>
    protected abstract Task<ICccEventInbox> CreateInboxAsync();

    public async Task InitializeAsync()
    {
        _inbox = await CreateInboxAsync();
        await _inbox.InitializeAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_inbox is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    protected static InboxEvent Event(string key, string? contact = null, int second = 0, string type = "AgentReady", DateTimeOffset? receivedAt = null) => new()
    {
        DedupeKey = key,
        WebhookId = "msg_" + key,
        EventType = type,
        ContactId = contact,
        EventTime = T0.AddSeconds(second),
        ReceivedAt = receivedAt ?? T0,
        Payload = Encoding.UTF8.GetBytes($$"""{"eventType":"{{type}}","key":"{{key}}","ü":"✓"}"""),
    };

    protected static DateTimeOffset Now => T0.AddSeconds(1);

    private async Task<InboxItem> LeaseOneAsync(string key, string owner = "a", DateTimeOffset? now = null)
    {
        var leased = await Inbox.LeaseAsync(owner, 100, Lease, now ?? Now);
        return Assert.Single(leased, i => i.Event.DedupeKey == key);
    }

    private async Task<string[]> LeaseKeysAsync(string owner = "a", int max = 100, DateTimeOffset? now = null) =>
        [.. (await Inbox.LeaseAsync(owner, max, Lease, now ?? Now)).Select(i => i.Event.DedupeKey)];

    private async Task<InboxItem> GetAsync(string key) =>
        Assert.Single(await Inbox.ListAsync(new InboxQuery { Limit = 10_000 }), i => i.Event.DedupeKey == key);

    [Fact]
    public async Task Initialize_is_idempotent()
    {
        await Inbox.InitializeAsync();
        Assert.True(await Inbox.AddAsync(Event("k1")));
        await Inbox.InitializeAsync();
        Assert.True(await Inbox.ContainsAsync("k1"));
    }

    [Fact]
    public async Task An_event_is_stored_once_per_dedupe_key_whatever_its_state()
    {
        Assert.False(await Inbox.ContainsAsync("k1"));
        Assert.True(await Inbox.AddAsync(Event("k1")));
        Assert.False(await Inbox.AddAsync(Event("k1", type: "AgentBreak")));
        Assert.True(await Inbox.ContainsAsync("k1"));

        var item = await LeaseOneAsync("k1");
        Assert.True(await Inbox.CompleteAsync(item.Id, "a", Now));
        Assert.False(await Inbox.AddAsync(Event("k1")));

        var all = await Inbox.ListAsync(new InboxQuery());
        var only = Assert.Single(all);
        Assert.Equal("AgentReady", only.Event.EventType);
        Assert.Equal(InboxItemState.Done, only.State);
    }

    [Fact]
    public async Task Concurrent_adds_of_one_key_store_it_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Inbox.AddAsync(Event("same")))));
        Assert.Single(results, r => r);
        Assert.Single(await Inbox.ListAsync(new InboxQuery()));
    }

    [Fact]
    public async Task A_stored_event_keeps_its_fields_and_payload_and_starts_pending()
    {
        var original = Event("k1", contact: "c1", second: 7, type: "Established") with { EventTime = T0.AddMilliseconds(7_447) };
        await Inbox.AddAsync(original);
        await Inbox.AddAsync(Event("k2"));

        var items = await Inbox.ListAsync(new InboxQuery());
        Assert.Equal(2, items.Count);
        Assert.True(items[0].Id < items[1].Id);
        var item = items[0];
        Assert.Equal(original.DedupeKey, item.Event.DedupeKey);
        Assert.Equal(original.WebhookId, item.Event.WebhookId);
        Assert.Equal("Established", item.Event.EventType);
        Assert.Equal("c1", item.Event.ContactId);
        Assert.Equal(original.EventTime, item.Event.EventTime);
        Assert.Equal(T0, item.Event.ReceivedAt);
        Assert.Equal(original.Payload.ToArray(), item.Event.Payload.ToArray());
        Assert.Equal(InboxItemState.Pending, item.State);
        Assert.Equal(0, item.Attempts);
        Assert.Equal(T0, item.NextAttemptAt);
        Assert.Null(item.LeasedUntil);
        Assert.Null(item.LeaseOwner);
        Assert.Null(item.LastError);
        Assert.Null(items[1].Event.ContactId);
    }

    [Fact]
    public async Task Lease_takes_due_items_oldest_first_up_to_max_and_marks_them_leased()
    {
        for (int n = 0; n < 5; n++)
        {
            await Inbox.AddAsync(Event($"k{n}", second: 10 - n));
        }

        var first = await Inbox.LeaseAsync("a", 3, Lease, Now);
        Assert.Equal(["k0", "k1", "k2"], first.Select(i => i.Event.DedupeKey));
        Assert.All(first, i =>
        {
            Assert.Equal(InboxItemState.Leased, i.State);
            Assert.Equal("a", i.LeaseOwner);
            Assert.Equal(Now + Lease, i.LeasedUntil);
        });
        Assert.Equal(["k3", "k4"], await LeaseKeysAsync("b"));
        Assert.Empty(await LeaseKeysAsync("c"));
        Assert.Equal(InboxItemState.Leased, (await GetAsync("k1")).State);
    }

    [Fact]
    public async Task An_item_received_later_than_now_is_not_due_yet()
    {
        await Inbox.AddAsync(Event("k1", receivedAt: T0.AddMinutes(5)));
        Assert.Empty(await LeaseKeysAsync(now: T0));
        Assert.Equal(["k1"], await LeaseKeysAsync(now: T0.AddMinutes(5)));
    }

    [Fact]
    public async Task Many_parallel_leasers_never_get_the_same_item()
    {
        const int count = 300;
        for (int n = 0; n < count; n++)
        {
            // Two thirds without contact, the rest spread over ten contacts.
            await Inbox.AddAsync(Event($"k{n}", contact: n % 3 == 0 ? $"c{n % 10}" : null, second: n));
        }

        var seen = new ConcurrentBag<(long Id, string Owner)>();
        var active = new ConcurrentDictionary<string, string>();
        bool overlap = false;
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            string owner = $"w{w}";
            start.Wait();
            int idle = 0;
            while (idle < 20)
            {
                var items = await Inbox.LeaseAsync(owner, 7, Lease, Now);
                if (items.Count == 0)
                {
                    idle++;
                    await Task.Delay(5);
                    continue;
                }

                idle = 0;
                foreach (var item in items)
                {
                    seen.Add((item.Id, owner));
                    if (item.Event.ContactId is { } contact && !active.TryAdd(contact, owner))
                    {
                        overlap = true; // two items of one contact leased at once
                    }
                }

                foreach (var item in items)
                {
                    if (item.Event.ContactId is { } contact)
                    {
                        active.TryRemove(contact, out _);
                    }

                    Assert.True(await Inbox.CompleteAsync(item.Id, owner, Now));
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(workers);

        Assert.False(overlap);
        Assert.Equal(count, seen.Count);
        Assert.Equal(count, seen.Select(s => s.Id).Distinct().Count());
        Assert.Equal(count, (await Inbox.ListAsync(new InboxQuery { State = InboxItemState.Done, Limit = 1000 })).Count);
    }

    [Fact]
    public async Task A_contacts_events_are_leased_one_at_a_time_in_event_time_order()
    {
        // Arrival order differs from event time order.
        await Inbox.AddAsync(Event("c1-released", contact: "c1", second: 30, type: "Released"));
        await Inbox.AddAsync(Event("agent", second: 40));
        await Inbox.AddAsync(Event("c1-established", contact: "c1", second: 20, type: "Established"));
        await Inbox.AddAsync(Event("c1-ringing", contact: "c1", second: 10, type: "Ringing"));
        await Inbox.AddAsync(Event("c2-ringing", contact: "c2", second: 50, type: "Ringing"));

        Assert.Equal(["agent", "c1-ringing", "c2-ringing"], await LeaseKeysAsync("a"));
        Assert.Empty(await LeaseKeysAsync("b")); // c1's next waits while its head is leased

        var ringing = await GetAsync("c1-ringing");
        Assert.True(await Inbox.CompleteAsync(ringing.Id, "a", Now));
        Assert.Equal(["c1-established"], await LeaseKeysAsync("b"));
        Assert.Empty(await LeaseKeysAsync("c"));

        var established = await GetAsync("c1-established");
        Assert.True(await Inbox.CompleteAsync(established.Id, "b", Now));
        Assert.Equal(["c1-released"], await LeaseKeysAsync("c"));
    }

    [Fact]
    public async Task An_earlier_event_waiting_for_its_retry_blocks_the_contacts_later_ones()
    {
        await Inbox.AddAsync(Event("first", contact: "c1", second: 1));
        await Inbox.AddAsync(Event("second", contact: "c1", second: 2));
        var first = await LeaseOneAsync("first");
        Assert.True(await Inbox.RetryAsync(first.Id, "a", "boom", Now.AddMinutes(5)));

        Assert.Empty(await LeaseKeysAsync("b", now: Now.AddMinutes(1)));
        Assert.Equal(["first"], await LeaseKeysAsync("b", now: Now.AddMinutes(5)));
    }

    [Fact]
    public async Task A_dead_lettered_event_does_not_block_the_contacts_later_ones()
    {
        await Inbox.AddAsync(Event("first", contact: "c1", second: 1));
        await Inbox.AddAsync(Event("second", contact: "c1", second: 2));
        var first = await LeaseOneAsync("first");
        Assert.True(await Inbox.DeadLetterAsync(first.Id, "a", "gave up", Now));

        Assert.Equal(["second"], await LeaseKeysAsync("b"));
    }

    [Fact]
    public async Task A_late_event_with_an_earlier_time_waits_while_the_contact_has_a_live_lease()
    {
        await Inbox.AddAsync(Event("established", contact: "c1", second: 20));
        var established = await LeaseOneAsync("established");
        await Inbox.AddAsync(Event("ringing", contact: "c1", second: 10));

        Assert.Empty(await LeaseKeysAsync("b"));
        Assert.True(await Inbox.CompleteAsync(established.Id, "a", Now));
        Assert.Equal(["ringing"], await LeaseKeysAsync("b"));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_the_old_owner_loses_it()
    {
        await Inbox.AddAsync(Event("k1", contact: "c1"));
        await Inbox.AddAsync(Event("k2", contact: "c1", second: 1));
        var item = await LeaseOneAsync("k1", "a", Now);

        Assert.Empty(await LeaseKeysAsync("b", now: Now + Lease - TimeSpan.FromSeconds(1)));
        var taken = await Inbox.LeaseAsync("b", 100, Lease, Now + Lease);
        var again = Assert.Single(taken);
        Assert.Equal(item.Id, again.Id);
        Assert.Equal("b", again.LeaseOwner);
        Assert.Equal(Now + Lease + Lease, again.LeasedUntil);

        Assert.False(await Inbox.CompleteAsync(item.Id, "a", Now + Lease));
        Assert.False(await Inbox.RetryAsync(item.Id, "a", "late", Now + Lease));
        Assert.False(await Inbox.DeadLetterAsync(item.Id, "a", "late", Now + Lease));
        Assert.Equal("b", (await GetAsync("k1")).LeaseOwner);
        Assert.True(await Inbox.CompleteAsync(item.Id, "b", Now + Lease));
        Assert.Equal(InboxItemState.Done, (await GetAsync("k1")).State);
    }

    [Fact]
    public async Task Complete_retry_and_dead_letter_need_the_lease()
    {
        await Inbox.AddAsync(Event("k1"));
        var pending = await GetAsync("k1");
        Assert.False(await Inbox.CompleteAsync(pending.Id, "a", Now)); // not leased
        Assert.False(await Inbox.RetryAsync(pending.Id, "a", "x", Now));
        Assert.False(await Inbox.DeadLetterAsync(pending.Id, "a", "x", Now));
        Assert.False(await Inbox.CompleteAsync(999_999, "a", Now)); // no such item

        var item = await LeaseOneAsync("k1", "a");
        Assert.False(await Inbox.CompleteAsync(item.Id, "b", Now)); // someone else's lease
        Assert.True(await Inbox.CompleteAsync(item.Id, "a", Now));
        Assert.False(await Inbox.CompleteAsync(item.Id, "a", Now)); // once
    }

    [Fact]
    public async Task Retry_counts_the_attempt_and_puts_the_item_back_from_the_given_time()
    {
        await Inbox.AddAsync(Event("k1"));
        var item = await LeaseOneAsync("k1");
        Assert.True(await Inbox.RetryAsync(item.Id, "a", "handler failed: timeout", Now.AddSeconds(30)));

        var retried = await GetAsync("k1");
        Assert.Equal(InboxItemState.Pending, retried.State);
        Assert.Equal(1, retried.Attempts);
        Assert.Equal("handler failed: timeout", retried.LastError);
        Assert.Equal(Now.AddSeconds(30), retried.NextAttemptAt);
        Assert.Null(retried.LeaseOwner);
        Assert.Null(retried.LeasedUntil);

        Assert.Empty(await LeaseKeysAsync(now: Now.AddSeconds(29)));
        item = await LeaseOneAsync("k1", "b", Now.AddSeconds(30));
        Assert.Equal(1, item.Attempts);
        Assert.True(await Inbox.DeadLetterAsync(item.Id, "b", "handler failed again", Now.AddSeconds(31)));

        var dead = await GetAsync("k1");
        Assert.Equal(InboxItemState.DeadLettered, dead.State);
        Assert.Equal(2, dead.Attempts);
        Assert.Equal("handler failed again", dead.LastError);
        Assert.Empty(await LeaseKeysAsync(now: Now.AddDays(1)));
    }

    [Fact]
    public async Task Replay_puts_dead_letters_and_optionally_handled_items_back_with_filters()
    {
        await Inbox.AddAsync(Event("dead-a", type: "AgentReady"));
        await Inbox.AddAsync(Event("dead-b", type: "CDRReady", receivedAt: T0.AddSeconds(-60)));
        await Inbox.AddAsync(Event("done", type: "AgentReady"));
        await Inbox.AddAsync(Event("pending", type: "AgentReady", receivedAt: T0.AddHours(1)));
        foreach (var item in await Inbox.LeaseAsync("a", 10, Lease, Now))
        {
            Assert.True(item.Event.DedupeKey == "done"
                ? await Inbox.CompleteAsync(item.Id, "a", Now)
                : await Inbox.DeadLetterAsync(item.Id, "a", "failed", Now));
        }

        Assert.Equal(0, await Inbox.ReplayAsync(new InboxReplayFilter { EventType = "Nothing" }, Now));
        Assert.Equal(0, await Inbox.ReplayAsync(new InboxReplayFilter { Ids = [] }, Now));
        Assert.Equal(0, await Inbox.ReplayAsync(new InboxReplayFilter { Ids = [(await GetAsync("done")).Id] }, Now));
        Assert.Equal(1, await Inbox.ReplayAsync(new InboxReplayFilter { ReceivedFrom = T0 }, Now.AddSeconds(5)));

        var replayed = await GetAsync("dead-a");
        Assert.Equal(InboxItemState.Pending, replayed.State);
        Assert.Equal(0, replayed.Attempts);
        Assert.Equal(Now.AddSeconds(5), replayed.NextAttemptAt);
        Assert.Equal(InboxItemState.DeadLettered, (await GetAsync("dead-b")).State);

        Assert.Equal(1, await Inbox.ReplayAsync(new InboxReplayFilter { Ids = [(await GetAsync("dead-b")).Id, (await GetAsync("pending")).Id] }, Now));
        Assert.Equal(InboxItemState.Pending, (await GetAsync("dead-b")).State);
        Assert.Equal(1, await Inbox.ReplayAsync(new InboxReplayFilter { IncludeDone = true, EventType = "AgentReady" }, Now));
        Assert.Equal(InboxItemState.Pending, (await GetAsync("done")).State);
        Assert.Equal(["dead-a", "dead-b", "done"], (await LeaseKeysAsync(now: Now.AddSeconds(5))).Order());
    }

    [Fact]
    public async Task List_filters_by_state_contact_and_type_oldest_first_with_a_limit()
    {
        await Inbox.AddAsync(Event("k1", contact: "c1", type: "Ringing"));
        await Inbox.AddAsync(Event("k2", contact: "c2", type: "Ringing"));
        await Inbox.AddAsync(Event("k3", contact: "c1", second: 1, type: "Released"));
        await Inbox.AddAsync(Event("k4", type: "AgentReady"));
        var leased = Assert.Single(await Inbox.LeaseAsync("a", 1, Lease, Now));
        Assert.Equal("k1", leased.Event.DedupeKey);

        Assert.Equal(["k1", "k2", "k3", "k4"], (await Inbox.ListAsync(new InboxQuery())).Select(i => i.Event.DedupeKey));
        Assert.Equal(["k1", "k2"], (await Inbox.ListAsync(new InboxQuery { Limit = 2 })).Select(i => i.Event.DedupeKey));
        Assert.Equal(["k1", "k3"], (await Inbox.ListAsync(new InboxQuery { ContactId = "c1" })).Select(i => i.Event.DedupeKey));
        Assert.Equal(["k1", "k2"], (await Inbox.ListAsync(new InboxQuery { EventType = "Ringing" })).Select(i => i.Event.DedupeKey));
        var leasedItems = await Inbox.ListAsync(new InboxQuery { State = InboxItemState.Leased });
        Assert.Equal(leased.Id, Assert.Single(leasedItems).Id);
        Assert.Equal(["k2"], (await Inbox.ListAsync(new InboxQuery { State = InboxItemState.Pending, EventType = "Ringing" })).Select(i => i.Event.DedupeKey));
        Assert.Equal(["k3"], (await Inbox.ListAsync(new InboxQuery { State = InboxItemState.Pending, ContactId = "c1" })).Select(i => i.Event.DedupeKey));
        Assert.Empty(await Inbox.ListAsync(new InboxQuery { State = InboxItemState.Done }));
        Assert.Empty(await Inbox.ListAsync(new InboxQuery { ContactId = "c1", EventType = "AgentReady" }));
    }

    [Fact]
    public async Task Purge_removes_old_handled_and_dead_lettered_items_and_forgets_their_keys()
    {
        foreach (string key in new[] { "done-old", "done-new", "dead-old", "dead-new", "pending" })
        {
            await Inbox.AddAsync(Event(key));
        }

        var day1 = T0.AddDays(1);
        var day2 = T0.AddDays(2);
        foreach (var item in await Inbox.LeaseAsync("a", 4, Lease, Now))
        {
            string key = item.Event.DedupeKey;
            var at = key.EndsWith("-old", StringComparison.Ordinal) ? day1 : day2;
            Assert.True(key.StartsWith("done", StringComparison.Ordinal)
                ? await Inbox.CompleteAsync(item.Id, "a", at)
                : await Inbox.DeadLetterAsync(item.Id, "a", "failed", at));
        }

        Assert.Equal(0, await Inbox.PurgeAsync(day1, day1));
        Assert.Equal(1, await Inbox.PurgeAsync(day1.AddSeconds(1), day1));
        Assert.Equal(1, await Inbox.PurgeAsync(day1.AddSeconds(1), day1.AddSeconds(1)));
        Assert.Equal(["dead-new", "done-new", "pending"], (await Inbox.ListAsync(new InboxQuery())).Select(i => i.Event.DedupeKey).Order());

        Assert.False(await Inbox.ContainsAsync("done-old"));
        Assert.True(await Inbox.ContainsAsync("done-new"));
        Assert.True(await Inbox.AddAsync(Event("done-old"))); // forgotten: stored again
        Assert.Equal(2, await Inbox.PurgeAsync(T0.AddDays(30), T0.AddDays(30)));
        Assert.Equal(["done-old", "pending"], (await Inbox.ListAsync(new InboxQuery())).Select(i => i.Event.DedupeKey).Order());
    }
}

/// <summary>The contract plus durability: what was stored and its state survive a new instance over the same storage.</summary>
public abstract class DurableInboxContractTests : InboxContractTests
{
    /// <summary>A second, independent store over the same storage (a new file handle or connection).</summary>
    protected abstract Task<ICccEventInbox> OpenAgainAsync();

    [Fact]
    public async Task Stored_events_and_their_states_survive_closing_and_reopening()
    {
        await Inbox.AddAsync(Event("k1", contact: "c1"));
        await Inbox.AddAsync(Event("k2", contact: "c1", second: 1));
        await Inbox.AddAsync(Event("k3"));
        var leased = await Inbox.LeaseAsync("a", 10, Lease, T0);
        var k3 = Assert.Single(leased, i => i.Event.DedupeKey == "k3");
        Assert.True(await Inbox.CompleteAsync(k3.Id, "a", T0));
        var before = await Inbox.ListAsync(new InboxQuery());
        if (Inbox is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        var other = await OpenAgainAsync();
        try
        {
            await other.InitializeAsync();
            var after = await other.ListAsync(new InboxQuery());
            Assert.Equal(before.Select(Describe), after.Select(Describe));
            Assert.False(await other.AddAsync(Event("k1")));
            Assert.True(await other.ContainsAsync("k3"));

            // k1's lease (owner a) is still there: k2 waits for it, and a can still complete it.
            Assert.Empty(await other.LeaseAsync("b", 10, Lease, T0.AddSeconds(1)));
            var k1 = Assert.Single(after, i => i.Event.DedupeKey == "k1");
            Assert.True(await other.CompleteAsync(k1.Id, "a", T0.AddSeconds(1)));
            Assert.Equal("k2", Assert.Single(await other.LeaseAsync("b", 10, Lease, T0.AddSeconds(1))).Event.DedupeKey);
        }
        finally
        {
            if (other is IAsyncDisposable otherDisposable)
            {
                await otherDisposable.DisposeAsync();
            }
        }
    }

    private static string Describe(InboxItem i) =>
        $"{i.Id} {i.Event.DedupeKey} {i.Event.WebhookId} {i.Event.EventType} {i.Event.ContactId} {i.Event.EventTime:O} {i.Event.ReceivedAt:O} " +
        $"{Convert.ToBase64String(i.Event.Payload.Span)} {i.State} {i.Attempts} {i.NextAttemptAt:O} {i.LeasedUntil:O} {i.LeaseOwner} {i.LastError}";
}

public sealed class InMemoryInboxContractTests : InboxContractTests
{
    protected override Task<ICccEventInbox> CreateInboxAsync() => Task.FromResult<ICccEventInbox>(new InMemoryCccEventInbox());
}

public sealed class SqliteInboxContractTests : DurableInboxContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ccc-inbox-" + Guid.NewGuid().ToString("N")[..12]);

    private string File => Path.Combine(_directory, "events.db");

    protected override Task<ICccEventInbox> CreateInboxAsync() => Task.FromResult<ICccEventInbox>(new SqliteCccEventInbox(File));

    protected override Task<ICccEventInbox> OpenAgainAsync() => Task.FromResult<ICccEventInbox>(new SqliteCccEventInbox(File));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_file_is_in_wal_mode()
    {
        await Inbox.AddAsync(Event("k1"));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={File}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresInboxContractTests(PostgresFixture postgres) : DurableInboxContractTests
{
    private readonly string _table = PostgresFixture.NewTableName();

    protected override Task<ICccEventInbox> CreateInboxAsync() =>
        Task.FromResult<ICccEventInbox>(new PostgresCccEventInbox(postgres.ConnectionString, _table));

    protected override Task<ICccEventInbox> OpenAgainAsync() =>
        Task.FromResult<ICccEventInbox>(new PostgresCccEventInbox(postgres.ConnectionString + ";Pooling=false", _table));

    [Fact]
    public async Task A_contact_another_receiver_is_leasing_right_now_is_left_alone_even_when_its_lease_is_not_yet_visible()
    {
        // Receiver A is in the middle of leasing c1's head "established" (row updated and contact lock held, not yet
        // committed) when a late "ringing" with an earlier time arrives. Receiver B still sees "established" as Pending,
        // so by the row rule alone "ringing" would be c1's head and both would run at once. The contact lock
        // (the store's advisory key 0x0CCC0002 + hashtext(contact)) keeps B off c1.
        await Inbox.AddAsync(Event("established", contact: "c1", second: 20));
        await Inbox.AddAsync(Event("agent", second: 30));
        await using var a = new Npgsql.NpgsqlConnection(postgres.ConnectionString);
        await a.OpenAsync();
        await using var leasing = await a.BeginTransactionAsync();
        await using (var lockContact = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_xact_lock({0x0CCC_0002}, hashtext('c1'))", a, leasing))
        {
            await lockContact.ExecuteNonQueryAsync();
        }

        await using (var lease = new Npgsql.NpgsqlCommand(
            $"UPDATE {_table} SET state = 1, lease_owner = 'a', leased_until = $1 WHERE dedupe_key = 'established'", a, leasing))
        {
            lease.Parameters.Add(new Npgsql.NpgsqlParameter<DateTimeOffset> { TypedValue = Now + Lease });
            Assert.Equal(1, await lease.ExecuteNonQueryAsync());
        }

        await Inbox.AddAsync(Event("ringing", contact: "c1", second: 10));
        Assert.Equal(["agent"], (await Inbox.LeaseAsync("b", 10, Lease, Now)).Select(i => i.Event.DedupeKey));

        await leasing.CommitAsync();
        Assert.Empty(await Inbox.LeaseAsync("b", 10, Lease, Now)); // now visible: c1 has a live lease
    }

    [Fact]
    public async Task Two_stores_on_one_table_as_two_receivers_lease_each_item_once_and_keep_contact_order()
    {
        await using var second = new PostgresCccEventInbox(postgres.ConnectionString + ";Application Name=second", _table);
        await second.InitializeAsync();
        const int count = 120;
        for (int n = 0; n < count; n++)
        {
            Assert.True(await (n % 2 == 0 ? Inbox : second).AddAsync(Event($"k{n}", contact: $"c{n % 6}", second: n)));
        }

        var handled = new ConcurrentQueue<InboxItem>();
        var active = new ConcurrentDictionary<string, bool>();
        bool overlap = false;
        var workers = new[] { Inbox, second, Inbox, second }.Select((store, w) => Task.Run(async () =>
        {
            int idle = 0;
            while (idle < 20)
            {
                var items = await store.LeaseAsync($"w{w}", 4, Lease, T0.AddSeconds(1));
                if (items.Count == 0)
                {
                    idle++;
                    await Task.Delay(5);
                    continue;
                }

                idle = 0;
                foreach (var item in items)
                {
                    overlap |= !active.TryAdd(item.Event.ContactId!, true);
                    handled.Enqueue(item);
                    await Task.Yield();
                    active.TryRemove(item.Event.ContactId!, out _);
                    Assert.True(await store.CompleteAsync(item.Id, $"w{w}", T0.AddSeconds(1)));
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.False(overlap);
        Assert.Equal(count, handled.Count);
        Assert.Equal(count, handled.Select(i => i.Id).Distinct().Count());
        foreach (var contact in handled.GroupBy(i => i.Event.ContactId))
        {
            var times = contact.Select(i => i.Event.EventTime).ToList();
            Assert.Equal(times.Order(), times); // handled in event-time order
        }
    }
}
