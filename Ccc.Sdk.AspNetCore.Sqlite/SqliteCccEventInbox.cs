using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// The embedded <see cref="ICccEventInbox"/>: one SQLite file (WAL) for one receiver process.
/// </summary>
/// <remarks>
/// <para>Durability: <c>journal_mode=WAL</c> with <c>synchronous=FULL</c>, so a write is on disk (the WAL is synced)
/// when its task completes — the webhook endpoint answers 2xx only then. (<c>NORMAL</c> would be enough against a
/// process crash, but a power loss could take the last commits back, after their senders were told 2xx.)</para>
/// <para>Writes: one writer connection, fed by a queue. The writer runs whatever is queued (up to 256 operations) in
/// one <c>BEGIN IMMEDIATE</c> transaction, each in its own savepoint, and commits once: concurrent deliveries share one
/// sync (group commit) instead of paying one each. Reads (<see cref="ContainsAsync"/>, <see cref="ListAsync"/>) use
/// pooled connections of their own, which WAL lets run beside the writer.</para>
/// <para>Leasing is one <c>UPDATE … RETURNING</c> guarded by the per-contact rule; since every write goes through the
/// one writer, two callers never get the same item. Other processes on the same file are kept apart by SQLite's own
/// write lock (<c>BEGIN IMMEDIATE</c>), but the store is meant for one process: use PostgreSQL to scale out.</para>
/// <para>Times are stored as UTC ticks (exact), states as integers (<see cref="InboxItemState"/>).</para>
/// </remarks>
public sealed class SqliteCccEventInbox : ICccEventInbox, IAsyncDisposable
{
    /// <summary>The argument checks of <see cref="ICccEventInbox.LeaseAsync"/> (each store makes its own).</summary>
    private static void CheckLease(string owner, int max, TimeSpan leaseFor)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseFor, TimeSpan.Zero);
    }

    private const int MaxBatch = 256;

    private const string Columns =
        "id, dedupe_key, webhook_id, event_type, contact_id, event_time, received_at, payload, state, attempts, next_attempt_at, leased_until, lease_owner, last_error";

    private readonly string _connectionString;
    private readonly Channel<WriteOperation> _queue = Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _writer;
    private volatile Task? _schema;

    /// <summary>Creates the store over a database file (created when missing, with its directory).</summary>
    /// <param name="path">The database file, e.g. <c>ccc-events.db</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public SqliteCccEventInbox(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var schema = _schema;
        if (schema is { IsCompletedSuccessfully: true })
        {
            return schema;
        }

        schema = WriteAsync<bool>(_ => true, cancellationToken); // the writer creates the schema when it opens
        _schema = schema;
        return schema;
    }

    /// <inheritdoc />
    public Task<bool> AddAsync(InboxEvent inboxEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inboxEvent);
        byte[] payload = inboxEvent.Payload.ToArray();
        return WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO ccc_inbox (dedupe_key, webhook_id, event_type, contact_id, event_time, received_at, payload, state, attempts, next_attempt_at)
                VALUES ($key, $webhook, $type, $contact, $time, $received, $payload, 0, 0, $received)
                ON CONFLICT(dedupe_key) DO NOTHING
                """;
            command.Parameters.AddWithValue("$key", inboxEvent.DedupeKey);
            command.Parameters.AddWithValue("$webhook", inboxEvent.WebhookId);
            command.Parameters.AddWithValue("$type", inboxEvent.EventType);
            command.Parameters.AddWithValue("$contact", (object?)inboxEvent.ContactId ?? DBNull.Value);
            command.Parameters.AddWithValue("$time", Ticks(inboxEvent.EventTime));
            command.Parameters.AddWithValue("$received", Ticks(inboxEvent.ReceivedAt));
            command.Parameters.AddWithValue("$payload", payload);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> ContainsAsync(string dedupeKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dedupeKey);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM ccc_inbox WHERE dedupe_key = $key)";
        command.Parameters.AddWithValue("$key", dedupeKey);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        CheckLease(owner, max, leaseFor);
        return WriteAsync<IReadOnlyList<InboxItem>>(connection =>
        {
            // Due items (Pending and due, or Leased with an expired lease), oldest first; an item of a contact only when
            // no item of that contact holds a live lease and none that is Pending/Leased comes before it in
            // (event_time, id) order: one contact's events go one at a time, by event time.
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                UPDATE ccc_inbox SET state = 1, lease_owner = $owner, leased_until = $until
                WHERE id IN (
                    SELECT i.id FROM ccc_inbox i
                    WHERE ((i.state = 0 AND i.next_attempt_at <= $now) OR (i.state = 1 AND i.leased_until <= $now))
                      AND (i.contact_id IS NULL OR (
                        NOT EXISTS (SELECT 1 FROM ccc_inbox o
                                    WHERE o.contact_id = i.contact_id AND o.state = 1 AND o.leased_until > $now)
                        AND NOT EXISTS (SELECT 1 FROM ccc_inbox o
                                        WHERE o.contact_id = i.contact_id AND o.state IN (0, 1)
                                          AND (o.event_time < i.event_time OR (o.event_time = i.event_time AND o.id < i.id)))))
                    ORDER BY i.id
                    LIMIT $max)
                RETURNING {Columns}
                """;
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$until", Ticks(now + leaseFor));
            command.Parameters.AddWithValue("$now", Ticks(now));
            command.Parameters.AddWithValue("$max", max);
            var items = ReadItems(command);
            items.Sort((a, b) => a.Id.CompareTo(b.Id));
            return items;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        FinishAsync(id, owner, "state = 2, attempts = attempts + 1, finished_at = $at", now, null, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RetryAsync(long id, string owner, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return FinishAsync(id, owner, "state = 0, attempts = attempts + 1, last_error = $error, next_attempt_at = $at", nextAttemptAt, error, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> DeadLetterAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return FinishAsync(id, owner, "state = 3, attempts = attempts + 1, last_error = $error, finished_at = $at", now, error, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> ReplayAsync(InboxReplayFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        long[]? ids = filter.Ids?.ToArray();
        return WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            var where = new List<string> { filter.IncludeDone ? "state IN (2, 3)" : "state = 3" };
            if (ids is not null)
            {
                where.Add($"id IN ({string.Join(", ", ids.Select((_, n) => $"$id{n}"))})");
                for (int n = 0; n < ids.Length; n++)
                {
                    command.Parameters.AddWithValue($"$id{n}", ids[n]);
                }

                if (ids.Length == 0)
                {
                    return 0;
                }
            }

            if (filter.ReceivedFrom is { } from)
            {
                where.Add("received_at >= $from");
                command.Parameters.AddWithValue("$from", Ticks(from));
            }

            if (filter.EventType is { } type)
            {
                where.Add("event_type = $type");
                command.Parameters.AddWithValue("$type", type);
            }

            command.CommandText = $"""
                UPDATE ccc_inbox SET state = 0, attempts = 0, next_attempt_at = $now, last_error = NULL, finished_at = NULL,
                                     leased_until = NULL, lease_owner = NULL
                WHERE {string.Join(" AND ", where)}
                """;
            command.Parameters.AddWithValue("$now", Ticks(now));
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string> { "1 = 1" };
        if (query.State is { } state)
        {
            where.Add("state = $state");
            command.Parameters.AddWithValue("$state", (int)state);
        }

        if (query.ContactId is { } contact)
        {
            where.Add("contact_id = $contact");
            command.Parameters.AddWithValue("$contact", contact);
        }

        if (query.EventType is { } type)
        {
            where.Add("event_type = $type");
            command.Parameters.AddWithValue("$type", type);
        }

        command.CommandText = $"SELECT {Columns} FROM ccc_inbox WHERE {string.Join(" AND ", where)} ORDER BY id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", Math.Max(0, query.Limit));
        return ReadItems(command);
    }

    /// <inheritdoc />
    public Task<int> PurgeAsync(DateTimeOffset doneBefore, DateTimeOffset deadLetteredBefore, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM ccc_inbox WHERE (state = 2 AND finished_at < $done) OR (state = 3 AND finished_at < $dead)";
            command.Parameters.AddWithValue("$done", Ticks(doneBefore));
            command.Parameters.AddWithValue("$dead", Ticks(deadLetteredBefore));
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>Finishes the queued writes and closes the writer connection and the pooled reader connections.</summary>
    /// <returns>A task that completes when the writer has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? writer;
        lock (_startLock)
        {
            writer = _writer;
        }

        if (writer is not null)
        {
            await writer.ConfigureAwait(false);
        }

        // Close the pooled reader connections too, so the file can be moved or deleted.
        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private static long Ticks(DateTimeOffset time) => time.UtcTicks;

    private static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    private static List<InboxItem> ReadItems(SqliteCommand command)
    {
        var items = new List<InboxItem>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var inboxEvent = new InboxEvent
            {
                DedupeKey = reader.GetString(1),
                WebhookId = reader.GetString(2),
                EventType = reader.GetString(3),
                ContactId = reader.IsDBNull(4) ? null : reader.GetString(4),
                EventTime = FromTicks(reader.GetInt64(5)),
                ReceivedAt = FromTicks(reader.GetInt64(6)),
                Payload = (byte[])reader.GetValue(7),
            };
            items.Add(new InboxItem(
                reader.GetInt64(0),
                inboxEvent,
                (InboxItemState)reader.GetInt32(8),
                reader.GetInt32(9),
                FromTicks(reader.GetInt64(10)),
                reader.IsDBNull(11) ? null : FromTicks(reader.GetInt64(11)),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return items;
    }

    private Task<bool> FinishAsync(long id, string owner, string set, DateTimeOffset at, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE ccc_inbox SET {set}, leased_until = NULL, lease_owner = NULL WHERE id = $id AND state = 1 AND lease_owner = $owner";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$at", Ticks(at));
            if (error is not null)
            {
                command.Parameters.AddWithValue("$error", error);
            }

            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false); // the table exists before the first read
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = new WriteOperation(c => work(c), cancellationToken);
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteCccEventInbox));
        }

        lock (_startLock)
        {
            _writer ??= Task.Run(RunWriterAsync, CancellationToken.None);
        }

        return Await(operation.Completion.Task);

        static async Task<T> Await(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;
    }

    private async Task RunWriterAsync()
    {
        SqliteConnection? connection = null;
        var batch = new List<WriteOperation>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var operation))
                {
                    if (operation.CancellationToken.IsCancellationRequested)
                    {
                        operation.Completion.TrySetCanceled(operation.CancellationToken);
                    }
                    else
                    {
                        batch.Add(operation);
                    }
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                try
                {
                    connection ??= OpenWriter();
                    RunBatch(connection, batch);
                }
                catch (Exception ex)
                {
                    // The connection or the commit failed: nothing of the batch is committed. Start afresh next time.
                    foreach (var operation in batch)
                    {
                        operation.Completion.TrySetException(ex);
                    }

                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private static void RunBatch(SqliteConnection connection, List<WriteOperation> batch)
    {
        // Plain SQL rather than SqliteTransaction, so the operations' commands need no Transaction property set.
        var results = new (object? Value, Exception? Error)[batch.Count];
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            for (int n = 0; n < batch.Count; n++)
            {
                Execute(connection, "SAVEPOINT op");
                try
                {
                    results[n] = (batch[n].Work(connection), null);
                    Execute(connection, "RELEASE op");
                }
                catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: 10 or 13 }) // not SQLITE_IOERR, SQLITE_FULL
                {
                    Execute(connection, "ROLLBACK TO op");
                    Execute(connection, "RELEASE op");
                    results[n] = (null, ex);
                }
            }

            Execute(connection, "COMMIT");
        }
        catch
        {
            try
            {
                Execute(connection, "ROLLBACK");
            }
            catch (SqliteException)
            {
                // No transaction left to roll back: SQLite already did.
            }

            throw;
        }

        for (int n = 0; n < batch.Count; n++)
        {
            if (results[n].Error is { } error)
            {
                batch[n].Completion.TrySetException(error);
            }
            else
            {
                batch[n].Completion.TrySetResult(results[n].Value);
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteConnection OpenWriter()
    {
        string? directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS ccc_inbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    dedupe_key TEXT NOT NULL UNIQUE,
                    webhook_id TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    contact_id TEXT NULL,
                    event_time INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    state INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at INTEGER NOT NULL,
                    leased_until INTEGER NULL,
                    lease_owner TEXT NULL,
                    last_error TEXT NULL,
                    finished_at INTEGER NULL);
                CREATE INDEX IF NOT EXISTS ccc_inbox_due ON ccc_inbox (state, next_attempt_at);
                CREATE INDEX IF NOT EXISTS ccc_inbox_contact ON ccc_inbox (contact_id, state, event_time, id) WHERE contact_id IS NOT NULL;
                CREATE INDEX IF NOT EXISTS ccc_inbox_finished ON ccc_inbox (state, finished_at) WHERE finished_at IS NOT NULL;
                """;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class WriteOperation(Func<SqliteConnection, object?> work, CancellationToken cancellationToken)
    {
        public Func<SqliteConnection, object?> Work { get; } = work;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
