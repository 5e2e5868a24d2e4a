using System.Collections.Concurrent;
using System.Globalization;
using Ccc.Sdk.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// The hosted service that hands the inbox's events to the application's <see cref="ICccEventHandler"/>s and
/// <see cref="ICccCdrHandler"/>s (docs/events.md, "Handlers and the dispatcher").
/// </summary>
/// <remarks>
/// <para>It leases due events from the <see cref="ICccEventInbox"/> — the inbox gives out one event of a contact at a time,
/// in event-time order — and runs up to <see cref="CccEventDispatchOptions.MaxConcurrency"/> of them at once, each in its
/// own DI scope. An event every handler accepted is marked done; a failed attempt (an exception, or the
/// <see cref="CccEventDispatchOptions.HandlerTimeout"/>) is put back with exponential backoff and jitter, and dead-lettered
/// after <see cref="CccEventDispatchOptions.MaxAttempts"/>. A payload that is not an event is dead-lettered at once (no
/// retry can help). Nothing a handler or the inbox throws stops the loop.</para>
/// <para>For <c>CDRReady</c> it fetches the full record with <see cref="CccClient.GetCallDetailRecordAsync(string, CancellationToken)"/> when at least
/// one <see cref="ICccCdrHandler"/> is registered. When the application stops, running attempts are cancelled and put back
/// (counted as an attempt) so that another receiver can take them at once.</para>
/// </remarks>
public sealed class CccEventDispatcher : BackgroundService
{
    /// <summary>The <c>webhook-id</c> prefix of events added by <see cref="CccCdrReconciler"/>.</summary>
    internal const string SweepPrefix = "sweep:";

    private const int MaxErrorLength = 2_000;

    private readonly ICccEventInbox _inbox;
    private readonly IServiceProvider _services;
    private readonly CccEventDispatchOptions _options;
    private readonly CccEventInboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly string? _handlerKey;
    private int _inFlight;

