using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Ccc.Sdk.Samples.Crm.History;

/// <summary>
/// The CRM's own call history: one row per call, written from its full call detail record (the webhook's
/// <c>CDRReady</c>, or the reconciliation sweep when the push was lost), plus the calls in progress, kept from call
/// events. Its tables are in the CRM's database (<see cref="CrmDbContext"/>, beside the customers); every write is one
/// SQL upsert keyed by the contact id, so a handler that runs twice for one event (the dispatcher delivers at least
/// once), or two handlers at once, change nothing. A call's customer is found by its normalised number when the record
/// is written and again when it is read, so a customer created after the call still gets it.
/// </summary>
/// <param name="databases">The CRM's database (a pooled factory: each operation its own context).</param>
/// <param name="time">The clock of the in-progress view.</param>
public sealed class CallHistoryStore(IDbContextFactory<CrmDbContext> databases, TimeProvider time)
{
    /// <summary>The most rows the history returns.</summary>
    public const int Limit = 100;

    /// <summary>Calls in progress whose last event is older than this are not shown: their end never reached the CRM
    /// (e.g. the embedded emulator was restarted mid-call), and no call lasts this long.</summary>
    public static readonly TimeSpan InProgressMaxAge = TimeSpan.FromHours(4);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<object, (string ContactId, Action OnWritten)> _watchers = new();

    /// <summary>
    /// Calls <paramref name="onWritten"/> each time the row of <paramref name="contactId"/> is written (its record
    /// arrived) or its recording is noted ready, until the returned handle is disposed — so a screen-pop waiting for an
    /// ended call's record re-reads the card when it is there instead of polling the database. Called on the writer's
    /// thread after the write: it must return quickly and not throw (a page only schedules its re-render).
    /// </summary>
    /// <param name="contactId">The call.</param>
    /// <param name="onWritten">What to do.</param>
    /// <returns>The subscription; dispose it to stop.</returns>
    public IDisposable WhenWritten(string contactId, Action onWritten)
    {
        ArgumentException.ThrowIfNullOrEmpty(contactId);
        ArgumentNullException.ThrowIfNull(onWritten);
        var key = new object();
        _watchers[key] = (contactId, onWritten);
        return new Watch(() => _watchers.TryRemove(key, out _));
    }

    /// <summary>Writes (or rewrites) a call's row from its record and ends its in-progress entry.</summary>
    /// <param name="record">The full call detail record.</param>
    /// <param name="source"><c>push</c> when the record came with a pushed <c>CDRReady</c>, <c>sweep</c> when the
    /// reconciliation found it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task SaveCallAsync(CallDetailRecordBase record, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.ContactId);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);

        // The customer's side: the called number if it is a customer's, else the calling one; for a caller nobody
        // knows yet, the caller of an inbound call and the callee of any other. Kept normalised, so a customer created
        // later finds the call by one of their numbers.
        string? called = PhoneNumbers.Normalize(record.CalledNumber), calling = PhoneNumbers.Normalize(record.CallingNumber);
        var owners = await OwnersOfAsync(db, [called, calling], cancellationToken);
        bool inbound = string.Equals(record.ContactType, "Inbound", StringComparison.OrdinalIgnoreCase);
        string? customerNumber = called is not null && owners.ContainsKey(called) ? called
            : calling is not null && owners.ContainsKey(calling) ? calling
            : inbound ? calling ?? record.CallingNumber : called ?? record.CalledNumber;
        string? customerId = customerNumber is not null && owners.TryGetValue(customerNumber, out var owner) ? owner : null;

