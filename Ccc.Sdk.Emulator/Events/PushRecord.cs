namespace Ccc.Sdk.Emulator.Events;

/// <summary>Where one event's push stands (the control API's event list shows it in camelCase).</summary>
internal enum PushState
{
    /// <summary>Queued for its first attempt.</summary>
    Queued,

    /// <summary>An attempt is in flight.</summary>
    Sending,

    /// <summary>The receiver answered 2xx (to an attempt, a retry, the CDR re-push or a resend).</summary>
    Delivered,

    /// <summary>The last attempt failed; a retry is scheduled.</summary>
    WaitingForRetry,

    /// <summary>Every attempt of the schedule failed.</summary>
    Failed,

    /// <summary>Lost on purpose by the chaos test mode.</summary>
    Dropped,

    /// <summary>Not queued: the subscription had <c>WebhookQueueCapacity</c> events pending.</summary>
    Overflow,
}

/// <summary>
/// One pushed event as its subscription's deliverer keeps it: the event-log id it came from, its <c>webhook-id</c>, the
/// exact body pushed, and how its push went. Mutable state is guarded by the deliverer's lock.
/// </summary>
internal sealed class PushRecord(long eventId, string webhookId, string eventType, byte[] body)
{
    public long EventId { get; } = eventId;

    public string WebhookId { get; } = webhookId;

    public string EventType { get; } = eventType;

    public byte[] Body { get; } = body;

    public PushState State { get; set; } = PushState.Queued;

    /// <summary>POSTs made for it (attempts, retries, re-push, resends).</summary>
    public int Attempts { get; set; }

    /// <summary>The receiver's last status (e.g. <c>200</c>) or error (<c>ConnectionError</c>, <c>Timeout</c>); null before any attempt.</summary>
    public string? LastAnswer { get; set; }

    /// <summary>A resend delivered it while a retry was waiting: that retry is skipped when it comes due.</summary>
    public bool SettledByResend { get; set; }

    /// <summary>A copy for readers outside the lock.</summary>
    public PushView View() => new(EventId, WebhookId, EventType, State, Attempts, LastAnswer);
}

/// <summary>A snapshot of a <see cref="PushRecord"/> (no body).</summary>
internal sealed record PushView(long EventId, string WebhookId, string EventType, PushState State, int Attempts, string? LastAnswer);
