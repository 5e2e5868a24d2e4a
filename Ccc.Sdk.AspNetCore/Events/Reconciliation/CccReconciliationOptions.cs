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

    internal void Validate()
    {
        if (Interval <= TimeSpan.Zero)
        {
            throw new ArgumentException("CccReconciliationOptions.Interval must be positive.");
        }

        if (Delay < TimeSpan.Zero)
        {
            throw new ArgumentException("CccReconciliationOptions.Delay must not be negative.");
        }

        if (Lookback <= Delay)
        {
            throw new ArgumentException("CccReconciliationOptions.Lookback must be longer than Delay.");
        }

        ArgumentNullException.ThrowIfNull(ClientName);
    }
}
