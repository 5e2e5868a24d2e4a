using Ccc.Sdk.Events;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// The application's handler of call-center events, called by <see cref="CccEventDispatcher"/> for every event in the inbox
/// whose type it <see cref="CanHandle">can handle</see> — unknown event types too, as <see cref="CccUnknownEvent"/>.
/// </summary>
/// <remarks>
/// <para>Registered with <c>AddCccWebhooks(…).AddEventHandler&lt;T&gt;()</c> as a scoped service: each event gets its own
/// scope. Events of one contact reach the handlers one at a time, in event-time order; events of different contacts (and
/// agent events, which have no contact) run in parallel, up to <see cref="CccEventDispatchOptions.MaxConcurrency"/>.</para>
/// <para>Delivery is at least once: when a handler throws (or the process dies while it runs), the event is tried again
/// later, by <em>every</em> handler of that type, so make handlers idempotent: implement
/// <see cref="HandleAsync(CccEvent, CccEventDelivery, CancellationToken)"/> and key your writes by
/// <see cref="CccEventDelivery.DedupeKey"/>, in the same transaction as the effect. Exceptions never stop the dispatcher: the event is retried with
/// backoff and dead-lettered after <see cref="CccEventDispatchOptions.MaxAttempts"/>.</para>
/// </remarks>
public interface ICccEventHandler
{
    /// <summary>Whether this handler wants events of <paramref name="eventType"/> (e.g. <c>Released</c>); by default every type.</summary>
    /// <param name="eventType">The event's <c>eventType</c>, as sent (case-sensitive).</param>
    bool CanHandle(string eventType) => true;

    /// <summary>Handles one event. Throwing (or not finishing within <see cref="CccEventDispatchOptions.HandlerTimeout"/>)
    /// marks the attempt failed: the event is retried later.</summary>
    /// <param name="e">The parsed event; <see cref="CccEvent.Raw"/> holds the whole JSON object, unknown fields included.</param>
    /// <param name="cancellationToken">Cancelled at the handler timeout or when the application stops.</param>
    Task HandleAsync(CccEvent e, CancellationToken cancellationToken);

    /// <summary>Handles one event, knowing its delivery: the overload the dispatcher calls. By default it calls
    /// <see cref="HandleAsync(CccEvent, CancellationToken)"/>; implement it to key idempotent writes by
    /// <see cref="CccEventDelivery.DedupeKey"/>, which is the same for every redelivery of the event.</summary>
    /// <param name="e">The parsed event; <see cref="CccEvent.Raw"/> holds the whole JSON object, unknown fields included.</param>
    /// <param name="delivery">The inbox item, its deduplication key and this attempt's number.</param>
    /// <param name="cancellationToken">Cancelled at the handler timeout or when the application stops.</param>
    Task HandleAsync(CccEvent e, CccEventDelivery delivery, CancellationToken cancellationToken) => HandleAsync(e, cancellationToken);
}
