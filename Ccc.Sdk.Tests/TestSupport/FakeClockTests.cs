namespace Ccc.Sdk.Tests.TestSupport;

/// <summary>The shared fake clock (Ccc.Sdk.TestSupport): which timers are pending, and advancing only once one is.</summary>
public sealed class FakeClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task A_delay_is_pending_until_it_fires_and_a_disposed_timer_is_not_pending()
    {
        var clock = new FakeClock(Start);
        var delay = Task.Delay(TimeSpan.FromSeconds(2), clock);
        var stopped = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)], clock.PendingDueTimes);
        stopped.Dispose();
        Assert.Equal([TimeSpan.FromSeconds(2)], clock.PendingDueTimes);
        clock.Advance(TimeSpan.FromSeconds(2));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(clock.PendingDueTimes);
    }

    [Fact]
    public async Task AdvanceOnTimerAsync_waits_for_a_timer_created_later_instead_of_losing_the_advance()
    {
        var clock = new FakeClock(Start);
        var created = new TaskCompletionSource();
        var delayed = Task.Run(async () =>
        {
            await Task.Delay(200); // the code under test is still busy when the test would have advanced
            var delay = Task.Delay(TimeSpan.FromSeconds(1), clock);
            created.SetResult();
            await delay;
        });

        await clock.AdvanceOnTimerAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        Assert.True(created.Task.IsCompleted);
        await delayed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitForTimerAsync_times_out_when_no_such_timer_comes()
    {
        var clock = new FakeClock(Start);
        using var other = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100)));

        Assert.Contains("00:00:30", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriveAsync_advances_until_the_task_completes()
    {
        var clock = new FakeClock(Start);

        await clock.DriveAsync(Task.Delay(TimeSpan.FromMinutes(1), clock), TimeSpan.FromSeconds(10));

        Assert.True(clock.GetUtcNow() >= Start.AddMinutes(1));
    }
}