        long start = (record.StartTime ?? record.ReleaseTime ?? time.GetUtcNow()).ToUnixTimeMilliseconds();
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        long? duration = record.CallDuration is { } d ? (long)d.TotalSeconds : null;
        int recording = record.RecordingReady == true ? 1 : 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO call_history (contact_id, contact_type, calling_number, called_number, customer_number, customer_id,
                agent_ids, agent_names, disposition, early_media_state, release_reason, start_time, duration_seconds,
                recording_available, source, recorded_at)
            VALUES ({record.ContactId}, {record.ContactType ?? ""}, {record.CallingNumber ?? ""}, {record.CalledNumber ?? ""},
                {customerNumber ?? ""}, {customerId}, {record.AgentIds ?? ""}, {record.AgentNames ?? ""},
                {record.ContactDisposition ?? ""}, {record.EarlyMediaState ?? ""}, {record.ReleaseReason ?? ""}, {start},
                {duration}, {recording}, {source}, {now})
            ON CONFLICT (contact_id) DO UPDATE SET
                contact_type = excluded.contact_type, calling_number = excluded.calling_number,
                called_number = excluded.called_number, customer_number = excluded.customer_number,
                customer_id = excluded.customer_id, agent_ids = excluded.agent_ids, agent_names = excluded.agent_names,
                disposition = excluded.disposition, early_media_state = excluded.early_media_state,
                release_reason = excluded.release_reason, start_time = excluded.start_time,
                duration_seconds = excluded.duration_seconds,
                recording_available = max(recording_available, excluded.recording_available);
            """, cancellationToken);
        await db.Database.ExecuteSqlAsync($"DELETE FROM calls_in_progress WHERE contact_id = {record.ContactId};", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Written(record.ContactId);
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
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO call_agents (contact_id, agent_id, call_type) VALUES ({contactId}, {agentId}, {callType ?? ""}) ON CONFLICT DO NOTHING;",
            cancellationToken);
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
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var placed = await db.CallAgents.AsNoTracking().Where(a => a.ContactId == contactId && a.AgentId == agentId)
            .Select(a => a.CallType).FirstOrDefaultAsync(cancellationToken);
        if (placed is not null)
        {
            return placed;
        }

        var live = await db.CallsInProgress.AsNoTracking().Where(c => c.ContactId == contactId && c.AgentId == agentId)
            .Select(c => c.CallType).FirstOrDefaultAsync(cancellationToken);
        if (live is not null)
        {
            return live;
        }

        string entry = "," + agentId + ",";
        return await db.CallHistory.AsNoTracking()
            .Where(h => h.ContactId == contactId && ("," + h.AgentIds.Replace(" ", "") + ",").Contains(entry))
            .Select(h => h.ContactType).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Notes that a call's recording is ready (its <c>RecordingReady</c> event), whether or not its record has
    /// arrived yet.</summary>
    /// <param name="contactId">The call.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task MarkRecordingReadyAsync(string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(contactId);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"INSERT INTO recordings_ready (contact_id) VALUES ({contactId}) ON CONFLICT DO NOTHING;", cancellationToken);
        Written(contactId);
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
        ArgumentNullException.ThrowIfNull(step);
        long at = step.EventTime.ToUnixTimeMilliseconds();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO calls_in_progress (contact_id, call_type, caller, callee, agent_id, state, started_at, last_event_at)
            SELECT {step.ContactId}, {step.CallType ?? ""}, {step.Caller ?? ""}, {step.Callee ?? ""}, {step.AgentId ?? ""}, {step.EventType}, {at}, {at}
            WHERE NOT EXISTS (SELECT 1 FROM call_history WHERE contact_id = {step.ContactId})
            ON CONFLICT (contact_id) DO UPDATE SET
                call_type = CASE WHEN calls_in_progress.call_type = '' THEN excluded.call_type ELSE calls_in_progress.call_type END,
                caller = CASE WHEN calls_in_progress.caller = '' THEN excluded.caller ELSE calls_in_progress.caller END,
                callee = CASE WHEN calls_in_progress.callee = '' THEN excluded.callee ELSE calls_in_progress.callee END,
                agent_id = CASE WHEN calls_in_progress.agent_id = '' THEN excluded.agent_id ELSE calls_in_progress.agent_id END,
                state = CASE WHEN excluded.last_event_at >= calls_in_progress.last_event_at THEN excluded.state ELSE calls_in_progress.state END,
                started_at = min(calls_in_progress.started_at, excluded.started_at),
                last_event_at = max(calls_in_progress.last_event_at, excluded.last_event_at);
            """, cancellationToken);
    }

    /// <summary>The history, newest call first, at most <see cref="Limit"/> rows, each with its CRM customer.</summary>
    /// <param name="agentId">Only the calls this agent was part of (see <see cref="FindCallOfAgentAsync"/>);
    /// <see langword="null"/>: every call (a supervisor's view).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    public async Task<IReadOnlyList<CallHistoryRow>> ListCallsAsync(string? agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var calls = db.CallHistory.AsNoTracking();
        if (agentId is not null)
        {
            // AgentIds is a comma-separated list: match a whole entry, not a prefix (agent1 is not agent10).
            string entry = "," + agentId + ",";
            calls = calls.Where(h => ("," + h.AgentIds.Replace(" ", "") + ",").Contains(entry)
                || db.CallAgents.Any(a => a.ContactId == h.ContactId && a.AgentId == agentId));
        }

        return await RowsAsync(db, calls, Limit, cancellationToken);
    }

    /// <summary>
    /// A customer's latest calls, newest first: those whose customer number is one of <paramref name="numbers"/> or
    /// whose record was written for <paramref name="customerId"/>.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="numbers">Their numbers, normalised.</param>
    /// <param name="limit">The most calls returned.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    public async Task<IReadOnlyList<CallHistoryRow>> ListCustomerCallsAsync(string customerId, IReadOnlyCollection<string> numbers, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var list = numbers.ToList();
        var calls = db.CallHistory.AsNoTracking().Where(h => h.CustomerId == customerId || list.Contains(h.CustomerNumber));
        return await RowsAsync(db, calls, limit, cancellationToken);
    }

    /// <summary>The calls in progress (a call event arrived, its record not yet), newest first.</summary>
    /// <param name="agentId">Only this agent's calls; <see langword="null"/>: every call (a supervisor's view).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The calls.</returns>
    public async Task<IReadOnlyList<CallInProgress>> ListInProgressAsync(string? agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var since = time.GetUtcNow() - InProgressMaxAge;
        var query = db.CallsInProgress.AsNoTracking()
            .Where(c => c.LastEventAt >= since && !db.CallHistory.Any(h => h.ContactId == c.ContactId));
        if (agentId is not null)
        {
            query = query.Where(c => c.AgentId == agentId || db.CallAgents.Any(a => a.ContactId == c.ContactId && a.AgentId == agentId));
        }

        var rows = await query.OrderByDescending(c => c.StartedAt).Take(Limit).ToListAsync(cancellationToken);
        var owners = await OwnersOfAsync(db, rows.SelectMany(c => new[] { PhoneNumbers.Normalize(c.Callee), PhoneNumbers.Normalize(c.Caller) }), cancellationToken);
        var names = await NamesOfAsync(db, owners.Values, cancellationToken);
        return [.. rows.Select(c =>
        {
            string? customerId = OwnerOf(owners, c.Callee) ?? OwnerOf(owners, c.Caller);
            return new CallInProgress(c.ContactId, c.CallType, c.Caller, c.Callee, customerId, customerId is null ? null : names.GetValueOrDefault(customerId),
                c.AgentId, c.State, c.StartedAt, c.LastEventAt);
        })];
    }

    // The rows of a history query, newest first, each with its customer: the one recorded, else the one who owns the
    // call's customer number now; and a recording is available if the record said so or its RecordingReady came.
    private static async Task<IReadOnlyList<CallHistoryRow>> RowsAsync(CrmDbContext db, IQueryable<CallHistoryRecord> calls, int limit, CancellationToken cancellationToken)
    {
        var rows = await calls
            .OrderByDescending(h => h.StartTime).ThenByDescending(h => h.ContactId)
            .Take(limit)
            .Select(h => new { Call = h, RecordingReady = db.RecordingsReady.Any(r => r.ContactId == h.ContactId) })
            .ToListAsync(cancellationToken);
        var owners = await OwnersOfAsync(db, rows.Where(r => r.Call.CustomerId is null).Select(r => r.Call.CustomerNumber), cancellationToken);
        var customerIds = rows.Select(r => r.Call.CustomerId ?? OwnerOf(owners, r.Call.CustomerNumber)).OfType<string>();
        var names = await NamesOfAsync(db, customerIds, cancellationToken);
        return [.. rows.Select(r =>
        {
            var h = r.Call;
            string? customerId = h.CustomerId ?? OwnerOf(owners, h.CustomerNumber);
            return new CallHistoryRow(h.ContactId, h.ContactType, h.CallingNumber, h.CalledNumber, h.CustomerNumber, customerId,
                customerId is null ? null : names.GetValueOrDefault(customerId), h.AgentIds, h.AgentNames, h.Disposition,
                h.EarlyMediaState, h.ReleaseReason, h.StartTime, h.DurationSeconds, h.RecordingAvailable || r.RecordingReady,
                h.Source, h.RecordedAt);
        })];
    }

    // Number (normalised) → customer id, for the numbers that belong to a customer: one indexed query.
    private static async Task<Dictionary<string, string>> OwnersOfAsync(CrmDbContext db, IEnumerable<string?> numbers, CancellationToken cancellationToken)
    {
        var wanted = numbers.OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return new(StringComparer.Ordinal);
        }

        return await db.CustomerPhones.AsNoTracking().Where(p => wanted.Contains(p.Number))
            .ToDictionaryAsync(p => p.Number, p => p.CustomerId, StringComparer.Ordinal, cancellationToken);
    }

    private static async Task<Dictionary<string, string>> NamesOfAsync(CrmDbContext db, IEnumerable<string> customerIds, CancellationToken cancellationToken)
    {
        var wanted = customerIds.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return new(StringComparer.Ordinal);
        }

        return await db.Customers.AsNoTracking().Where(c => wanted.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.ContactName, StringComparer.Ordinal, cancellationToken);
    }

    private static string? OwnerOf(Dictionary<string, string> owners, string? number) =>
        PhoneNumbers.Normalize(number) is { } n && owners.TryGetValue(n, out var id) ? id : null;

    private void Written(string contactId)
    {
        foreach (var (watched, onWritten) in _watchers.Values)
        {
            if (string.Equals(watched, contactId, StringComparison.Ordinal))
            {
                onWritten();
            }
        }
    }

    private sealed class Watch(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
