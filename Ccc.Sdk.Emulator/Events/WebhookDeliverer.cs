using System.Globalization;
using System.Net.Http.Headers;
using System.Threading.Channels;

namespace Ccc.Sdk.Emulator.Events;

/// <summary>
/// The background deliverer of one instance's subscription: a queue the engine only writes to (never blocking; at
/// most <see cref="EventPushSettings.QueueCapacity"/> events in flight, more are counted as overflow and lost), one
/// sender loop posting each event to the AccessPoint, Standard Webhooks signatures with every active secret,
/// retries on the schedule through the emulator's <see cref="TimeProvider"/>, the late re-push of CDRReady and
/// the chaos test mode.
/// </summary>
internal sealed class WebhookDeliverer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly EventPushSettings _settings;
    private readonly Channel<Delivery> _ready = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<WebhookSecret> _secrets = [];
    private readonly Task _loop;
    private readonly ILogger _log;
    private readonly Dictionary<long, PushRecord> _records = [];
    private readonly Queue<long> _recordOrder = new();
    private EventSubscription _subscription;
    private ChaosSettings _chaos;
    private Random _random;
    private long _pending;
    private long _delivered;
    private long _failed;
    private long _dropped;
    private long _overflow;
    private long _attempts;
    private long _waiting;

    public WebhookDeliverer(EventSubscription subscription, EventPushSettings settings, TimeProvider time, HttpClient http, ILogger? log = null)
    {
        _log = log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _subscription = subscription;
        _settings = settings;
        _time = time;
        _http = http;
        _secrets.Add(new WebhookSecret(settings.Secret ?? WebhookSigner.NewSecret(), null));
        _chaos = settings.Chaos;
        _random = new Random(_chaos.Seed);
        _loop = Task.Run(RunAsync);
    }

    public EventSubscription Subscription
    {
        get
        {
            lock (_gate)
            {
                return _subscription;
            }
        }

        set
        {
            lock (_gate)
            {
                _subscription = value;
            }
        }
    }

    public ChaosSettings Chaos
    {
        get
        {
            lock (_gate)
            {
                return _chaos;
            }
        }

        set
        {
            lock (_gate)
            {
                _chaos = value;
                _random = new Random(value.Seed);
            }
        }
    }

    /// <summary>Queues one event (called under the instance lock: no I/O, never blocks).</summary>
    /// <param name="eventType">The event's type.</param>
    /// <param name="body">The pushed body, kept as is for retries, the CDR re-push and a resend.</param>
    /// <param name="eventId">The event's id in the event log (0: none); the last <see cref="RecordCapacity"/> pushed events are kept for <see cref="ResendAsync"/>.</param>
    public void Enqueue(string eventType, byte[] body, long eventId = 0)
    {
        bool lost;
        var record = new PushRecord(eventId, WebhookSigner.NewWebhookId(), eventType, body);
        lock (_gate)
        {
            Remember(record);
            if (_pending >= _settings.QueueCapacity)
            {
                _overflow++;
                record.State = PushState.Overflow;
                return;
            }

            _pending++;
            lost = _chaos.Drop > 0 && _random.NextDouble() < _chaos.Drop;
        }

        var delivery = new Delivery(record.WebhookId, eventType, body, lost) { Record = record };
        _ready.Writer.TryWrite(delivery);
        if (eventType == "CDRReady" && _settings.CdrRepushDelay > TimeSpan.Zero)
        {
            // The cloud pushes a missing record again within two hours; the emulator pushes every CDR twice.
            _ = LaterAsync(_settings.CdrRepushDelay, () =>
            {
                lock (_gate)
                {
                    _pending++;
                }

                _ready.Writer.TryWrite(delivery with { Attempt = 0, IsRepush = true });
            });
        }
    }

    /// <summary>Adds a secret (rotation); the current ones keep signing for <paramref name="overlap"/>.</summary>
    public void Rotate(string? secret, TimeSpan overlap)
    {
        var expiresAt = _time.GetUtcNow() + overlap;
        lock (_gate)
        {
            PruneSecrets();
            for (var i = 0; i < _secrets.Count; i++)
            {
                if (_secrets[i].ExpiresAt is null || _secrets[i].ExpiresAt > expiresAt)
                {
                    _secrets[i] = _secrets[i] with { ExpiresAt = expiresAt };
                }
            }

            _secrets.Add(new WebhookSecret(secret ?? WebhookSigner.NewSecret(), null));
        }
    }

    /// <summary>Removes the secret at <paramref name="index"/> (of <see cref="Snapshot"/>'s list).</summary>
    /// <returns>False when the index is out of range.</returns>
    /// <exception cref="InvalidOperationException">It is the last active secret.</exception>
    public bool RemoveSecret(int index)
    {
        lock (_gate)
        {
            PruneSecrets();
            if (index < 0 || index >= _secrets.Count)
            {
                return false;
            }

            if (_secrets.Count == 1)
            {
                throw new InvalidOperationException("The last secret cannot be removed; rotate first.");
            }

            _secrets.RemoveAt(index);
            return true;
        }
    }

    public DelivererSnapshot Snapshot()
    {
        lock (_gate)
        {
            PruneSecrets();
            return new DelivererSnapshot(_subscription, _secrets.ToList(), _chaos, _pending, _delivered, _failed, _dropped, _overflow, Interlocked.Read(ref _attempts), Interlocked.Read(ref _waiting));
        }
    }

    /// <summary>How many pushed events each subscription keeps for the control API's list and for resend.</summary>
    public const int RecordCapacity = 1000;

    /// <summary>The push of event <paramref name="eventId"/> (an event-log id), while it is among the last <see cref="RecordCapacity"/>.</summary>
    public PushView? FindRecord(long eventId)
    {
        lock (_gate)
        {
            return eventId > 0 && _records.TryGetValue(eventId, out var record) ? record.View() : null;
        }
    }

    /// <summary>
    /// Sends event <paramref name="eventId"/> once more, now: the same <c>webhook-id</c> and the exact body first pushed,
    /// a fresh <c>webhook-timestamp</c> and the signatures of the secrets active now (as every retry). A success settles
    /// the event: one waiting for a retry is not retried, and one that had failed, been dropped or overflowed counts as
    /// delivered. A failure changes nothing but the attempt counters (no retry is scheduled for it).
    /// </summary>
    /// <returns>The outcome, or <see langword="null"/> when the event is not among the kept pushes.</returns>
    public async Task<(PushView Push, SendOutcome Outcome)?> ResendAsync(long eventId)
    {
        PushRecord? record;
        lock (_gate)
        {
            record = eventId > 0 ? _records.GetValueOrDefault(eventId) : null;
        }

        if (record is null)
        {
            return null;
        }

        var outcome = await SendOnceAsync(new Delivery(record.WebhookId, record.EventType, record.Body, false) { Record = record }, "resend").ConfigureAwait(false);
        lock (_gate)
        {
            if (outcome.Success)
            {
                switch (record.State)
                {
                    case PushState.WaitingForRetry:
                        _pending--;
                        _delivered++;
                        record.SettledByResend = true;
                        break;
                    case PushState.Failed:
                        _failed--;
                        _delivered++;
                        break;
                    case PushState.Dropped:
                        _dropped--;
                        _delivered++;
                        break;
                    case PushState.Overflow:
                        _overflow--;
                        _delivered++;
                        break;
                }

                // A first attempt still queued or in flight goes out and counts as it would have.
                if (record.State is not (PushState.Queued or PushState.Sending))
                {
                    record.State = PushState.Delivered;
                }
            }

            return (record.View(), outcome);
        }
    }

    /// <summary>Caller holds <see cref="_gate"/>. Keeps <paramref name="record"/>, forgetting the oldest beyond <see cref="RecordCapacity"/>.</summary>
    private void Remember(PushRecord record)
    {
        if (record.EventId <= 0)
        {
            return;
        }

        _records[record.EventId] = record;
        _recordOrder.Enqueue(record.EventId);
        while (_recordOrder.Count > RecordCapacity)
        {
            _records.Remove(_recordOrder.Dequeue());
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _ready.Writer.TryComplete();
    }

    // ---------------------------------------------------------------- sender loop

    private async Task RunAsync()
    {
        var reader = _ready.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var delivery))
                {
                    bool reorder;
                    lock (_gate)
                    {
                        reorder = _chaos.Reorder > 0 && _random.NextDouble() < _chaos.Reorder;
                    }

                    if (reorder && reader.TryRead(out var next))
                    {
                        // Test mode: the later event overtakes this one.
                        await AttemptAsync(next).ConfigureAwait(false);
                    }

                    await AttemptAsync(delivery).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task AttemptAsync(Delivery delivery)
    {
        var record = delivery.Record;
        if (delivery.IsLost)
        {
            lock (_gate)
            {
                _pending--;
                _dropped++;
                record?.State = PushState.Dropped;
            }

            return;
        }

        lock (_gate)
        {
            if (record is { SettledByResend: true } && !delivery.IsRepush)
            {
                // A resend delivered it while this retry waited: the retry is not sent (pending was counted down then).
                record.SettledByResend = false;
                return;
            }

            record?.State = PushState.Sending;
        }

        if (await SendAsync(delivery).ConfigureAwait(false))
        {
            bool duplicate;
            lock (_gate)
            {
                _pending--;
                _delivered++;
                record?.State = PushState.Delivered;
                duplicate = _chaos.Duplicate > 0 && _random.NextDouble() < _chaos.Duplicate;
            }

            if (duplicate)
            {
                // Test mode: the same event (same webhook-id) once more; its outcome does not matter.
                await SendAsync(delivery).ConfigureAwait(false);
            }

            return;
        }

        var attempt = delivery.Attempt + 1;
        if (attempt > EventPushSettings.RetrySchedule.Count)
        {
            lock (_gate)
            {
                _pending--;
                _failed++;
                record?.State = PushState.Failed;
            }

            return;
        }

        lock (_gate)
        {
            record?.State = PushState.WaitingForRetry;
        }

        _ = LaterAsync(EventPushSettings.RetrySchedule[attempt - 1], () => _ready.Writer.TryWrite(delivery with { Attempt = attempt }), retry: true);
    }

    /// <summary>One POST; true on 2xx. Non-2xx, a timeout and a refused connection are failures.</summary>
    private async Task<bool> SendAsync(Delivery delivery) => (await SendOnceAsync(delivery, "attempt " + (delivery.Attempt + 1).ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false)).Success;

    /// <summary>One POST, its outcome: success (2xx), the receiver's status (or 0) and the error, if any.</summary>
    private async Task<SendOutcome> SendOnceAsync(Delivery delivery, string label)
    {
        var subscription = Subscription;
        if (!subscription.IsWebhook)
        {
            return new SendOutcome(false, 0, "NotWebhook", 0);
        }

        // The webhook-timestamp is transport time (the receiver checks it against its own clock): the stamp clock, which
        // differs from the emulator's clock only when that one was started elsewhere (Emulator:ClockStart).
        var now = (_settings.StampClock ?? _time).GetUtcNow().ToUnixTimeSeconds();
        string signature;
        lock (_gate)
        {
            PruneSecrets();
            signature = string.Join(' ', _secrets.Select(s => WebhookSigner.Sign(s.Secret, delivery.WebhookId, now, delivery.Body)));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.AccessPoint);
        request.Headers.TryAddWithoutValidation("User-Agent", "Ccc.Sdk.Emulator/1");
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.WebhookId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", now.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        request.Content = new ByteArrayContent(delivery.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var timeout = new CancellationTokenSource(EventPushSettings.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        Interlocked.Increment(ref _attempts); // counted once the timeout runs (tests advance the clock after seeing it)
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        SendOutcome outcome;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            outcome = new SendOutcome(response.IsSuccessStatusCode, (int)response.StatusCode, null, Elapsed(started));
            LogAttempt(delivery, label, subscription.AccessPoint, outcome.Status.ToString(CultureInfo.InvariantCulture), outcome.Success, outcome.ElapsedMs);
        }
        catch (HttpRequestException e)
        {
            outcome = new SendOutcome(false, 0, e.HttpRequestError.ToString(), Elapsed(started));
            LogAttempt(delivery, label, subscription.AccessPoint, "error " + outcome.Error, false, outcome.ElapsedMs); // refused, reset, DNS: retried
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            outcome = new SendOutcome(false, 0, "Timeout", Elapsed(started));
            LogAttempt(delivery, label, subscription.AccessPoint, "error Timeout", false, outcome.ElapsedMs); // the 10 s timeout: retried
        }

        if (delivery.Record is { } record)
        {
            lock (_gate)
            {
                record.Attempts++;
                record.LastAnswer = outcome.Error ?? outcome.Status.ToString(CultureInfo.InvariantCulture);
            }
        }

        return outcome;
    }

    private static double Elapsed(long started) => System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>
    /// One line per attempt: event type, target host and path (never the query, which may carry a token), attempt
    /// number, the receiver's status or the error, milliseconds. Failures are warnings.
    /// </summary>
    private void LogAttempt(Delivery delivery, string label, string accessPoint, string answer, bool success, double elapsed)
    {
        var level = success ? LogLevel.Information : LogLevel.Warning;
        if (!_log.IsEnabled(level))
        {
            return;
        }

        var target = Uri.TryCreate(accessPoint, UriKind.Absolute, out var uri) ? uri.Authority + uri.AbsolutePath : "-";
#pragma warning disable CA1848, CA1873 // One line per attempt; the check above already skips the work when off.
        _log.Log(
            level,
            "{EventType} -> {Target} {Attempt} {Answer} {ElapsedMs:0} ms",
            Hosting.EmulatorLog.Clean(delivery.EventType), Hosting.EmulatorLog.Clean(target), label, answer, elapsed);
#pragma warning restore CA1848, CA1873
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> on the emulator's clock.</summary>
    /// <param name="retry">Counted in <see cref="DelivererSnapshot.Waiting"/> once its timer exists (tests advance a fake clock then).</param>
    private async Task LaterAsync(TimeSpan delay, Action action, bool retry = false)
    {
        try
        {
            var wait = Task.Delay(delay, _time, _stopping.Token); // the timer exists from here on
            if (retry)
            {
                Interlocked.Increment(ref _waiting);
            }

            try
            {
                await wait.ConfigureAwait(false);
            }
            finally
            {
                if (retry)
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }

            action();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Caller holds <see cref="_gate"/>. Drops expired secrets, but never the last one.</summary>
    private void PruneSecrets()
    {
        var now = _time.GetUtcNow();
        for (var i = _secrets.Count - 1; i >= 0 && _secrets.Count > 1; i--)
        {
            if (_secrets[i].ExpiresAt is { } at && at <= now)
            {
                _secrets.RemoveAt(i);
            }
        }
    }

    private sealed record Delivery(string WebhookId, string EventType, byte[] Body, bool IsLost)
    {
        public int Attempt { get; init; }

        public bool IsRepush { get; init; }

        /// <summary>What the control API shows of this event's push (and what a resend sends).</summary>
        public PushRecord? Record { get; init; }
    }
}

/// <summary>The outcome of one POST: 2xx or not, the receiver's status (0 without an answer), the error, the time taken.</summary>
internal sealed record SendOutcome(bool Success, int Status, string? Error, double ElapsedMs);

/// <summary>A consistent view of a deliverer for the control API.</summary>
internal sealed record DelivererSnapshot(
    EventSubscription Subscription,
    IReadOnlyList<WebhookSecret> Secrets,
    ChaosSettings Chaos,
    long Pending,
    long Delivered,
    long Failed,
    long Dropped,
    long Overflow,
    long Attempts,
    long Waiting);
