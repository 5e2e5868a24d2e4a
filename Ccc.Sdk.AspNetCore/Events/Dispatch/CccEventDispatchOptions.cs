namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Options of <see cref="CccEventDispatcher"/>, the hosted service that hands inbox events to the application's handlers.</summary>
public sealed class CccEventDispatchOptions
{
    /// <summary>How many events are handled at the same time (events of one contact are always handled one at a time).</summary>
    /// <value>8.</value>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>How long a leased event stays reserved for this dispatcher. The inbox has no lease renewal, so it must be
    /// longer than <see cref="HandlerTimeout"/>: a dispatcher that dies releases its events when their leases end.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one attempt (all the handlers of one event, and the CDR fetch) may take; then its
    /// <see cref="CancellationToken"/> is cancelled and the attempt counts as failed. Shorter than <see cref="LeaseDuration"/>.</summary>
    /// <value>2 minutes.</value>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many attempts an event gets before it is dead-lettered (kept for inspection and replay).</summary>
    /// <value>8.</value>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles after each further failure, up to <see cref="MaxBackoff"/>.</summary>
    /// <value>5 seconds.</value>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts.</summary>
    /// <value>1 hour.</value>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The random part of a wait, as a fraction: a wait <c>d</c> becomes a uniformly random value in
    /// <c>[d × (1 − BackoffJitter), d]</c>, so retries of many events do not arrive together. 0 turns jitter off.</summary>
    /// <value>0.2.</value>
    public double BackoffJitter { get; set; } = 0.2;

    /// <summary>How long an idle dispatcher waits before looking at the inbox again (for events that became due, and events
    /// stored by another process). New events stored through <see cref="ICccEventInboxSignal"/> wake it at once.</summary>
    /// <value>1 second.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after its event time a <c>CDRReady</c> whose record is not found yet keeps being retried, even past
    /// <see cref="MaxAttempts"/> (the cloud says a late record is pushed again within two hours; that re-push is the same
    /// event for the inbox, so this dispatcher must keep trying).</summary>
    /// <value>2 hours.</value>
    public TimeSpan CdrNotFoundRetryWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The name of the <see cref="CccClient"/> (registered with <c>services.AddCcc(name, …)</c>) that fetches
    /// call detail records for the <see cref="ICccCdrHandler"/>s. Its default instance must be the events' instance.</summary>
    /// <value>The empty string: the default client of <c>services.AddCcc(…)</c>.</value>
    public string ClientName { get; set; } = string.Empty;

    /// <summary>This dispatcher's name in the inbox's leases (several receivers can share a PostgreSQL inbox).</summary>
    /// <value><see langword="null"/>: the machine name, the process id and a random suffix.</value>
    public string? LeaseOwner { get; set; }

    /// <summary>Throws when a rule is broken (direct construction of the dispatcher; with dependency injection the
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
        if (MaxConcurrency < 1)
        {
            yield return "CccEventDispatchOptions.MaxConcurrency must be at least 1.";
        }

        if (MaxAttempts < 1)
        {
            yield return "CccEventDispatchOptions.MaxAttempts must be at least 1.";
        }

        foreach (var (name, value) in new[] { (nameof(LeaseDuration), LeaseDuration), (nameof(HandlerTimeout), HandlerTimeout), (nameof(InitialBackoff), InitialBackoff), (nameof(PollInterval), PollInterval) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"CccEventDispatchOptions.{name} must be positive.";
            }
        }

        if (HandlerTimeout >= LeaseDuration)
        {
            yield return "CccEventDispatchOptions.HandlerTimeout must be shorter than LeaseDuration: the inbox does not renew leases.";
        }

        if (MaxBackoff < InitialBackoff)
        {
            yield return "CccEventDispatchOptions.MaxBackoff must be at least InitialBackoff.";
        }

        if (BackoffJitter is < 0 or > 1 || double.IsNaN(BackoffJitter))
        {
            yield return "CccEventDispatchOptions.BackoffJitter must be between 0 and 1.";
        }

        if (CdrNotFoundRetryWindow < TimeSpan.Zero)
        {
            yield return "CccEventDispatchOptions.CdrNotFoundRetryWindow must not be negative.";
        }

        if (ClientName is null)
        {
            yield return "CccEventDispatchOptions.ClientName must not be null (the empty string is the default client).";
        }
    }
}
