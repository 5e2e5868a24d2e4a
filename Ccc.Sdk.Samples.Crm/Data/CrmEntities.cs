namespace Ccc.Sdk.Samples.Crm.Data;

/// <summary>A customer row (table <c>customers</c>).</summary>
public sealed class CustomerRecord
{
    /// <summary>The CRM id, <c>c-NNNN</c>.</summary>
    public required string Id { get; set; }

    /// <summary>The person.</summary>
    public required string ContactName { get; set; }

    /// <summary>Their company.</summary>
    public string Company { get; set; } = "";

    /// <summary>Where they are.</summary>
    public string City { get; set; } = "";

    /// <summary>Whether they are a VIP.</summary>
    public bool IsVip { get; set; }

    /// <summary>The owning agent (<c>loginName@instanceId</c>), if any.</summary>
    public string? OwnerAgentId { get; set; }

    /// <summary>When the row was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Their numbers.</summary>
    public List<CustomerPhoneRecord> Phones { get; set; } = [];

    /// <summary>Their notes.</summary>
    public List<CustomerNoteRecord> Notes { get; set; } = [];
}

/// <summary>One number of a customer (table <c>customer_phones</c>): normalised, unique across customers.</summary>
public sealed class CustomerPhoneRecord
{
    /// <summary>The row's id.</summary>
    public long Id { get; set; }

    /// <summary>The customer.</summary>
    public required string CustomerId { get; set; }

    /// <summary>The number, as <see cref="Customers.PhoneNumbers.Normalize"/> writes it (unique index).</summary>
    public required string Number { get; set; }

    /// <summary><c>mobile</c> or <c>landline</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>The number's place in the customer's list (0: the one the CRM dials).</summary>
    public int Position { get; set; }

    /// <summary>The customer.</summary>
    public CustomerRecord? Customer { get; set; }
}

/// <summary>A note on a customer (table <c>customer_notes</c>), with the call it was written during.</summary>
public sealed class CustomerNoteRecord
{
    /// <summary>The note's id.</summary>
    public long Id { get; set; }

    /// <summary>The customer.</summary>
    public required string CustomerId { get; set; }

    /// <summary>The call's contact id, if written during a call.</summary>
    public string? ContactId { get; set; }

    /// <summary>Who wrote it.</summary>
    public required string AgentId { get; set; }

    /// <summary>What they wrote.</summary>
    public required string Text { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The customer.</summary>
    public CustomerRecord? Customer { get; set; }
}

/// <summary>One ended call (table <c>call_history</c>), from its call detail record; keyed by contact id.</summary>
public sealed class CallHistoryRecord
{
    /// <summary>The call's id.</summary>
    public required string ContactId { get; set; }

    /// <summary>The direction.</summary>
    public string ContactType { get; set; } = "";

    /// <summary>The calling number, as the record has it.</summary>
    public string CallingNumber { get; set; } = "";

    /// <summary>The called number, as the record has it.</summary>
    public string CalledNumber { get; set; } = "";

    /// <summary>The customer's side of the call, normalised when it normalises (how the card finds its calls).</summary>
    public string CustomerNumber { get; set; } = "";

    /// <summary>The customer the number belonged to when the record was written, if any.</summary>
    public string? CustomerId { get; set; }

    /// <summary>The agents, comma-separated.</summary>
    public string AgentIds { get; set; } = "";

    /// <summary>Their display names.</summary>
    public string AgentNames { get; set; } = "";

    /// <summary>How the call ended.</summary>
    public string Disposition { get; set; } = "";

    /// <summary>What the network said before an answer.</summary>
    public string EarlyMediaState { get; set; } = "";

    /// <summary>The release reason.</summary>
    public string ReleaseReason { get; set; } = "";

    /// <summary>When the call started (UTC).</summary>
    public DateTimeOffset StartTime { get; set; }

    /// <summary>How long it lasted, in seconds.</summary>
    public long? DurationSeconds { get; set; }

    /// <summary>Whether the record said a recording is ready.</summary>
    public bool RecordingAvailable { get; set; }

    /// <summary><c>push</c> or <c>sweep</c>.</summary>
    public string Source { get; set; } = "";

    /// <summary>When the CRM wrote the row (UTC).</summary>
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A call whose events arrived and whose record has not (table <c>calls_in_progress</c>).</summary>
public sealed class CallInProgressRecord
{
    /// <summary>The call's id.</summary>
    public required string ContactId { get; set; }

    /// <summary>The call's type.</summary>
    public string CallType { get; set; } = "";

    /// <summary>The calling number.</summary>
    public string Caller { get; set; } = "";

    /// <summary>The called number.</summary>
    public string Callee { get; set; } = "";

    /// <summary>The agent on the call, once an event named one.</summary>
    public string AgentId { get; set; } = "";

    /// <summary>The latest event.</summary>
    public string State { get; set; } = "";

    /// <summary>The first event's time (UTC).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The latest event's time (UTC).</summary>
    public DateTimeOffset LastEventAt { get; set; }
}

/// <summary>A call the CRM placed for an agent (table <c>call_agents</c>).</summary>
public sealed class CallAgentRecord
{
    /// <summary>The call.</summary>
    public required string ContactId { get; set; }

    /// <summary>The agent.</summary>
    public required string AgentId { get; set; }

    /// <summary>The call's type, as the call action returned it.</summary>
    public string CallType { get; set; } = "";
}

/// <summary>A call whose recording is ready (table <c>recordings_ready</c>), from its <c>RecordingReady</c> event.</summary>
public sealed class RecordingReadyRecord
{
    /// <summary>The call.</summary>
    public required string ContactId { get; set; }
}
