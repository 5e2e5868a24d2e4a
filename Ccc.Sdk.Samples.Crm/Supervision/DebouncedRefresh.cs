namespace Ccc.Sdk.Samples.Crm.Supervision;

/// <summary>
/// Turns a burst of change signals into few reads: <see cref="Request"/> schedules one read <c>delay</c> later, and
/// every request until then joins it; a request while a read is in flight schedules exactly one more read after it.
/// So a page never has more than one read in flight and never falls behind the last change. The read must not throw
/// (the supervisor page catches its own errors and shows them).
/// </summary>
public sealed class DebouncedRefresh : IDisposable
{
    private readonly Func<CancellationToken, Task> _read;
    private readonly TimeSpan _delay;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private bool _requested;
    private bool _looping;

    /// <summary>Creates the refresher.</summary>
    /// <param name="read">The read (and re-render) to run.</param>
    /// <param name="delay">How long to gather requests before reading (the supervisor page: 250 ms).</param>
    /// <param name="time">The clock of the delay.</param>
    public DebouncedRefresh(Func<CancellationToken, Task> read, TimeSpan delay, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _read = read;
        _delay = delay;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many reads have started.</summary>
    public int Reads { get; private set; }

    /// <summary>Asks for a read: it runs after the delay, or after the read in flight.</summary>
    public void Request()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _requested = true;
            if (_looping)
            {
                return;
            }

            _looping = true;
        }

        _ = LoopAsync();
    }

    /// <summary>Stops: no read starts after this (one in flight is cancelled through its token).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        CancellationToken token;
        try
        {
            token = _stop.Token;
        }
        catch (ObjectDisposedException)
        {
            lock (_gate)
            {
                _looping = false;
            }

            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(_delay, _time, token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (!_requested || token.IsCancellationRequested)
                    {
                        _looping = false;
                        return;
                    }

                    _requested = false;
                    Reads++;
                }

                await _read(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed: the page went away.
        }
        finally
        {
            lock (_gate)
            {
                _looping = false;
            }
        }
    }
}
