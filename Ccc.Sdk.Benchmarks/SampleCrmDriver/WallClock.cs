namespace Ccc.Sdk.Benchmarks.SampleCrmDriver;

/// <summary>
/// The machine's wall clock in Unix milliseconds with a fraction: the unit of the sample CRM's screen-pop stamps
/// (<c>ScreenPopLog.Now</c>) and of the browser's <c>performance.timeOrigin + performance.now()</c>, so the three
/// processes of a latency run (driver, sample, Chromium) stamp on one clock.
/// </summary>
internal static class WallClock
{
    /// <summary>Now, in Unix milliseconds.</summary>
    /// <returns>Milliseconds since 1970-01-01 UTC.</returns>
    public static double NowMs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
}
