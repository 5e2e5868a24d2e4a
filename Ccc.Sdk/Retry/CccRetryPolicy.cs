namespace Ccc.Sdk;

/// <summary>
/// The client's one retry policy: which failures are retried for which actions, and how long to wait.
/// Exponential backoff with full jitter (<c>random(0, min(MaxDelay, BaseDelay·2^(n-1)))</c>), a server's
/// <c>x-acs-retry-after</c> honoured as given, and every wait taken on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class CccRetryPolicy(CccRetryOptions options, TimeProvider timeProvider, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public int MaxRetries => options.MaxRetries;

    /// <summary>Read actions (<c>List*</c>, <c>Get*</c>) change nothing, so a lost response can always be asked for again.</summary>
    public static bool IsReadAction(string action) =>
        action.StartsWith("List", StringComparison.Ordinal) || action.StartsWith("Get", StringComparison.Ordinal);

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan ComputeDelay(int retry, TimeSpan? retryAfter)
    {
        if (retryAfter is { } after && after > TimeSpan.Zero)
        {
            return after;
        }

        double ceiling = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
        return TimeSpan.FromMilliseconds(ceiling * Math.Clamp(_random(), 0, 1));
    }

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, timeProvider, cancellationToken);
}
