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

    /// <summary>
    /// Read-only actions whose names do not start with <c>List</c> or <c>Get</c>. CCC 2020-07-01 has no
    /// <c>Describe*</c> or <c>Query*</c> actions; of its other names only <c>PollUserStatus</c> (the agent's current
    /// state, read by the workbench every few seconds) changes nothing. <c>Analyze*</c> and <c>Export*</c> start work
    /// on the service's side and stay state-changing.
    /// </summary>
    public static readonly IReadOnlySet<string> ReadOnlyActions = new HashSet<string>(StringComparer.Ordinal) { "PollUserStatus" };

    /// <summary>
    /// Read actions (<c>List*</c>, <c>Get*</c> and the <see cref="ReadOnlyActions"/>) change nothing, so a lost response
    /// can always be asked for again.
    /// </summary>
    public static bool IsReadAction(string action) =>
        action.StartsWith("List", StringComparison.Ordinal) || action.StartsWith("Get", StringComparison.Ordinal) || ReadOnlyActions.Contains(action);

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
