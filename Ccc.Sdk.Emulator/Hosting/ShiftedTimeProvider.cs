namespace Ccc.Sdk.Emulator.Hosting;

/// <summary>
/// <c>Emulator:ClockStart</c>: a clock that read <paramref name="start"/> when it was made and runs at
/// <paramref name="inner"/>'s speed from there. Timers and timestamps are the inner clock's (a delay lasts as long),
/// so a <c>FakeTimeProvider</c> underneath still drives it.
/// </summary>
internal sealed class ShiftedTimeProvider(TimeProvider inner, DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = start - inner.GetUtcNow();

    /// <summary>The clock underneath (transport time).</summary>
    public TimeProvider Inner { get; } = inner;

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow() + _offset;

    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Inner.CreateTimer(callback, state, dueTime, period);
}
