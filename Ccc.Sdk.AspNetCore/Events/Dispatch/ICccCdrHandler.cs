using Ccc.Sdk.Events;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// The application's handler of call detail records: called once per <c>CDRReady</c> event in the inbox — whether it came
/// by push or was found by <see cref="CccCdrReconciler"/> — with the full record, fetched with
/// <see cref="CccClient.GetCallDetailRecordAsync(string, CancellationToken)"/> (a push carries only a summary).
/// </summary>
/// <remarks>
/// Registered with <c>AddCccWebhooks(…).AddCdrHandler&lt;T&gt;()</c> as a scoped service. A record the service does not have
/// yet (<see cref="CccNotFoundException"/>: the cloud's CDRs can be late) is retried on the dispatcher's backoff schedule,
/// for at least <see cref="CccEventDispatchOptions.CdrNotFoundRetryWindow"/>. As for <see cref="ICccEventHandler"/>,
/// delivery is at least once: a failed attempt is retried, so handle a record idempotently (keyed by its
/// <see cref="CallDetailRecordBase.ContactId"/>).
/// </remarks>
public interface ICccCdrHandler
{
    /// <summary>Handles one call detail record.</summary>
    /// <param name="record">The full record, with its agent, customer, IVR and queue timelines.</param>
    /// <param name="push">The pushed <c>CDRReady</c> summary; <see langword="null"/> when the record was found by the
    /// reconciliation sweep because no push arrived.</param>
    /// <param name="cancellationToken">Cancelled at the handler timeout or when the application stops.</param>
    Task HandleAsync(CallDetailRecordDetails record, CccCdrReadyEvent? push, CancellationToken cancellationToken);
}
