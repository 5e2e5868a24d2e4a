using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Operations on the inbox for an operator or an admin page: list items, and replay dead-lettered (or handled)
/// events, waking the dispatcher so they are handled at once. Registered as a singleton by <c>AddDispatcher</c>.</summary>
public sealed class CccEventInboxAdmin
{
    private readonly ICccEventInbox _inbox;
    private readonly ICccEventInboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="inbox">The inbox.</param>
    /// <param name="signal">The dispatcher's wake-up signal.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    public CccEventInboxAdmin(ICccEventInbox inbox, ICccEventInboxSignal signal, TimeProvider? timeProvider = null, ILogger<CccEventInboxAdmin>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(signal);
        _inbox = inbox;
        _signal = signal;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Puts the matching dead-lettered (and, with <see cref="InboxReplayFilter.IncludeDone"/>, handled) events back
    /// to pending with their attempts reset, due now, and wakes the dispatcher. The handlers see them again.</summary>
    /// <param name="filter">Which items.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many items were put back.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is <see langword="null"/>.</exception>
    public async Task<int> ReplayAsync(InboxReplayFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        int count = await _inbox.ReplayAsync(filter, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        DispatchLog.Replayed(_logger, count);
        if (count > 0)
        {
            _signal.Signal();
        }

        return count;
    }

    /// <summary>Lists inbox items (e.g. <c>new InboxQuery { State = InboxItemState.DeadLettered }</c>), oldest first.</summary>
    /// <param name="query">Which items.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    public Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _inbox.ListAsync(query, cancellationToken);
    }
}
