using Ccc.Sdk.Events;
using Ccc.Sdk.Samples.Crm.Emulator;
using Ccc.Sdk.Samples.Crm.Supervision;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Samples.Supervision;

/// <summary>
/// How the supervisor view follows the events: the webhook handler signals the notifier and tracks each agent's call,
/// and the page's debounced refresh turns bursts of signals into few reads, never two at once.
/// </summary>
public sealed class WallboardRefreshTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_burst_of_requests_within_the_debounce_makes_one_read_after_the_delay()
    {
        var time = new FakeTimeProvider();
        int reads = 0;
        using var refresh = new DebouncedRefresh(_ => { Interlocked.Increment(ref reads); return Task.CompletedTask; }, Debounce, time);

        for (int i = 0; i < 20; i++)
        {
            refresh.Request();
        }

        time.Advance(TimeSpan.FromMilliseconds(249));
        await Settle();
        Assert.Equal(0, Volatile.Read(ref reads));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntil(() => Volatile.Read(ref reads) == 1);
        time.Advance(Debounce * 4);
        await Settle();
        Assert.Equal(1, Volatile.Read(ref reads));
    }

    [Fact]
    public async Task Requests_during_a_read_make_exactly_one_more_read_after_it_and_reads_never_overlap()
    {
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int reads = 0, inFlight = 0, maxInFlight = 0;
        using var refresh = new DebouncedRefresh(async _ =>
        {
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            if (Interlocked.Increment(ref reads) == 1)
            {
                await release.Task;
            }

            Interlocked.Decrement(ref inFlight);
        }, Debounce, time);

        refresh.Request();
        time.Advance(Debounce);
        await WaitUntil(() => Volatile.Read(ref inFlight) == 1);

        // Five changes while the first read is still running.
        for (int i = 0; i < 5; i++)
        {
            refresh.Request();
            time.Advance(Debounce);
        }

        await Settle();
        Assert.Equal(1, Volatile.Read(ref reads));

        release.SetResult();
        await WaitUntil(() => Volatile.Read(ref inFlight) == 0);
        time.Advance(Debounce);
        await WaitUntil(() => Volatile.Read(ref reads) == 2);
        time.Advance(Debounce * 4);
        await Settle();
        Assert.Equal(2, Volatile.Read(ref reads));
        Assert.Equal(1, Volatile.Read(ref maxInFlight));
        Assert.Equal(2, refresh.Reads);
    }

    [Fact]
    public async Task Nothing_is_read_after_dispose()
    {
        var time = new FakeTimeProvider();
        int reads = 0;
        var refresh = new DebouncedRefresh(_ => { Interlocked.Increment(ref reads); return Task.CompletedTask; }, Debounce, time);
        refresh.Request();
        refresh.Dispose();
        refresh.Request();
        time.Advance(Debounce * 4);
        await Settle();
        Assert.Equal(0, Volatile.Read(ref reads));
    }

    [Fact]
    public async Task The_handler_signals_every_wallboard_event_and_tracks_which_call_each_agent_is_on()
    {
        var notifier = new WallboardNotifier();
        int signals = 0;
        using var subscription = notifier.Subscribe(() => Interlocked.Increment(ref signals));
        var handler = new WallboardEventHandler(notifier);

        await handler.HandleAsync(Event("AgentRinging", "job-1", "agent1@ccc-local"), CancellationToken.None);
        await handler.HandleAsync(Event("AgentTalk", "job-1", "agent1@ccc-local"), CancellationToken.None);
        Assert.Equal("job-1", notifier.CallOf("agent1@ccc-local")?.ContactId);
        Assert.Null(notifier.CallOf("agent2@ccc-local"));

        // A release of an older call does not clear the agent's newer one.
        await handler.HandleAsync(Event("AgentRelease", "job-0", "agent1@ccc-local"), CancellationToken.None);
        Assert.Equal("job-1", notifier.CallOf("agent1@ccc-local")?.ContactId);
        await handler.HandleAsync(Event("AgentRelease", "job-1", "agent1@ccc-local"), CancellationToken.None);
        Assert.Null(notifier.CallOf("agent1@ccc-local"));

        await handler.HandleAsync(Event("AgentReady", null, "agent1@ccc-local"), CancellationToken.None);
        Assert.Equal(5, Volatile.Read(ref signals));
        Assert.Equal(5, notifier.Version);

        subscription.Dispose();
        notifier.Signal();
        Assert.Equal(5, Volatile.Read(ref signals));
    }

    [Fact]
    public void The_CRM_subscribes_the_agent_and_queue_events_the_wallboard_needs_once_each()
    {
        Assert.True(new WallboardEventHandler(new WallboardNotifier()).CanHandle("AgentBreak"));
        Assert.False(new WallboardEventHandler(new WallboardNotifier()).CanHandle("Held"));
        foreach (string type in (string[])["AgentCheckIn", "AgentCheckOut", "AgentReady", "AgentBreak", "AgentRinging", "AgentTalk", "AgentRelease", "Enqueue", "Abandoned", "CDRReady", "Established"])
        {
            Assert.Contains(type, EmulatorWebhooks.EventTypes);
        }

        Assert.Equal(EmulatorWebhooks.EventTypes.Count, EmulatorWebhooks.EventTypes.Distinct(StringComparer.Ordinal).Count());
    }

    private static CccEvent Event(string type, string? contactId, string agentId) => CccEventParser.Parse(
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["eventType"] = type,
            ["eventTime"] = "2026-12-05T09:00:00Z",
            ["instanceId"] = "ccc-local",
            ["contactId"] = contactId,
            ["agentId"] = agentId,
        }));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    // The fake clock fires timers synchronously, but the continuations run on the thread pool: give them a moment.
    private static Task Settle() => Task.Delay(100);

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 10 s.");
            await Task.Delay(10);
        }
    }
}
