using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.TestSupport;

/// <summary>Waiting in real time for a condition, and driving a fake clock until something happens.</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> (every 5 ms) until it holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/> (default 10 s).</exception>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met in {limit.TotalSeconds:0.#} s" + (what is null ? "." : $": {what}."));
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/>, then pauses <paramref name="pause"/> (default 5 ms of
    /// real time, for the code under test to run), until <paramref name="task"/> completes or <paramref name="timeout"/>
    /// (default 10 s) passes, then awaits it.
    /// </summary>
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, TimeSpan? pause = null, TimeSpan? timeout = null)
    {
        await time.AdvanceUntilAsync(() => task.IsCompleted, step, pause, timeout, throwOnTimeout: false).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>As <see cref="DriveAsync{T}"/>, for a task without a result.</summary>
    public static async Task DriveAsync(this FakeTimeProvider time, Task task, TimeSpan step, TimeSpan? pause = null, TimeSpan? timeout = null)
    {
        await time.AdvanceUntilAsync(() => task.IsCompleted, step, pause, timeout, throwOnTimeout: false).ConfigureAwait(false);
        await task.ConfigureAwait(false);
    }

    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/>, pausing <paramref name="pause"/> (default 5 ms) of real
    /// time after each advance for the code under test to run, until <paramref name="done"/> holds.
    /// </summary>
    /// <returns>
    /// Whether <paramref name="done"/> held before <paramref name="timeout"/> (default 10 s) of real time passed and within
    /// <paramref name="maxSteps"/> advances.
    /// </returns>
    /// <exception cref="TimeoutException">It did not, and <paramref name="throwOnTimeout"/>.</exception>
    public static Task<bool> AdvanceUntilAsync(
        this FakeTimeProvider time,
        Func<bool> done,
        TimeSpan step,
        TimeSpan? pause = null,
        TimeSpan? timeout = null,
        bool throwOnTimeout = true,
        int maxSteps = int.MaxValue) =>
        time.AdvanceUntilAsync(() => Task.FromResult(done()), step, pause, timeout, throwOnTimeout, maxSteps);

    /// <summary>As <see cref="AdvanceUntilAsync(FakeTimeProvider, Func{bool}, TimeSpan, TimeSpan?, TimeSpan?, bool, int)"/>, with a condition read asynchronously (e.g. from a store).</summary>
    public static async Task<bool> AdvanceUntilAsync(
        this FakeTimeProvider time,
        Func<Task<bool>> done,
        TimeSpan step,
        TimeSpan? pause = null,
        TimeSpan? timeout = null,
        bool throwOnTimeout = true,
        int maxSteps = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(done);
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        for (int steps = 0; !await done().ConfigureAwait(false); steps++)
        {
            if (DateTime.UtcNow > deadline || steps >= maxSteps)
            {
                return throwOnTimeout
                    ? throw new TimeoutException($"The condition did not come true in {limit.TotalSeconds:0.#} s while the clock advanced by {step} at a time.")
                    : false;
            }

            time.Advance(step);
            await Task.Delay(pause ?? TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
        }

        return true;
    }
}
