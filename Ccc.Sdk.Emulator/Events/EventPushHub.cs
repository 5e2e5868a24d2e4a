using System.Collections.Concurrent;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Records;

namespace Ccc.Sdk.Emulator.Events;

/// <summary>
/// Event push (docs/reference/events.md): the subscriptions of all instances and their deliverers. As an
/// <see cref="ICallObserver"/> it runs under the instance lock, so it only builds the payload and enqueues.
/// </summary>
internal sealed class EventPushHub : ICallObserver, IDisposable
{
    /// <summary>How long a recording URL in RecordingReady stays valid (as GetMonoRecording's default).</summary>
    private const long RecordingUrlSeconds = 3600;

    private readonly ConcurrentDictionary<string, WebhookDeliverer> _deliverers = new(StringComparer.Ordinal);
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = EventPushSettings.AttemptTimeout,
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the per-attempt timeout runs on the emulator's TimeProvider
    });

    private readonly CallEngine _engine;
    private int _disposed;

    public EventPushHub(CallEngine engine) => _engine = engine;

    public EventPushSettings Settings { get; set; } = new();

    /// <summary>Where the deliverers write one line per push attempt (category <c>Ccc.Sdk.Emulator.Push</c>).</summary>
    public ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    private TimeProvider Time => _engine.Time;

    /// <summary>Stores (or replaces) an instance's subscription; the first one creates its deliverer and secret.</summary>
    public void Subscribe(EventSubscription subscription) =>
        _deliverers.AddOrUpdate(
            subscription.InstanceId,
            _ => new WebhookDeliverer(subscription, Settings, Time, _http.Value, Logger),
            (_, existing) =>
            {
                existing.Subscription = subscription;
                return existing;
            });

    public WebhookDeliverer? Find(string instanceId) => _deliverers.GetValueOrDefault(instanceId);

    /// <summary>Every instance's deliverer, by instance id.</summary>
    public IReadOnlyList<WebhookDeliverer> All() => _deliverers.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value).ToList();

    public void Observe(CallEvent callEvent, Call? call) => Observe(callEvent, call, 0);

    /// <summary>Pushes <paramref name="callEvent"/>, remembering it under <paramref name="eventId"/> (its event-log id; 0: none) for resend.</summary>
    public void Observe(CallEvent callEvent, Call? call, long eventId)
    {
        if (Volatile.Read(ref _disposed) != 0 || !_deliverers.TryGetValue(callEvent.InstanceId, out var deliverer))
        {
            return;
        }

        var subscription = deliverer.Subscription;
        if (!subscription.IsWebhook || !subscription.EnabledTypes.Contains(callEvent.EventType))
        {
            return;
        }

        // Under the instance lock (the engine's contract): read the agent's live state, build the body, enqueue.
        var instance = call?.Instance ?? FindInstance(callEvent.InstanceId);
        string? recordingUrl = null;
        if (callEvent.EventType == "RecordingReady" && callEvent.ContactId is { } contactId && subscription.PublicHost.Length > 0)
        {
            var expires = Time.GetUtcNow().ToUnixTimeSeconds() + RecordingUrlSeconds;
            recordingUrl = Recordings.Url(_engine, subscription.PublicHost, callEvent.InstanceId, contactId, expires);
        }

        deliverer.Enqueue(callEvent.EventType, EventPayload.Build(callEvent, call, instance, recordingUrl), eventId);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var deliverer in _deliverers.Values)
        {
            deliverer.Dispose();
        }

        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }

    /// <summary>Set by the state that owns the hub, to find an agent event's instance.</summary>
    public Func<string, CccInstance?>? Instances { get; set; }

    private CccInstance? FindInstance(string instanceId) => Instances?.Invoke(instanceId);
}
