using System.Collections.Concurrent;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Ccc.Sdk.Tests.AspNetCore.Events.Dispatch.DispatchTestKit;

namespace Ccc.Sdk.Tests.AspNetCore.Events.Dispatch;

/// <summary>The dispatcher hands handlers the delivery (inbox id, deduplication key, attempt); handlers written against the
/// two-argument <c>HandleAsync</c> keep working.</summary>
public sealed class EventDeliveryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(T0);

    /// <summary>Implements only the original overload.</summary>
    private sealed class OldHandler : ICccEventHandler
    {
        public ConcurrentQueue<CccEvent> Seen { get; } = new();

        public Task HandleAsync(CccEvent e, CancellationToken cancellationToken)
        {
            Seen.Enqueue(e);
            return Task.CompletedTask;
        }
    }

    /// <summary>Implements the delivery overload; fails the first <paramref name="failures"/> attempts.</summary>
    private sealed class DeliveryHandler(int failures = 0) : ICccEventHandler
    {
        public ConcurrentQueue<(CccEvent Event, CccEventDelivery Delivery)> Seen { get; } = new();

        public Task HandleAsync(CccEvent e, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The dispatcher must call the overload with the delivery.");

        public Task HandleAsync(CccEvent e, CccEventDelivery delivery, CancellationToken cancellationToken)
        {
            Seen.Enqueue((e, delivery));
            return delivery.Attempt <= failures ? throw new InvalidOperationException("not yet") : Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Handlers_get_the_delivery_of_each_event_and_two_argument_handlers_still_run()
    {
        var old = new OldHandler();
        var withDelivery = new DeliveryHandler();
        await using var h = new DispatchHarness(_clock, s => s.AddSingleton<ICccEventHandler>(old).AddSingleton<ICccEventHandler>(withDelivery));
        await h.StartAsync();

        var received = T0.AddSeconds(-3);
        var ringing = await h.PushAsync(Event("Ringing", "job-1", T0, received));
        var cdr = await h.PushAsync(Event("CDRReady", "job-2", T0, received,
            $",\"startTime\":\"{Iso(T0.AddMinutes(-1))}\",\"establishedTime\":\"\",\"endTime\":\"{Iso(T0)}\",\"dispositionCode\":\"NoAnswer\",\"agentIds\":[],\"skillGroupIds\":[]"));
        await Eventually(() => h.Inbox.All().All(i => i.State == InboxItemState.Done));

        Assert.Equal(2, old.Seen.Count);
        Assert.Equal(2, withDelivery.Seen.Count);
        foreach (var pushed in new[] { ringing, cdr })
        {
            var (e, delivery) = withDelivery.Seen.Single(s => s.Event.ContactId == pushed.ContactId);
            Assert.Equal(new CccEventDelivery(h.Item(pushed).Id, pushed.DedupeKey, pushed.WebhookId, 1, received), delivery);
            Assert.Equal(pushed.EventType, e.EventType);
        }

        // CDRReady is keyed by its record, not by the webhook-id.
        Assert.Equal(InboxEvent.CdrKey(Instance, "job-2"), withDelivery.Seen.Single(s => s.Event.EventType == "CDRReady").Delivery.DedupeKey);
        Assert.NotEqual(cdr.WebhookId, cdr.DedupeKey);
    }

    [Fact]
    public async Task A_retried_event_keeps_its_inbox_id_and_key_and_counts_its_attempts()
    {
        var handler = new DeliveryHandler(failures: 2);
        await using var h = new DispatchHarness(_clock, s => s.AddSingleton<ICccEventHandler>(handler), o => o.InitialBackoff = TimeSpan.FromSeconds(1));
        await h.StartAsync();

        var pushed = await h.PushAsync(Event("Released", "job-1", T0, T0));
        await h.AdvanceUntil(() => h.Item(pushed).State == InboxItemState.Done, TimeSpan.FromSeconds(1));

        var deliveries = handler.Seen.Select(s => s.Delivery).ToList();
        Assert.Equal([1, 2, 3], deliveries.Select(d => d.Attempt));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(h.Item(pushed).Id, d.InboxId);
            Assert.Equal(pushed.DedupeKey, d.DedupeKey);
            Assert.Equal(pushed.WebhookId, d.WebhookId);
        });
    }
}
