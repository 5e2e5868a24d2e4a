using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which timers are pending, so a test can advance the clock only once the
/// code under test has created the timer the advance is meant for (advancing earlier is lost: the timer starts from the
/// advanced time).
/// </summary>
public class FakeClock : FakeTimeProvider
{
    private readonly List<WatchedTimer> _timers = [];

    /// <summary>A fake clock at <paramref name="start"/>.</summary>
    public FakeClock(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>The due times of the timers created and not yet fired (one-shot), disposed or stopped.</summary>
    public IReadOnlyList<TimeSpan> PendingDueTimes
    {
        get
        {
            lock (_timers)
            {
                return [.. _timers.Where(t => t.Pending).Select(t => t.DueTime)];
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Watched before the real timer exists: one due now may fire inside base.CreateTimer.
        var watched = new WatchedTimer(dueTime, period);
        lock (_timers)
        {
            _timers.Add(watched);
        }

        watched.Inner = base.CreateTimer(
            s =>
            {
                if (watched.Period == Timeout.InfiniteTimeSpan)
                {
                    watched.Fired = true;
                }

                callback(s);
            },
            state,
            dueTime,
            period);
        return watched;
    }

    /// <summary>
    /// Waits (real time) until a timer due <paramref name="dueTime"/> after its creation is pending, e.g. the back-off
    /// delay the code under test starts after it has handled a response.
    /// </summary>
    /// <exception cref="TimeoutException">No such timer within <paramref name="timeout"/> (default 10 s).</exception>
    public Task WaitForTimerAsync(TimeSpan dueTime, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() => PendingDueTimes.Contains(dueTime), timeout, $"a pending timer due in {dueTime} (pending: {string.Join(", ", PendingDueTimes)})");

    /// <summary>Waits until a timer due <paramref name="dueTime"/> is pending, then advances the clock by <paramref name="by"/>.</summary>
    public async Task AdvanceOnTimerAsync(TimeSpan dueTime, TimeSpan by, TimeSpan? timeout = null)
    {
        await WaitForTimerAsync(dueTime, timeout).ConfigureAwait(false);
        Advance(by);
    }

    private sealed class WatchedTimer(TimeSpan dueTime, TimeSpan period) : ITimer
    {
        private volatile bool _stopped;

        public ITimer Inner { get; set; } = null!;

        public TimeSpan DueTime { get; private set; } = dueTime;

        public TimeSpan Period { get; private set; } = period;

        public volatile bool Fired;

        public bool Pending => !_stopped && !Fired && DueTime != Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime;
            Period = period;
            Fired = false;
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            _stopped = true;
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            _stopped = true;
            return Inner.DisposeAsync();
        }
    }
}
