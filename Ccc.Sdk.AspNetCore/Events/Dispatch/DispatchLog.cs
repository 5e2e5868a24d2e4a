using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>The dispatcher's and the reconciler's log messages: event type, contact, attempt and inbox id — never the payload.</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(1, LogLevel.Debug, "Handled {EventType} of contact {ContactId} (inbox item {ItemId}, attempt {Attempt}).")]
    public static partial void Handled(ILogger logger, string eventType, string? contactId, long itemId, int attempt);

    [LoggerMessage(2, LogLevel.Warning, "Handling {EventType} of contact {ContactId} failed (inbox item {ItemId}, attempt {Attempt}); next attempt in {Delay}.")]
    public static partial void Retrying(ILogger logger, string eventType, string? contactId, long itemId, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Handling {EventType} of contact {ContactId} failed (inbox item {ItemId}, attempt {Attempt}); dead-lettered.")]
    public static partial void DeadLettered(ILogger logger, string eventType, string? contactId, long itemId, int attempt, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Lost the lease of inbox item {ItemId} ({EventType} of contact {ContactId}) before recording its outcome: another dispatcher took it after the lease ended.")]
    public static partial void LeaseLost(ILogger logger, long itemId, string eventType, string? contactId);

    [LoggerMessage(5, LogLevel.Error, "The event inbox failed; the dispatcher tries again in {Delay}.")]
    public static partial void InboxFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Replay put {Count} inbox items back to pending.")]
    public static partial void Replayed(ILogger logger, int count);

    [LoggerMessage(7, LogLevel.Information, "Reconciliation added {Count} call detail records that never arrived by push ({From:o} to {To:o}).")]
    public static partial void Swept(ILogger logger, int count, DateTimeOffset from, DateTimeOffset to);

    [LoggerMessage(8, LogLevel.Error, "Reconciliation failed; next sweep in {Delay}.")]
    public static partial void SweepFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(10, LogLevel.Error, "Could not record the outcome of inbox item {ItemId} ({EventType} of contact {ContactId}) in the inbox; it is handled again when its lease ends.")]
    public static partial void OutcomeNotRecorded(ILogger logger, long itemId, string eventType, string? contactId, Exception exception);

    [LoggerMessage(9, LogLevel.Debug, "Reconciliation added the call detail record of contact {ContactId}: no push arrived.")]
    public static partial void SweptRecord(ILogger logger, string contactId);
}
