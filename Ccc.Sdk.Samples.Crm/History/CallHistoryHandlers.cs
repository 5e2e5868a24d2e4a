using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Events;

namespace Ccc.Sdk.Samples.Crm.History;

/// <summary>
/// Writes a call's history row from its full call detail record. The dispatcher calls it once per record, whether the
/// record's <c>CDRReady</c> was pushed or found by the reconciliation sweep (then <c>push</c> is null).
/// </summary>
public sealed class CallHistoryCdrHandler(CallHistoryStore store) : ICccCdrHandler
{
    /// <inheritdoc />
    public Task HandleAsync(CallDetailRecordDetails record, CccCdrReadyEvent? push, CancellationToken cancellationToken) =>
        store.SaveCallAsync(record, push is null ? "sweep" : "push", cancellationToken);
}

/// <summary>Keeps the "calls in progress" view from call events, and notes recordings as they become ready.</summary>
public sealed class CallProgressEventHandler(CallHistoryStore store) : ICccEventHandler
{
    /// <summary>The events the CRM subscribes to (besides <c>CDRReady</c>, which <see cref="CallHistoryCdrHandler"/> takes).</summary>
    public static readonly IReadOnlyList<string> EventTypes = ["Dialing", "Ringing", "Established", "Held", "Retrieved", "Released", "RecordingReady"];

    /// <inheritdoc />
    public bool CanHandle(string eventType) => EventTypes.Contains(eventType, StringComparer.Ordinal);

    /// <inheritdoc />
    public Task HandleAsync(CccEvent e, CancellationToken cancellationToken) => e switch
    {
        CccRecordingReadyEvent recording => store.MarkRecordingReadyAsync(recording.ContactId, cancellationToken),
        CccCallEvent call when !string.IsNullOrEmpty(call.ContactId) => store.RecordCallStepAsync(
            new CallStep(call.ContactId, call.EventType, call.EventTime, call.CallType, call.Caller, call.Callee, call.AgentId), cancellationToken),
        _ => Task.CompletedTask,
    };
}
