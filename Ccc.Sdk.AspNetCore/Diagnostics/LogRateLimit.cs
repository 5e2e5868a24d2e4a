namespace Ccc.Sdk.AspNetCore.Diagnostics;

/// <summary>
/// Decides whether a warning that anyone can trigger (a refused webhook delivery, a failed sign-in callback) is logged:
/// at most <c>perMinute</c> a minute, so hostile traffic cannot flood the log. Past the limit the caller logs once that
/// logging pauses; the first event of a new minute reports how many were not logged.
/// </summary>
/// <param name="perMinute">Events logged per minute.</param>
/// <param name="time">The clock.</param>
internal sealed class LogRateLimit(int perMinute, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _logged;
    private int _suppressed;

    /// <summary>Events logged per minute.</summary>
    public int PerMinute { get; } = perMinute;

    /// <summary>Counts one event and says what to log for it.</summary>
    /// <returns><c>Log</c>: log this event; <c>Pausing</c>: it is the first over the limit, log that logging pauses;
    /// <c>SuppressedBefore</c>: how many the previous minute did not log (0: nothing to report).</returns>
    public (bool Log, bool Pausing, int SuppressedBefore) Next()
    {
        lock (_lock)
        {
            int suppressedBefore = 0;
            var now = time.GetUtcNow();
            if (now - _windowStart >= Window || now < _windowStart)
            {
                suppressedBefore = _suppressed;
                _windowStart = now;
                _logged = 0;
                _suppressed = 0;
            }

            if (_logged < PerMinute)
            {
                _logged++;
                return (true, false, suppressedBefore);
            }

            _suppressed++;
            return (false, _suppressed == 1, suppressedBefore);
        }
    }
}
