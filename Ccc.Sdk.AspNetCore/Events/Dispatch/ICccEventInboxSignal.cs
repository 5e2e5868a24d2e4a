namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Wakes the <see cref="CccEventDispatcher"/> when new events are in the inbox, so they are handled at once
/// instead of at the next idle poll (<see cref="CccEventDispatchOptions.PollInterval"/>).</summary>
/// <remarks>The webhook endpoint calls it after a new event was stored; the reconciler and replay call it too. A signal
/// with nobody waiting is kept (one), so it is never lost; several signals before the dispatcher wakes count as one.</remarks>
public interface ICccEventInboxSignal
{
    /// <summary>Tells the dispatcher that events are waiting. Cheap, never blocks, never throws.</summary>
    void Signal();
}

/// <summary>The <see cref="ICccEventInboxSignal"/> a dispatcher waits on (registered as a singleton by <c>AddDispatcher</c>).</summary>
public sealed class CccEventInboxSignal : ICccEventInboxSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    /// <inheritdoc />
    public void Signal()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled and not yet consumed: one wake-up covers both.
        }
    }

    /// <summary>Waits for a signal or until <paramref name="timeout"/> has passed on <paramref name="time"/>, whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _pending.WaitAsync(stop.Token);
        var elapsed = Task.Delay(timeout, time, stop.Token);
        await Task.WhenAny(signalled, elapsed).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
