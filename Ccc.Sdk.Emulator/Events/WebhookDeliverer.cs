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
    public void Enqueue(string eventType, byte[] body)
    {
        bool lost;
        lock (_gate)
        {
            if (_pending >= _settings.QueueCapacity)
            {
                _overflow++;
                return;
            }

            _pending++;
            lost = _chaos.Drop > 0 && _random.NextDouble() < _chaos.Drop;
        }

        var delivery = new Delivery(WebhookSigner.NewWebhookId(), eventType, body, lost);
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
        if (delivery.IsLost)
        {
            lock (_gate)
            {
                _pending--;
                _dropped++;
            }

            return;
        }

        if (await SendAsync(delivery).ConfigureAwait(false))
        {
            bool duplicate;
            lock (_gate)
            {
                _pending--;
                _delivered++;
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
            }

            return;
        }

        _ = LaterAsync(EventPushSettings.RetrySchedule[attempt - 1], () => _ready.Writer.TryWrite(delivery with { Attempt = attempt }), retry: true);
    }

    /// <summary>One POST; true on 2xx. Non-2xx, a timeout and a refused connection are failures.</summary>
    private async Task<bool> SendAsync(Delivery delivery)
    {
        var subscription = Subscription;
        if (!subscription.IsWebhook)
        {
            return false;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
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
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            LogAttempt(delivery, subscription.AccessPoint, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), response.IsSuccessStatusCode, started);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException e)
        {
            LogAttempt(delivery, subscription.AccessPoint, "error " + e.HttpRequestError, false, started);
            return false; // refused, reset, DNS: retried
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            LogAttempt(delivery, subscription.AccessPoint, "error Timeout", false, started);
            return false; // the 10 s timeout: retried
        }
    }

    /// <summary>
    /// One line per attempt: event type, target host and path (never the query, which may carry a token), attempt
    /// number, the receiver's status or the error, milliseconds. Failures are warnings.
    /// </summary>
    private void LogAttempt(Delivery delivery, string accessPoint, string answer, bool success, long started)
    {
        var level = success ? LogLevel.Information : LogLevel.Warning;
        if (!_log.IsEnabled(level))
        {
            return;
        }

        var target = Uri.TryCreate(accessPoint, UriKind.Absolute, out var uri) ? uri.Authority + uri.AbsolutePath : "-";
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
#pragma warning disable CA1848, CA1873 // One line per attempt; the check above already skips the work when off.
        _log.Log(
            level,
            "{EventType} -> {Target} attempt {Attempt} {Answer} {ElapsedMs:0} ms",
            Hosting.EmulatorLog.Clean(delivery.EventType), Hosting.EmulatorLog.Clean(target), delivery.Attempt + 1, answer, elapsed);
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
    }
}

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
