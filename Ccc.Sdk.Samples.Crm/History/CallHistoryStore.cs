using System.Globalization;
using Ccc.Sdk.Samples.Crm.Customers;
using Microsoft.Data.Sqlite;

namespace Ccc.Sdk.Samples.Crm.History;

/// <summary>
/// The CRM's own call history: one row per call, written from its full call detail record (the webhook's
/// <c>CDRReady</c>, or the reconciliation sweep when the push was lost), plus the calls in progress, kept from call
/// events. One SQLite file, beside the webhook inbox; every write is an upsert keyed by the contact id, so a handler
/// that runs twice for one event (the dispatcher delivers at least once) changes nothing.
/// </summary>
public sealed class CallHistoryStore
{
    /// <summary>The most rows the history returns.</summary>
    public const int Limit = 100;

    /// <summary>Calls in progress whose last event is older than this are not shown: their end never reached the CRM
    /// (e.g. the embedded emulator was restarted mid-call), and no call lasts this long.</summary>
    public static readonly TimeSpan InProgressMaxAge = TimeSpan.FromHours(4);

    private readonly string _connectionString;
    private readonly CustomerDirectory _customers;
    private readonly TimeProvider _time;

    /// <summary>Opens (and creates, if needed) the history database.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="customers">Resolves phone numbers to CRM customers.</param>
    /// <param name="time">The clock of the in-progress view.</param>
    public CallHistoryStore(string path, CustomerDirectory customers, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _customers = customers;
        _time = time;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS call_history (
                contact_id          TEXT PRIMARY KEY,
                contact_type        TEXT NOT NULL,
                calling_number      TEXT NOT NULL,
                called_number       TEXT NOT NULL,
                customer_number     TEXT NOT NULL,
                customer_id         TEXT NULL,
                agent_ids           TEXT NOT NULL,
                agent_names         TEXT NOT NULL,
                disposition         TEXT NOT NULL,
                early_media_state   TEXT NOT NULL,
                release_reason      TEXT NOT NULL,
                start_time          TEXT NOT NULL,
                duration_seconds    INTEGER NULL,
                recording_available INTEGER NOT NULL,
                source              TEXT NOT NULL,
                recorded_at         TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS call_history_start ON call_history (start_time DESC);
            CREATE TABLE IF NOT EXISTS recordings_ready (contact_id TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS calls_in_progress (
                contact_id    TEXT PRIMARY KEY,
                call_type     TEXT NOT NULL,
                caller        TEXT NOT NULL,
                callee        TEXT NOT NULL,
                agent_id      TEXT NOT NULL,
                state         TEXT NOT NULL,
                started_at    TEXT NOT NULL,
                last_event_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS call_agents (
                contact_id TEXT NOT NULL,
                agent_id   TEXT NOT NULL,
                call_type  TEXT NOT NULL,
                PRIMARY KEY (contact_id, agent_id)
            );
            """);
    }

    /// <summary>Writes (or rewrites) a call's row from its record and ends its in-progress entry.</summary>
    /// <param name="record">The full call detail record.</param>
    /// <param name="source"><c>push</c> when the record came with a pushed <c>CDRReady</c>, <c>sweep</c> when the
    /// reconciliation found it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task SaveCallAsync(CallDetailRecordBase record, string source, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(record.ContactId);
        var customer = _customers.FindByPhone(record.CalledNumber) ?? _customers.FindByPhone(record.CallingNumber);
        bool inbound = string.Equals(record.ContactType, "Inbound", StringComparison.OrdinalIgnoreCase);
        string customerNumber = customer?.PrimaryPhone ?? (inbound ? record.CallingNumber : record.CalledNumber) ?? "";

        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        await ExecuteAsync(connection, transaction, """
            INSERT INTO call_history (contact_id, contact_type, calling_number, called_number, customer_number, customer_id,
                agent_ids, agent_names, disposition, early_media_state, release_reason, start_time, duration_seconds,
                recording_available, source, recorded_at)
            VALUES ($id, $type, $calling, $called, $customerNumber, $customerId, $agentIds, $agentNames, $disposition,
                $earlyMedia, $releaseReason, $start, $duration, $recording, $source, $now)
            ON CONFLICT (contact_id) DO UPDATE SET
                contact_type = excluded.contact_type, calling_number = excluded.calling_number,
                called_number = excluded.called_number, customer_number = excluded.customer_number,
                customer_id = excluded.customer_id, agent_ids = excluded.agent_ids, agent_names = excluded.agent_names,
                disposition = excluded.disposition, early_media_state = excluded.early_media_state,
                release_reason = excluded.release_reason, start_time = excluded.start_time,
                duration_seconds = excluded.duration_seconds,
                recording_available = max(recording_available, excluded.recording_available);
            DELETE FROM calls_in_progress WHERE contact_id = $id;
            """, cancellationToken,
            ("$id", record.ContactId),
            ("$type", record.ContactType ?? ""),
            ("$calling", record.CallingNumber ?? ""),
            ("$called", record.CalledNumber ?? ""),
            ("$customerNumber", customerNumber),
            ("$customerId", customer?.Id),
            ("$agentIds", record.AgentIds ?? ""),
            ("$agentNames", record.AgentNames ?? ""),
            ("$disposition", record.ContactDisposition ?? ""),
            ("$earlyMedia", record.EarlyMediaState ?? ""),
            ("$releaseReason", record.ReleaseReason ?? ""),
            ("$start", Time(record.StartTime ?? record.ReleaseTime ?? _time.GetUtcNow())),
            ("$duration", record.CallDuration is { } d ? (long)d.TotalSeconds : null),
            ("$recording", record.RecordingReady == true ? 1 : 0),
            ("$source", source),
            ("$now", Time(_time.GetUtcNow())));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Notes that the CRM placed a call for an agent. A double call's record names no agent of the call center (the
    /// agent answers on its own phone), so this is how the CRM knows whose call it is; for a click-to-call it knows it
    /// before any event or record arrives.
    /// </summary>
    /// <param name="contactId">The call (its JobId).</param>
    /// <param name="agentId">The signed-in agent who placed it.</param>
    /// <param name="callType"><c>OUTBOUND</c> or <c>BACK2BACK</c>, as the call action returned it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task RecordPlacedCallAsync(string contactId, string agentId, string callType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(contactId);
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        await using var connection = Open();
        await ExecuteAsync(connection, null, "INSERT INTO call_agents (contact_id, agent_id, call_type) VALUES ($id, $agent, $type) ON CONFLICT DO NOTHING;",
            cancellationToken, ("$id", contactId), ("$agent", agentId), ("$type", callType));
    }

    /// <summary>
    /// Whether an agent was part of a call — the CRM placed it for the agent, a call event named the agent, or the
    /// agent is among the record's <c>AgentIds</c> — and the call's type as the CRM knows it.
    /// </summary>
    /// <param name="contactId">The call.</param>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The call's type (e.g. <c>BACK2BACK</c>, <c>OUTBOUND</c>, <c>Inbound</c>; possibly empty) when the agent
    /// was on it, else <see langword="null"/> (also for a call the CRM never heard of).</returns>
    public async Task<string?> FindCallOfAgentAsync(string contactId, string agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT call_type FROM call_agents WHERE contact_id = $id AND agent_id = $agent
            UNION ALL SELECT call_type FROM calls_in_progress WHERE contact_id = $id AND agent_id = $agent
            UNION ALL SELECT contact_type FROM call_history h WHERE h.contact_id = $id AND {AgentIdsContain}
            LIMIT 1;
            """;
        command.Parameters.AddWithValue("$id", contactId);
        command.Parameters.AddWithValue("$agent", agentId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    // AgentIds is a comma-separated list: match a whole entry, not a prefix (agent1 is not agent10).
    private const string AgentIdsContain = "instr(',' || replace(h.agent_ids, ' ', '') || ',', ',' || $agent || ',') > 0";

    /// <summary>Notes that a call's recording is ready (its <c>RecordingReady</c> event), whether or not its record has
    /// arrived yet.</summary>
    /// <param name="contactId">The call.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task MarkRecordingReadyAsync(string contactId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await ExecuteAsync(connection, null, "INSERT INTO recordings_ready (contact_id) VALUES ($id) ON CONFLICT DO NOTHING;",
            cancellationToken, ("$id", contactId));
    }

    /// <summary>
    /// Records a call event in the in-progress view: the call's first event creates its entry, later ones (by event
    /// time) update its state. Ignored once the call's record is in the history, so a late or replayed event does not
    /// bring an ended call back.
    /// </summary>
    /// <param name="step">The event.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task RecordCallStepAsync(CallStep step, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await ExecuteAsync(connection, null, """
            INSERT INTO calls_in_progress (contact_id, call_type, caller, callee, agent_id, state, started_at, last_event_at)
            SELECT $id, $type, $caller, $callee, $agent, $state, $time, $time
            WHERE NOT EXISTS (SELECT 1 FROM call_history WHERE contact_id = $id)
            ON CONFLICT (contact_id) DO UPDATE SET
                call_type = CASE WHEN calls_in_progress.call_type = '' THEN excluded.call_type ELSE calls_in_progress.call_type END,
                caller = CASE WHEN calls_in_progress.caller = '' THEN excluded.caller ELSE calls_in_progress.caller END,
                callee = CASE WHEN calls_in_progress.callee = '' THEN excluded.callee ELSE calls_in_progress.callee END,
                agent_id = CASE WHEN calls_in_progress.agent_id = '' THEN excluded.agent_id ELSE calls_in_progress.agent_id END,
                state = CASE WHEN excluded.last_event_at >= calls_in_progress.last_event_at THEN excluded.state ELSE calls_in_progress.state END,
                started_at = min(calls_in_progress.started_at, excluded.started_at),
                last_event_at = max(calls_in_progress.last_event_at, excluded.last_event_at);
            """, cancellationToken,
            ("$id", step.ContactId),
            ("$type", step.CallType ?? ""),
            ("$caller", step.Caller ?? ""),
            ("$callee", step.Callee ?? ""),
            ("$agent", step.AgentId ?? ""),
            ("$state", step.EventType),
            ("$time", Time(step.EventTime)));
    }

    /// <summary>The history, newest call first, at most <see cref="Limit"/> rows, each with its CRM customer.</summary>
    /// <param name="agentId">Only the calls this agent was part of (see <see cref="FindCallOfAgentAsync"/>);
    /// <see langword="null"/>: every call (a supervisor's view).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    public async Task<IReadOnlyList<CallHistoryRow>> ListCallsAsync(string? agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT h.contact_id, h.contact_type, h.calling_number, h.called_number, h.customer_number, h.customer_id,
                   h.agent_ids, h.agent_names, h.disposition, h.early_media_state, h.release_reason, h.start_time,
                   h.duration_seconds, h.recording_available OR r.contact_id IS NOT NULL, h.source, h.recorded_at
            FROM call_history h LEFT JOIN recordings_ready r ON r.contact_id = h.contact_id
            WHERE $agent IS NULL OR {AgentIdsContain}
               OR EXISTS (SELECT 1 FROM call_agents a WHERE a.contact_id = h.contact_id AND a.agent_id = $agent)
            ORDER BY h.start_time DESC, h.contact_id DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", Limit);
        command.Parameters.AddWithValue("$agent", (object?)agentId ?? DBNull.Value);
        var rows = new List<CallHistoryRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? customerId = reader.IsDBNull(5) ? null : reader.GetString(5);
            rows.Add(new CallHistoryRow(
                ContactId: reader.GetString(0),
                ContactType: reader.GetString(1),
                CallingNumber: reader.GetString(2),
                CalledNumber: reader.GetString(3),
                CustomerNumber: reader.GetString(4),
                CustomerId: customerId,
                CustomerName: _customers.Find(customerId)?.ContactName,
                AgentIds: reader.GetString(6),
                AgentNames: reader.GetString(7),
                Disposition: reader.GetString(8),
                EarlyMediaState: reader.GetString(9),
                ReleaseReason: reader.GetString(10),
                StartTime: ParseTime(reader.GetString(11)),
                DurationSeconds: reader.IsDBNull(12) ? null : reader.GetInt64(12),
                RecordingAvailable: reader.GetInt64(13) != 0,
                Source: reader.GetString(14),
                RecordedAt: ParseTime(reader.GetString(15))));
        }

        return rows;
    }

    /// <summary>The calls in progress (a call event arrived, its record not yet), newest first.</summary>
    /// <param name="agentId">Only this agent's calls; <see langword="null"/>: every call (a supervisor's view).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The calls.</returns>
    public async Task<IReadOnlyList<CallInProgress>> ListInProgressAsync(string? agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT contact_id, call_type, caller, callee, agent_id, state, started_at, last_event_at
            FROM calls_in_progress
            WHERE last_event_at >= $since AND NOT EXISTS (SELECT 1 FROM call_history h WHERE h.contact_id = calls_in_progress.contact_id)
              AND ($agent IS NULL OR agent_id = $agent
                   OR EXISTS (SELECT 1 FROM call_agents a WHERE a.contact_id = calls_in_progress.contact_id AND a.agent_id = $agent))
            ORDER BY started_at DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$since", Time(_time.GetUtcNow() - InProgressMaxAge));
        command.Parameters.AddWithValue("$limit", Limit);
        command.Parameters.AddWithValue("$agent", (object?)agentId ?? DBNull.Value);
        var calls = new List<CallInProgress>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string caller = reader.GetString(2), callee = reader.GetString(3);
            var customer = _customers.FindByPhone(callee) ?? _customers.FindByPhone(caller);
            calls.Add(new CallInProgress(
                reader.GetString(0), reader.GetString(1), caller, callee, customer?.Id, customer?.ContactName,
                reader.GetString(4), reader.GetString(5), ParseTime(reader.GetString(6)), ParseTime(reader.GetString(7))));
        }

        return calls;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // UTC, fixed width: the text order is the time order.
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
