namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Options of <see cref="CccCdrReconciler"/>, the sweep that feeds call detail records missed by the push into the inbox.</summary>
public sealed class CccReconciliationOptions
{
    /// <summary>The time between two sweeps (the first runs when the application starts).</summary>
    /// <value>5 minutes.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back a sweep looks: records of calls that started from now − <see cref="Lookback"/>. Longer than
    /// <see cref="Interval"/> plus the longest call, so a record is swept several times before it leaves the window (a sweep
    /// that fails is covered by the next).</summary>
    /// <value>3 hours.</value>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How recent a call may be and still be swept: records of calls that started up to now − <see cref="Delay"/>,
    /// which gives the push time to arrive first (so handlers get the pushed summary). A race is harmless: push and sweep
    /// of one record are one inbox event.</summary>
    /// <value>2 minutes.</value>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The name of the <see cref="CccClient"/> (registered with <c>services.AddCcc(name, …)</c>) that lists the records.</summary>
    /// <value>The empty string: the default client of <c>services.AddCcc(…)</c>.</value>
    public string ClientName { get; set; } = string.Empty;

    /// <summary>The instance to sweep; it must be the instance whose events the webhook receives.</summary>
    /// <value><see langword="null"/>: the client's <see cref="CccClientOptions.InstanceId"/>.</value>
    public string? InstanceId { get; set; }

    /// <summary>Throws when a rule is broken (direct construction of the reconciler; with dependency injection the
    /// validator reports the same rules at start).</summary>
    /// <exception cref="ArgumentException">A rule is broken; the message names the property.</exception>
    internal void Validate()
    {
        var failures = Failures().ToList();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures));
        }
    }

    /// <summary>Every rule these options break, each message naming its property.</summary>
    internal IEnumerable<string> Failures()
    {
        if (Interval <= TimeSpan.Zero)
        {
            yield return "CccReconciliationOptions.Interval must be positive.";
        }

        if (Delay < TimeSpan.Zero)
        {
            yield return "CccReconciliationOptions.Delay must not be negative.";
        }

        if (Lookback <= Delay)
        {
            yield return "CccReconciliationOptions.Lookback must be longer than Delay.";
        }

        if (ClientName is null)
        {
            yield return "CccReconciliationOptions.ClientName must not be null (the empty string is the default client).";
        }
    }
}
