namespace Ccc.Sdk.Samples.Crm.History;

/// <summary>A row of the CRM's call history: one ended call, from its call detail record.</summary>
/// <param name="ContactId">The call's id (the <c>JobId</c> of the call action that placed it).</param>
/// <param name="ContactType">The direction: <c>Outbound</c>, <c>Inbound</c>, <c>Back2Back</c>, <c>Internal</c>.</param>
/// <param name="CallingNumber">The calling number.</param>
/// <param name="CalledNumber">The called number.</param>
/// <param name="CustomerNumber">The customer's side of the call, normalised (<see cref="Customers.PhoneNumbers.Normalize"/>):
/// the called number if it is a CRM customer's, else the calling one if it is; for an unknown number the caller of an
/// inbound call and the callee of any other.</param>
/// <param name="CustomerId">The CRM customer found by that number, when the record was written or (for a customer
/// created later) when it is read; <see langword="null"/> when nobody has it.</param>
/// <param name="CustomerName">That customer's name.</param>
/// <param name="AgentIds">The agents on the call, comma-separated.</param>
/// <param name="AgentNames">Their display names.</param>
/// <param name="Disposition">How the call ended, e.g. <c>Success</c>, <c>NoAnswer</c>.</param>
/// <param name="EarlyMediaState">What the network said before an answer, e.g. <c>Busy</c>.</param>
/// <param name="ReleaseReason">The release reason, e.g. <c>486 - Busy Here</c>.</param>
/// <param name="StartTime">When the call started (UTC).</param>
/// <param name="DurationSeconds">How long it lasted.</param>
/// <param name="RecordingAvailable">Whether a recording can be fetched.</param>
/// <param name="Source">How the record reached the CRM: <c>push</c> (a <c>CDRReady</c> webhook) or <c>sweep</c>
/// (the reconciliation found a record whose push never arrived).</param>
/// <param name="RecordedAt">When the CRM wrote the row (UTC).</param>
public sealed record CallHistoryRow(
    string ContactId,
    string ContactType,
    string CallingNumber,
    string CalledNumber,
    string CustomerNumber,
    string? CustomerId,
    string? CustomerName,
    string AgentIds,
    string AgentNames,
    string Disposition,
    string EarlyMediaState,
    string ReleaseReason,
    DateTimeOffset StartTime,
    long? DurationSeconds,
    bool RecordingAvailable,
    string Source,
    DateTimeOffset RecordedAt);

/// <summary>A call that has started and not yet ended, as its call events tell.</summary>
/// <param name="ContactId">The call's id.</param>
/// <param name="CallType"><c>OUTBOUND</c>, <c>INBOUND</c>, <c>BACK2BACK</c>, ...</param>
/// <param name="Caller">The calling number.</param>
/// <param name="Callee">The called number.</param>
/// <param name="CustomerId">The CRM customer found by those numbers, if any.</param>
/// <param name="CustomerName">That customer's name.</param>
/// <param name="AgentId">The agent on the call, once an event named one.</param>
/// <param name="State">The latest call event, e.g. <c>Ringing</c>, <c>Established</c>, <c>Held</c>.</param>
/// <param name="Since">The call's first event (UTC).</param>
/// <param name="LastEventAt">Its latest event (UTC).</param>
public sealed record CallInProgress(
    string ContactId,
    string CallType,
    string Caller,
    string Callee,
    string? CustomerId,
    string? CustomerName,
    string AgentId,
    string State,
    DateTimeOffset Since,
    DateTimeOffset LastEventAt);

/// <summary>What the in-progress view keeps of one call event.</summary>
/// <param name="ContactId">The call.</param>
/// <param name="EventType">The event, e.g. <c>Established</c>.</param>
/// <param name="EventTime">When it happened.</param>
/// <param name="CallType">The call's type.</param>
/// <param name="Caller">The calling number.</param>
/// <param name="Callee">The called number.</param>
/// <param name="AgentId">The agent of the event's leg, if any.</param>
public sealed record CallStep(string ContactId, string EventType, DateTimeOffset EventTime, string? CallType, string? Caller, string? Callee, string? AgentId);

/// <summary>The body of <c>GET /api/history</c>.</summary>
/// <param name="Calls">The ended calls, newest first.</param>
/// <param name="InProgress">The calls in progress.</param>
public sealed record HistoryView(IReadOnlyList<CallHistoryRow> Calls, IReadOnlyList<CallInProgress> InProgress);
