using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// The shared <see cref="ICccEventInbox"/>: one PostgreSQL table that several receiver processes write and lease from.
/// </summary>
/// <remarks>
/// <para>Durability: every write is one autocommitted statement (or one transaction); with PostgreSQL's default
/// <c>synchronous_commit = on</c> it is on disk when its task completes. Deduplication is
/// <c>INSERT … ON CONFLICT (dedupe_key) DO NOTHING</c> on a unique index, so two receivers given the same delivery
/// store it once.</para>
/// <para>Leasing, in one transaction: (1) select the due items that may go — an item of a contact only when it is that
/// contact's head (no Pending/Leased item of the contact before it in (event_time, id) order) and no item of the
/// contact holds a live lease — with <c>FOR UPDATE OF i SKIP LOCKED</c>, so concurrent leasers skip each other's rows
/// instead of waiting; (2) take a transaction-scoped advisory lock per contact among them
/// (<c>pg_try_advisory_xact_lock</c>, not waiting) and drop the contacts another leaser is working on right now;
/// (3) check the per-contact rule again in a new statement — which, under READ COMMITTED, sees every lease committed by
/// whoever held that contact's lock before — and update what still passes. Step 3 closes the gap that row locks leave
/// open: two leasers that each see the other's (uncommitted) candidate as still Pending — e.g. a late event with an
/// earlier time next to the head — cannot both lease an item of the same contact. A hash collision between two
/// contacts only makes one of them wait for the next round.</para>
/// <para>The schema is created by <see cref="InitializeAsync"/> under an advisory lock, so receivers starting together
/// do not race. Times are <c>timestamptz</c> (microseconds), states small integers (<see cref="InboxItemState"/>).</para>
/// </remarks>
public sealed partial class PostgresCccEventInbox : ICccEventInbox, IAsyncDisposable
{
    /// <summary>The argument checks of <see cref="ICccEventInbox.LeaseAsync"/> (each store makes its own).</summary>
    private static void CheckLease(string owner, int max, TimeSpan leaseFor)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseFor, TimeSpan.Zero);
    }

    // Advisory lock keys: the first int of the two-int form, so ours do not collide with an application's one-bigint locks.
    private const int SchemaLockKey = 0x0CCC_0001;
    private const int ContactLockKey = 0x0CCC_0002;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;
    private readonly string _columns;

    /// <summary>Creates the store.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="tableName">The table (lower case letters, digits, <c>_</c>; optionally <c>schema.table</c>).</param>
    /// <exception cref="ArgumentException">The connection string is empty or the table name is not a plain identifier.</exception>
    public PostgresCccEventInbox(string connectionString, string tableName = "ccc_event_inbox")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(tableName);
        if (!TableName().IsMatch(tableName))
        {
            throw new ArgumentException("The inbox table name must be a plain lower-case identifier (a-z, 0-9, _), optionally schema-qualified.", nameof(tableName));
        }

        _dataSource = NpgsqlDataSource.Create(connectionString);
        _table = tableName;
        _columns = "id, dedupe_key, webhook_id, event_type, contact_id, event_time, received_at, payload, state, attempts, next_attempt_at, leased_until, lease_owner, last_error";
    }

    /// <summary>The table name.</summary>
    public string Table => _table;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        string index = _table.Replace('.', '_');
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({SchemaLockKey}, 0);
            CREATE TABLE IF NOT EXISTS {_table} (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                dedupe_key text NOT NULL,
                webhook_id text NOT NULL,
                event_type text NOT NULL,
                contact_id text NULL,
                event_time timestamptz NOT NULL,
                received_at timestamptz NOT NULL,
                payload bytea NOT NULL,
                state smallint NOT NULL,
                attempts integer NOT NULL,
                next_attempt_at timestamptz NOT NULL,
                leased_until timestamptz NULL,
                lease_owner text NULL,
                last_error text NULL,
                finished_at timestamptz NULL);
            CREATE UNIQUE INDEX IF NOT EXISTS {index}_key ON {_table} (dedupe_key);
            CREATE INDEX IF NOT EXISTS {index}_due ON {_table} (state, next_attempt_at);
            CREATE INDEX IF NOT EXISTS {index}_contact ON {_table} (contact_id, state, event_time, id) WHERE contact_id IS NOT NULL;
            CREATE INDEX IF NOT EXISTS {index}_finished ON {_table} (state, finished_at) WHERE finished_at IS NOT NULL;
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> AddAsync(InboxEvent inboxEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inboxEvent);
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_table} (dedupe_key, webhook_id, event_type, contact_id, event_time, received_at, payload, state, attempts, next_attempt_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $6)
            ON CONFLICT (dedupe_key) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = inboxEvent.DedupeKey });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = inboxEvent.WebhookId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = inboxEvent.EventType });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)inboxEvent.ContactId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(Time(inboxEvent.EventTime));
        command.Parameters.Add(Time(inboxEvent.ReceivedAt));
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = inboxEvent.Payload.ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> ContainsAsync(string dedupeKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dedupeKey);
        await using var command = _dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {_table} WHERE dedupe_key = $1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = dedupeKey });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        CheckLease(owner, max, leaseFor);
        string rule = $"""
            ((i.state = 0 AND i.next_attempt_at <= $1) OR (i.state = 1 AND i.leased_until <= $1))
            AND (i.contact_id IS NULL OR (
                NOT EXISTS (SELECT 1 FROM {_table} o
                            WHERE o.contact_id = i.contact_id AND o.state = 1 AND o.leased_until > $1)
                AND NOT EXISTS (SELECT 1 FROM {_table} o
                                WHERE o.contact_id = i.contact_id AND o.state IN (0, 1)
                                  AND (o.event_time, o.id) < (i.event_time, i.id))))
            """;

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // (1) Candidates, locked; others' locked rows skipped.
        var candidates = new List<(long Id, string? Contact)>();
        await using (var select = new NpgsqlCommand($"SELECT i.id, i.contact_id FROM {_table} i WHERE {rule} ORDER BY i.id LIMIT $2 FOR UPDATE OF i SKIP LOCKED", connection, transaction))
        {
            select.Parameters.Add(Time(now));
            select.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                candidates.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        if (candidates.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return [];
        }

        // (2) One advisory lock per contact, held to commit; contacts another leaser holds are dropped for this round.
        string[] contacts = [.. candidates.Where(c => c.Contact is not null).Select(c => c.Contact!).Distinct(StringComparer.Ordinal)];
        var locked = new HashSet<string>(StringComparer.Ordinal);
        if (contacts.Length > 0)
        {
            await using var lockCommand = new NpgsqlCommand(
                $"SELECT c FROM unnest($1::text[]) AS c WHERE pg_try_advisory_xact_lock({ContactLockKey}, hashtext(c))", connection, transaction);
            lockCommand.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = contacts });
            await using var reader = await lockCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                locked.Add(reader.GetString(0));
            }
        }

        long[] ids = [.. candidates.Where(c => c.Contact is null || locked.Contains(c.Contact)).Select(c => c.Id)];
        var items = new List<InboxItem>();
        if (ids.Length > 0)
        {
            // (3) The rule again, in a fresh snapshot, then the lease.
            await using var update = new NpgsqlCommand($"""
                UPDATE {_table} AS u SET state = 1, lease_owner = $3, leased_until = $4
                FROM {_table} AS i
                WHERE u.id = i.id AND i.id = ANY($2) AND {rule}
                RETURNING {string.Join(", ", _columns.Split(", ").Select(c => "u." + c))}
                """, connection, transaction);
            update.Parameters.Add(Time(now));
            update.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
            update.Parameters.Add(Time(now + leaseFor));
            await using var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            items = await ReadItemsAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        items.Sort((a, b) => a.Id.CompareTo(b.Id));
        return items;
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        FinishAsync(id, owner, "state = 2, attempts = attempts + 1, finished_at = $3", now, null, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RetryAsync(long id, string owner, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return FinishAsync(id, owner, "state = 0, attempts = attempts + 1, next_attempt_at = $3, last_error = $4", nextAttemptAt, error, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> DeadLetterAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return FinishAsync(id, owner, "state = 3, attempts = attempts + 1, finished_at = $3, last_error = $4", now, error, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> ReplayAsync(InboxReplayFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = _dataSource.CreateCommand($"""
            UPDATE {_table} SET state = 0, attempts = 0, next_attempt_at = $1, last_error = NULL, finished_at = NULL,
                                leased_until = NULL, lease_owner = NULL
            WHERE (state = 3 OR ($2 AND state = 2))
              AND ($3::bigint[] IS NULL OR id = ANY($3))
              AND ($4::timestamptz IS NULL OR received_at >= $4)
              AND ($5::text IS NULL OR event_type = $5)
            """);
        command.Parameters.Add(Time(now));
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = filter.IncludeDone });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Ids?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = filter.ReceivedFrom is { } from ? from.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.EventType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = _dataSource.CreateCommand($"""
            SELECT {_columns} FROM {_table}
            WHERE ($1::smallint IS NULL OR state = $1)
              AND ($2::text IS NULL OR contact_id = $2)
              AND ($3::text IS NULL OR event_type = $3)
            ORDER BY id
            LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = query.State is { } s ? (short)s : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.ContactId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.EventType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, query.Limit) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadItemsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> PurgeAsync(DateTimeOffset doneBefore, DateTimeOffset deadLetteredBefore, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE (state = 2 AND finished_at < $1) OR (state = 3 AND finished_at < $2)");
        command.Parameters.Add(Time(doneBefore));
        command.Parameters.Add(Time(deadLetteredBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    [GeneratedRegex("^([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex TableName();

    private static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset time) => new() { TypedValue = time.ToUniversalTime() };

    private static async Task<List<InboxItem>> ReadItemsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var items = new List<InboxItem>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var inboxEvent = new InboxEvent
            {
                DedupeKey = reader.GetString(1),
                WebhookId = reader.GetString(2),
                EventType = reader.GetString(3),
                ContactId = reader.IsDBNull(4) ? null : reader.GetString(4),
                EventTime = reader.GetFieldValue<DateTimeOffset>(5),
                ReceivedAt = reader.GetFieldValue<DateTimeOffset>(6),
                Payload = reader.GetFieldValue<byte[]>(7),
            };
            items.Add(new InboxItem(
                reader.GetInt64(0),
                inboxEvent,
                (InboxItemState)reader.GetInt16(8),
                reader.GetInt32(9),
                reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return items;
    }

    private async Task<bool> FinishAsync(long id, string owner, string set, DateTimeOffset at, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var command = _dataSource.CreateCommand(
            $"UPDATE {_table} SET {set}, leased_until = NULL, lease_owner = NULL WHERE id = $1 AND state = 1 AND lease_owner = $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        command.Parameters.Add(Time(at));
        if (error is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error.Replace("\0", string.Empty, StringComparison.Ordinal) }); // text cannot hold NUL
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
