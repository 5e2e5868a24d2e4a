namespace Ccc.Sdk;

/// <summary>Retry settings of a <see cref="CccClient"/>: exponential backoff with full jitter. Checked by <see cref="CccClientOptions"/>'s validation (0–10 retries, delays 0–1 hour, base ≤ max).</summary>
public sealed class CccRetryOptions
{
    /// <summary>How many times a failed attempt is retried (0 turns retries off).</summary>
    /// <value>Default: 3.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The delay before the first retry; each further retry doubles it, then a random fraction is taken (full jitter).</summary>
    /// <value>Default: 500 milliseconds.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed delay between attempts (a server's <c>x-acs-retry-after</c> is honoured even when longer).</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
