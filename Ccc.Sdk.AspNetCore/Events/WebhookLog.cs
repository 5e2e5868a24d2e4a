using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>The receiver's log messages: webhook ids, event types, reasons and counts — never secrets, signatures or bodies.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(101, LogLevel.Warning, "Webhook receiver refused a delivery (webhook-id {WebhookId}): {Reason}, HTTP {StatusCode}.")]
    public static partial void Refused(ILogger logger, string? webhookId, string reason, int statusCode);

    [LoggerMessage(102, LogLevel.Debug, "Webhook receiver stored {EventType} (webhook-id {WebhookId}, key {DedupeKey}).")]
    public static partial void Stored(ILogger logger, string eventType, string webhookId, string dedupeKey);

    [LoggerMessage(103, LogLevel.Debug, "Webhook receiver got a duplicate {EventType} (webhook-id {WebhookId}, key {DedupeKey}); stored already.")]
    public static partial void Duplicate(ILogger logger, string eventType, string webhookId, string dedupeKey);

    [LoggerMessage(104, LogLevel.Error, "Webhook receiver could not store {EventType} (webhook-id {WebhookId}); answered 503 so the sender retries.")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string eventType, string webhookId);

    [LoggerMessage(105, LogLevel.Information, "Event inbox retention removed {Count} handled or dead-lettered items.")]
    public static partial void Purged(ILogger logger, int count);

    [LoggerMessage(107, LogLevel.Warning, "Webhook receiver refused more than {PerMinute} deliveries this minute; further refusals are counted, not logged, until the minute is over.")]
    public static partial void RefusalLoggingPaused(ILogger logger, int perMinute);

    [LoggerMessage(108, LogLevel.Warning, "Webhook receiver refused {Count} more deliveries in the previous minute without logging each.")]
    public static partial void RefusalsSuppressed(ILogger logger, int count);

    [LoggerMessage(109, LogLevel.Error, "Webhook receiver's authenticator failed ({ExceptionType}); answered 503 so the sender retries.")]
    public static partial void AuthenticatorFailed(ILogger logger, string exceptionType);

    [LoggerMessage(106, LogLevel.Warning, "Event inbox retention clean-up failed; it runs again at the next interval.")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);
}
