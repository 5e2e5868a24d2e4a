using System.Collections.Concurrent;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Ccc.Sdk.Tests.AspNetCore.Events.Dispatch.DispatchTestKit;

namespace Ccc.Sdk.Tests.AspNetCore.Events.Dispatch;

/// <summary>The dispatcher over an in-memory inbox on a fake clock: delivery, ordering, concurrency, retries, dead letters, replay.</summary>
public sealed class CccEventDispatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(T0);

    /// <summary>A handler that records what it got and runs the test's code.</summary>
    private sealed class RecordingHandler(Func<CccEvent, CancellationToken, Task>? run = null, Func<string, bool>? canHandle = null) : ICccEventHandler
    {
        public ConcurrentQueue<CccEvent> Seen { get; } = new();

        public bool CanHandle(string eventType) => canHandle?.Invoke(eventType) ?? true;

        public async Task HandleAsync(CccEvent e, CancellationToken cancellationToken)
        {
            Seen.Enqueue(e);
            if (run is not null)
            {
                await run(e, cancellationToken);
            }
        }
    }

    private DispatchHarness Harness(Action<IServiceCollection> register, Action<CccEventDispatchOptions>? configure = null, Func<TestInbox, ICccEventInbox>? wrapInbox = null) =>
        new(_clock, register, configure, wrapInbox);

    [Fact]
    public async Task Every_event_reaches_each_handler_that_wants_it_once_and_is_marked_done()
    {
        var all = new RecordingHandler();
        var releasedOnly = new RecordingHandler(canHandle: t => t == "Released");
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(all).AddSingleton<ICccEventHandler>(releasedOnly));
        await h.StartAsync();

        var events = new[]
        {
            Event("Dialing", "job-1", T0, T0),
            Event("Released", "job-1", T0.AddSeconds(5), T0),
            Event("AgentReady", null, T0, T0, ",\"agentId\":\"agent1@ccc-local\""),
            Event("Released", "job-2", T0, T0),
        };
        foreach (var e in events)
        {
            await h.PushAsync(e);
        }

        await Eventually(() => h.Inbox.All().All(i => i.State == InboxItemState.Done));
        await Task.Delay(100); // nothing more arrives late

        Assert.Equal(4, all.Seen.Count);
        Assert.Equal(4, all.Seen.Select(e => (e.EventType, e.ContactId, e.EventTime)).Distinct().Count());
        Assert.Equal(["job-1", "job-2"], releasedOnly.Seen.Select(e => e.ContactId).Order());
        Assert.All(h.Inbox.All(), i => Assert.Equal(0, i.Attempts));
        Assert.IsType<CccAgentEvent>(all.Seen.Single(e => e.EventType == "AgentReady"));
    }

    [Fact]
    public async Task Events_stored_out_of_order_are_handled_in_event_time_order_one_at_a_time_per_contact()
    {
        var running = new ConcurrentDictionary<string, int>();
        int overlap = 0;
        var order = new ConcurrentQueue<(string Contact, string Type)>();
        var handler = new RecordingHandler(async (e, _) =>
        {
            if (running.AddOrUpdate(e.ContactId!, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref overlap);
            }

            order.Enqueue((e.ContactId!, e.EventType));
            await Task.Delay(10);
            running.AddOrUpdate(e.ContactId!, 0, (_, n) => n - 1);
        });
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler));

        // Two calls, each stored in a scrambled order (as a retrying sender delivers them).
        foreach (var contact in new[] { "job-7", "job-8" })
        {
            foreach (var (type, second) in new[] { ("Released", 9), ("AgentTalk", 4), ("Established", 6), ("Dialing", 1), ("Ringing", 3) })
            {
                await h.PushAsync(Event(type, contact, T0.AddSeconds(second), T0));
            }
        }

        await h.StartAsync();
        await Eventually(() => order.Count == 10);

        string[] expected = ["Dialing", "Ringing", "AgentTalk", "Established", "Released"];
        Assert.Equal(expected, order.Where(o => o.Contact == "job-7").Select(o => o.Type));
        Assert.Equal(expected, order.Where(o => o.Contact == "job-8").Select(o => o.Type));
        Assert.Equal(0, overlap);
    }

    [Fact]
    public async Task Different_contacts_run_in_parallel_up_to_MaxConcurrency()
    {
        int running = 0, highest = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler(async (_, _) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref highest, now);
            await release.Task;
            Interlocked.Decrement(ref running);
        });
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler), o => o.MaxConcurrency = 3);
        for (int i = 0; i < 7; i++)
        {
            await h.PushAsync(Event("Released", $"job-{i}", T0, T0));
        }

        await h.StartAsync();
        await Eventually(() => Volatile.Read(ref running) == 3);
        await Task.Delay(200);
        Assert.Equal(3, Volatile.Read(ref running)); // the bound holds while they are blocked
        Assert.Equal(3, h.Inbox.All().Count(i => i.State == InboxItemState.Leased));

        release.SetResult();
        await Eventually(() => h.Inbox.All().All(i => i.State == InboxItemState.Done));
        Assert.Equal(7, handler.Seen.Count);
        Assert.Equal(3, highest);
    }

    [Fact]
    public async Task A_failing_handler_is_retried_on_the_backoff_schedule_then_dead_lettered_and_the_loop_goes_on()
    {
        var failures = new ConcurrentQueue<DateTimeOffset>();
        var handler = new RecordingHandler((e, _) =>
        {
            if (e.ContactId == "job-bad")
            {
                failures.Enqueue(_clock.GetUtcNow());
                throw new InvalidOperationException("CRM is down");
            }

            return Task.CompletedTask;
        });
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler), o =>
        {
            o.MaxAttempts = 4;
            o.InitialBackoff = TimeSpan.FromSeconds(5);
            o.MaxBackoff = TimeSpan.FromSeconds(15);
        });
        await h.StartAsync();
        var bad = await h.PushAsync(Event("Released", "job-bad", T0, T0));

        var expectedWaits = new[] { 5, 10, 15 }; // 5 s doubling, capped at MaxBackoff
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            await Eventually(() => h.Item(bad) is { State: InboxItemState.Pending } i && i.Attempts == attempt);
            var item = h.Item(bad);
            var failedAt = failures.Last();
            Assert.Equal(failedAt.AddSeconds(expectedWaits[attempt - 1]), item.NextAttemptAt);
            Assert.Equal("InvalidOperationException: CRM is down", item.LastError);

            // Not a moment early: one second before it is due, nothing happens.
            _clock.Advance(item.NextAttemptAt - _clock.GetUtcNow() - TimeSpan.FromSeconds(1));
            await Task.Delay(100);
            Assert.Equal(attempt, failures.Count);
            await h.AdvanceUntil(() => failures.Count == attempt + 1, TimeSpan.FromSeconds(1));
        }

        await Eventually(() => h.Item(bad).State == InboxItemState.DeadLettered);
        Assert.Equal(4, h.Item(bad).Attempts);
        Assert.Equal(4, failures.Count);

        // A handler that throws never stops the loop.
        var good = await h.PushAsync(Event("Released", "job-good", T0, _clock.GetUtcNow()));
        await Eventually(() => h.Item(good).State == InboxItemState.Done);
        _clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(100);
        Assert.Equal(4, failures.Count); // dead letters stay dead
    }

    [Fact]
    public async Task Backoff_jitter_shortens_each_wait_by_at_most_the_jitter_fraction()
    {
        var handler = new RecordingHandler((_, _) => throw new InvalidOperationException("no"));
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler), o =>
        {
            o.BackoffJitter = 0.5;
            o.InitialBackoff = TimeSpan.FromSeconds(10);
        });
        await h.StartAsync();
        for (int i = 0; i < 20; i++)
        {
            await h.PushAsync(Event("Released", $"job-{i}", T0, T0));
        }

        await Eventually(() => h.Inbox.All().All(i => i.Attempts == 1));
        var waits = h.Inbox.All().Select(i => i.NextAttemptAt - T0).ToList();
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
        Assert.True(waits.Distinct().Count() > 1, "Jitter spreads the retries.");
    }

    [Fact]
    public async Task Replay_runs_a_dead_lettered_event_again_at_once()
    {
        int calls = 0;
        var handler = new RecordingHandler((_, _) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("first time") : Task.CompletedTask);
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler), o =>
        {
            o.MaxAttempts = 1;
            o.PollInterval = TimeSpan.FromHours(1); // only the replay's wake-up can bring it back
        });
        await h.StartAsync();
        var e = await h.PushAsync(Event("Released", "job-3", T0, T0));
        await Eventually(() => h.Item(e).State == InboxItemState.DeadLettered);

        var dead = Assert.Single(await h.Admin.ListAsync(new InboxQuery { State = InboxItemState.DeadLettered }));
        Assert.Equal(1, await h.Admin.ReplayAsync(new InboxReplayFilter { Ids = [dead.Id] }));

        await Eventually(() => h.Item(e).State == InboxItemState.Done);
        Assert.Equal(2, calls);
        Assert.Equal(0, await h.Admin.ReplayAsync(new InboxReplayFilter { Ids = [dead.Id] })); // done items only with IncludeDone
    }

    [Fact]
    public async Task An_unknown_event_type_reaches_the_handlers_as_a_CccUnknownEvent_with_its_fields()
    {
        CccEvent? got = null;
        var handler = new Mock<ICccEventHandler>(MockBehavior.Strict);
        handler.Setup(x => x.CanHandle("SatelliteHandover")).Returns(true);
        // The dispatcher calls the overload with the delivery (a strict mock does not run its default implementation).
        handler.Setup(x => x.HandleAsync(It.IsAny<CccEvent>(), It.IsAny<CccEventDelivery>(), It.IsAny<CancellationToken>()))
            .Callback<CccEvent, CccEventDelivery, CancellationToken>((e, _, _) => got = e)
            .Returns(Task.CompletedTask);
        await using var h = Harness(s => s.AddSingleton(handler.Object));
        await h.StartAsync();

        var e = await h.PushAsync(Event("SatelliteHandover", "job-9", T0, T0, ",\"orbit\":{\"height\":550}"));
        await Eventually(() => h.Item(e).State == InboxItemState.Done);

        var unknown = Assert.IsType<CccUnknownEvent>(got);
        Assert.Equal(("SatelliteHandover", "job-9"), (unknown.EventType, unknown.ContactId));
        Assert.Equal(550, unknown.Raw.GetProperty("orbit").GetProperty("height").GetInt32());
        handler.Verify(x => x.HandleAsync(It.IsAny<CccEvent>(), It.IsAny<CccEventDelivery>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_payload_that_is_not_an_event_is_dead_lettered_without_retries()
    {
        var handler = new RecordingHandler();
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler));
        await h.StartAsync();

        var e = await h.PushAsync(Raw("msg_x", "Released", "job-1", T0, T0, "{\"eventType\":\"Released\"}"));
        await Eventually(() => h.Item(e).State == InboxItemState.DeadLettered);

        Assert.Equal(1, h.Item(e).Attempts);
        Assert.StartsWith("CccEventFormatException", h.Item(e).LastError, StringComparison.Ordinal);
        Assert.Empty(handler.Seen);
    }

    [Fact]
    public async Task A_handler_that_outlives_HandlerTimeout_is_cancelled_and_the_attempt_counts_as_failed()
    {
        var handler = new RecordingHandler((_, ct) => Task.Delay(Timeout.Infinite, ct));
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler), o =>
        {
            o.HandlerTimeout = TimeSpan.FromSeconds(30);
            o.LeaseDuration = TimeSpan.FromMinutes(1);
        });
        await h.StartAsync();
        var e = await h.PushAsync(Event("Released", "job-5", T0, T0));
        await Eventually(() => handler.Seen.Count == 1);

        await h.AdvanceUntil(() => h.Item(e).Attempts == 1, TimeSpan.FromSeconds(5), maxSteps: 20);

        var item = h.Item(e);
        Assert.Equal(InboxItemState.Pending, item.State);
        Assert.StartsWith("TimeoutException", item.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signal_wakes_an_idle_dispatcher_without_waiting_for_the_poll()
    {
        var handler = new RecordingHandler();
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler), o => o.PollInterval = TimeSpan.FromHours(1));
        await h.StartAsync();
        await Task.Delay(100); // idle, waiting

        var e = Event("Released", "job-1", T0, T0);
        await h.Inbox.AddAsync(e);
        await Task.Delay(200);
        Assert.Empty(handler.Seen); // stored without a signal: waits for the hourly poll

        h.Signal.Signal();
        await Eventually(() => h.Item(e).State == InboxItemState.Done);
    }

    [Fact]
    public async Task An_inbox_that_fails_backs_the_loop_off_and_never_stops_it()
    {
        var handler = new RecordingHandler();
        FailingInbox? failing = null;
        await using var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler), wrapInbox: inner => failing = new FailingInbox(inner) { LeaseFailures = 3, CompleteFailures = 1 });
        var e = await h.PushAsync(Event("Released", "job-1", T0, T0));
        await h.StartAsync();
        await Eventually(() => failing!.LeaseCalls == 1);

        // Waits of 1 s, 2 s, 4 s after the failures: nothing is leased before they are over.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => failing!.LeaseCalls == 2);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.Equal(2, failing!.LeaseCalls);
        await h.AdvanceUntil(() => handler.Seen.Count == 1, TimeSpan.FromSeconds(1));
        Assert.True(_clock.GetUtcNow() >= T0.AddSeconds(1 + 2 + 4), "Leased only after the 1 s, 2 s and 4 s waits.");

        // Marking it done failed too: the lease ends and the event is handled again (at least once).
        Assert.Equal(InboxItemState.Leased, h.Item(e).State);
        await h.AdvanceUntil(() => h.Item(e).State == InboxItemState.Done, TimeSpan.FromMinutes(1));
        Assert.Equal(2, handler.Seen.Count);
    }

    [Fact]
    public async Task Stopping_the_dispatcher_cancels_running_handlers_and_gives_their_events_back()
    {
        var handler = new RecordingHandler((_, ct) => Task.Delay(Timeout.Infinite, ct));
        var h = Harness(s => s.AddSingleton<ICccEventHandler>(handler));
        await h.StartAsync();
        var e = await h.PushAsync(Event("Released", "job-1", T0, T0));
        await Eventually(() => handler.Seen.Count == 1);

        await h.DisposeAsync();

        var item = h.Item(e);
        Assert.Equal((InboxItemState.Pending, 1, T0), (item.State, item.Attempts, item.NextAttemptAt));
    }

    [Fact]
    public void Invalid_options_are_refused_when_the_dispatcher_is_created()
    {
        var ex = Assert.Throws<ArgumentException>(() => Harness(_ => { }, o => o.HandlerTimeout = o.LeaseDuration));
        Assert.Contains("HandlerTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Harness(_ => { }, o => o.MaxConcurrency = 0));
        Assert.Throws<ArgumentException>(() => Harness(_ => { }, o => o.BackoffJitter = 1.5));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