    /// <summary>Creates the dispatcher (normally done by <c>AddCccWebhooks(…).AddDispatcher()</c>).</summary>
    /// <param name="inbox">The inbox to read.</param>
    /// <param name="services">The application's services: handlers are resolved from a scope per event, the
    /// <see cref="CccClient"/> from the root.</param>
    /// <param name="options">The options.</param>
    /// <param name="signal">The wake-up signal the webhook endpoint, the reconciler and replay call.</param>
    /// <param name="timeProvider">The clock for leases, backoff and timeouts; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; <see langword="null"/> for none.</param>
    /// <param name="handlerKey">The service key of the handlers (the receiver's name: <c>AddCccWebhooks(name, …).AddEventHandler&lt;T&gt;()</c>
    /// registers them keyed by it); <see langword="null"/> for handlers registered without a key.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CccEventDispatcher(
        ICccEventInbox inbox,
        IServiceProvider services,
        IOptions<CccEventDispatchOptions> options,
        CccEventInboxSignal signal,
        TimeProvider? timeProvider = null,
        ILogger<CccEventDispatcher>? logger = null,
        string? handlerKey = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signal);
        _options = options.Value;
        _options.Validate();
        _inbox = inbox;
        _services = services;
        _signal = signal;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _handlerKey = handlerKey;
        Owner = _options.LeaseOwner ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");
    }

    /// <summary>This dispatcher's name in the inbox's leases.</summary>
    public string Owner { get; }

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1, without jitter:
    /// <see cref="CccEventDispatchOptions.InitialBackoff"/> × 2^(failedAttempts − 1), at most <see cref="CccEventDispatchOptions.MaxBackoff"/>.</summary>
    /// <param name="failedAttempts">Failed attempts so far (1 or more).</param>
    internal TimeSpan Backoff(int failedAttempts)
    {
        double factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 62));
        double ticks = Math.Min(_options.InitialBackoff.Ticks * factor, _options.MaxBackoff.Ticks);
        double jitter = _options.BackoffJitter * Random.Shared.NextDouble();
        return TimeSpan.FromTicks((long)(ticks * (1 - jitter)));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: the first lease is a database call.
        await Task.Yield();
        try
        {
            await InitializeAsync(stoppingToken).ConfigureAwait(false);
            int failures = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                failures = await LeaseAndStartAsync(failures, stoppingToken).ConfigureAwait(false) ? 0 : failures + 1;
                if (failures > 0)
                {
                    // The inbox is failing (a database outage): back off instead of logging an error every poll.
                    await Task.Delay(ErrorDelay(failures), _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await _signal.WaitAsync(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await Task.WhenAll(_running.Values).ConfigureAwait(false);
    }

    private async Task InitializeAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await _inbox.InitializeAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                DispatchLog.InboxFailed(_logger, _options.PollInterval, e);
                await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failed leases in a row: the poll interval, doubling, at most a minute.</summary>
    private TimeSpan ErrorDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(_options.PollInterval.Ticks * (1L << Math.Min(failures - 1, 16)), Math.Max(_options.PollInterval.Ticks, TimeSpan.TicksPerMinute)));

    /// <summary>Leases what the free slots allow and starts handling it. <see langword="false"/> when the inbox failed.</summary>
    private async Task<bool> LeaseAndStartAsync(int failures, CancellationToken stoppingToken)
    {
        int free = _options.MaxConcurrency - Volatile.Read(ref _inFlight);
        if (free <= 0)
        {
            return true;
        }

        IReadOnlyList<InboxItem> items;
        try
        {
            items = await _inbox.LeaseAsync(Owner, free, _options.LeaseDuration, _time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            DispatchLog.InboxFailed(_logger, ErrorDelay(failures + 1), e);
            return false;
        }

        foreach (var item in items)
        {
            Interlocked.Increment(ref _inFlight);
            var task = Task.Run(() => RunAsync(item, stoppingToken), CancellationToken.None);
            _running[item.Id] = task;
            _ = task.ContinueWith(
                (_, state) =>
                {
                    var (self, id) = ((CccEventDispatcher, long))state!;
                    self._running.TryRemove(id, out Task? _);
                    Interlocked.Decrement(ref self._inFlight);
                    self._signal.Signal(); // a free slot, and maybe the contact's next event is now leasable
                },
                (this, item.Id),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return true;
    }

    /// <summary>One attempt at one event; never throws.</summary>
    private async Task RunAsync(InboxItem item, CancellationToken stoppingToken)
    {
        var ev = item.Event;
        int attempt = item.Attempts + 1;
        bool cdrMissing = false;
        try
        {
            using var timeout = new CancellationTokenSource(_options.HandlerTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
            try
            {
                cdrMissing = await HandleAsync(item, CccEventDelivery.Of(item, attempt), linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The handlers did not finish within {_options.HandlerTimeout}.");
            }

            if (cdrMissing)
            {
                await FailAsync(item, attempt, new CccNotFoundException($"The call detail record of contact {ev.ContactId} is not available yet.", "CdrNotFound"), cdrMissing: true).ConfigureAwait(false);
                return;
            }

            await TryAsync(item, async () =>
            {
                if (await _inbox.CompleteAsync(item.Id, Owner, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
                {
                    DispatchLog.Handled(_logger, ev.EventType, ev.ContactId, item.Id, attempt);
                }
                else
                {
                    DispatchLog.LeaseLost(_logger, item.Id, ev.EventType, ev.ContactId);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: give the event back now rather than when the lease ends.
            await TryAsync(item, () => _inbox.RetryAsync(item.Id, Owner, "Interrupted: the dispatcher stopped.", _time.GetUtcNow(), CancellationToken.None)).ConfigureAwait(false);
        }
        catch (CccEventFormatException e)
        {
            await TryAsync(item, () => Record(item, attempt, e, deadLetter: true)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await FailAsync(item, attempt, e, cdrMissing: false).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the handlers of one event. Returns <see langword="true"/> when the event is a <c>CDRReady</c> whose record
    /// the service does not have yet (the CDR handlers did not run).</summary>
    private async Task<bool> HandleAsync(InboxItem item, CccEventDelivery delivery, CancellationToken cancellationToken)
    {
        var ev = item.Event;
        var parsed = CccEventParser.Parse(ev.Payload.Span);
        var scope = _services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var provider = scope.ServiceProvider;
            if (parsed is CccCdrReadyEvent cdr)
            {
                var cdrHandlers = Handlers<ICccCdrHandler>(provider).ToList();
                if (cdrHandlers.Count > 0)
                {
                    // Fetch first: a record that is not there yet must not leave the event handlers run twice for nothing.
                    CallDetailRecordDetails record;
                    try
                    {
                        record = (await CccClientResolver.Resolve(_services, _options.ClientName).GetCallDetailRecordAsync(cdr.ContactId, cancellationToken).ConfigureAwait(false)).Value;
                    }
                    catch (CccNotFoundException)
                    {
                        return true;
                    }

                    await RunEventHandlersAsync(provider, parsed, delivery, cancellationToken).ConfigureAwait(false);
                    var push = ev.WebhookId.StartsWith(SweepPrefix, StringComparison.Ordinal) ? null : cdr;
                    foreach (var handler in cdrHandlers)
                    {
                        await handler.HandleAsync(record, push, cancellationToken).ConfigureAwait(false);
                    }

                    return false;
                }
            }

            await RunEventHandlersAsync(provider, parsed, delivery, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private IEnumerable<T> Handlers<T>(IServiceProvider provider)
        where T : notnull =>
        _handlerKey is null ? provider.GetServices<T>() : provider.GetKeyedServices<T>(_handlerKey);

    private async Task RunEventHandlersAsync(IServiceProvider provider, CccEvent parsed, CccEventDelivery delivery, CancellationToken cancellationToken)
    {
        foreach (var handler in Handlers<ICccEventHandler>(provider))
        {
            if (handler.CanHandle(parsed.EventType))
            {
                await handler.HandleAsync(parsed, delivery, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FailAsync(InboxItem item, int attempt, Exception error, bool cdrMissing)
    {
        bool last = attempt >= _options.MaxAttempts;
        if (last && cdrMissing && _time.GetUtcNow() - item.Event.EventTime < _options.CdrNotFoundRetryWindow)
        {
            last = false; // a late record: keep trying within the window
        }

        await TryAsync(item, () => Record(item, attempt, error, last)).ConfigureAwait(false);
    }

    private async Task Record(InboxItem item, int attempt, Exception error, bool deadLetter)
    {
        var ev = item.Event;
        string message = Describe(error);
        var now = _time.GetUtcNow();
        bool held;
        if (deadLetter)
        {
            held = await _inbox.DeadLetterAsync(item.Id, Owner, message, now, CancellationToken.None).ConfigureAwait(false);
            if (held)
            {
                DispatchLog.DeadLettered(_logger, ev.EventType, ev.ContactId, item.Id, attempt, error);
            }
        }
        else
        {
            var delay = Backoff(attempt);
            held = await _inbox.RetryAsync(item.Id, Owner, message, now + delay, CancellationToken.None).ConfigureAwait(false);
            if (held)
            {
                DispatchLog.Retrying(_logger, ev.EventType, ev.ContactId, item.Id, attempt, delay, error);
            }
        }

        if (!held)
        {
            DispatchLog.LeaseLost(_logger, item.Id, ev.EventType, ev.ContactId);
        }
    }

    /// <summary>Runs an inbox update; a failure is logged and the lease simply ends (the event comes back then).</summary>
    private async Task TryAsync(InboxItem item, Func<Task> update)
    {
        try
        {
            await update().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            DispatchLog.OutcomeNotRecorded(_logger, item.Id, item.Event.EventType, item.Event.ContactId, e);
        }
    }

    private static string Describe(Exception e)
    {
        string text = $"{e.GetType().Name}: {e.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }
}
