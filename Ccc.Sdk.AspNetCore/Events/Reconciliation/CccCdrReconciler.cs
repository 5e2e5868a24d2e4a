using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// The hosted service that makes sure every call detail record reaches the <see cref="ICccCdrHandler"/>s even when all its
/// pushes were lost (docs/events.md, "Reconciliation").
/// </summary>
/// <remarks>
/// Every <see cref="CccReconciliationOptions.Interval"/> it lists the records of calls that started in
/// [now − <see cref="CccReconciliationOptions.Lookback"/>, now − <see cref="CccReconciliationOptions.Delay"/>] with
/// <see cref="CccClient.ListCallDetailRecordsAsync"/> (which slices a large window by itself) and, for each record whose
/// <see cref="InboxEvent.CdrKey"/> the inbox has never seen, adds a <c>CDRReady</c> event built from the record (webhook id
/// <c>sweep:{contactId}</c>, event time = the call's release time). Push and sweep of one record share that key, so the
/// inbox stores it once and the handler runs once. A failed sweep is logged and the next one covers its window.
/// </remarks>
public sealed class CccCdrReconciler : BackgroundService
{
    private readonly ICccEventInbox _inbox;
    private readonly IServiceProvider _services;
    private readonly CccReconciliationOptions _options;
    private readonly ICccEventInboxSignal? _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the reconciler (normally done by <c>AddCccWebhooks(…).AddReconciliation()</c>).</summary>
    /// <param name="inbox">The inbox the records are added to.</param>
    /// <param name="services">The application's services, where the <see cref="CccClient"/> is found.</param>
    /// <param name="options">The options.</param>
    /// <param name="signal">Wakes the dispatcher after records were added; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CccCdrReconciler(
        ICccEventInbox inbox,
        IServiceProvider services,
        IOptions<CccReconciliationOptions> options,
        ICccEventInboxSignal? signal = null,
        TimeProvider? timeProvider = null,
        ILogger<CccCdrReconciler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _inbox = inbox;
        _services = services;
        _signal = signal;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs one sweep now: adds to the inbox every record of the window that it has never seen.</summary>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>How many records were added.</returns>
    /// <exception cref="CccException">Listing the records failed.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="CccClient"/> is registered, or no instance id is known.</exception>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var from = now - _options.Lookback;
        var to = now - _options.Delay;
        var client = CccClientResolver.Resolve(_services, _options.ClientName);
        var request = new ListCallDetailRecordsRequest { StartTime = from, EndTime = to, SortOrder = "ASC", InstanceId = _options.InstanceId };
        int added = 0;
        await foreach (var record in client.ListCallDetailRecordsAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (string.IsNullOrEmpty(record.ContactId))
            {
                continue;
            }

            string instanceId = record.InstanceId ?? _options.InstanceId
                ?? throw new InvalidOperationException("The listed records carry no InstanceId: set CccReconciliationOptions.InstanceId.");
            string key = InboxEvent.CdrKey(instanceId, record.ContactId);
            if (await _inbox.ContainsAsync(key, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var eventTime = record.ReleaseTime ?? record.StartTime ?? to;
            var inboxEvent = new InboxEvent
            {
                DedupeKey = key,
                WebhookId = CccEventDispatcher.SweepPrefix + record.ContactId,
                EventType = "CDRReady",
                ContactId = record.ContactId,
                EventTime = eventTime,
                ReceivedAt = _time.GetUtcNow(),
                Payload = CdrReadyPayload.Write(record, instanceId, eventTime),
            };

            // A push that arrived since ContainsAsync wins: AddAsync stores nothing for a key already there.
            if (await _inbox.AddAsync(inboxEvent, cancellationToken).ConfigureAwait(false))
            {
                added++;
                DispatchLog.SweptRecord(_logger, record.ContactId);
            }
        }

        if (added > 0)
        {
            DispatchLog.Swept(_logger, added, from, to);
            _signal?.Signal();
        }

        return added;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    DispatchLog.SweepFailed(_logger, _options.Interval, e);
                }

                await Task.Delay(_options.Interval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
