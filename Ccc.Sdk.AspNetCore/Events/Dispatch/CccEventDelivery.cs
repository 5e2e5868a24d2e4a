namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// Where an event handed to an <see cref="ICccEventHandler"/> comes from: its inbox item and the keys that stay the same
/// across redeliveries, so that a handler can make its effect idempotent (docs/events.md, "Crash safety and delivery
/// guarantees").
/// </summary>
/// <param name="InboxId">The inbox's id of the item (stable for as long as the item is kept).</param>
/// <param name="DedupeKey">The event's deduplication key (<see cref="InboxEvent.DedupeKey"/>): the <c>webhook-id</c>, or
/// <c>cdr:{instanceId}:{contactId}</c> for <c>CDRReady</c>. The same for every retry, every sender redelivery and every
/// dispatcher attempt of the event: key idempotent writes by it.</param>
/// <param name="WebhookId">The <c>webhook-id</c> the event was stored with (<c>sweep:{contactId}</c> when the
/// reconciliation sweep found it).</param>
/// <param name="Attempt">This handler attempt, from 1 (more after a failed attempt, an expired lease or a crash).</param>
/// <param name="ReceivedAt">When the receiver stored the event.</param>
public sealed record CccEventDelivery(long InboxId, string DedupeKey, string WebhookId, int Attempt, DateTimeOffset ReceivedAt)
{
    /// <summary>The delivery of an inbox item's attempt <paramref name="attempt"/>.</summary>
    internal static CccEventDelivery Of(InboxItem item, int attempt) =>
        new(item.Id, item.Event.DedupeKey, item.Event.WebhookId, attempt, item.Event.ReceivedAt);
}
