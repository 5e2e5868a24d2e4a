using System.Globalization;
using System.Text;
using Ccc.Sdk.AspNetCore.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.AspNetCore.Events.Dispatch;

/// <summary>A dispatcher over a <see cref="TestInbox"/> on a fake clock, with the handlers a test registers.</summary>
internal sealed class DispatchHarness : IAsyncDisposable
{
    public DispatchHarness(FakeTimeProvider clock, Action<IServiceCollection> register, Action<CccEventDispatchOptions>? configure = null, Func<TestInbox, ICccEventInbox>? wrapInbox = null)
    {
        Clock = clock;
        var options = new CccEventDispatchOptions { BackoffJitter = 0 };
        configure?.Invoke(options);
        var services = new ServiceCollection();
        register(services);
        Services = services.BuildServiceProvider();
        Dispatcher = new CccEventDispatcher(wrapInbox?.Invoke(Inbox) ?? Inbox, Services, Options.Create(options), Signal, clock);
        Admin = new CccEventInboxAdmin(Inbox, Signal, clock);
    }

    public FakeTimeProvider Clock { get; }

    public TestInbox Inbox { get; } = new();

    public CccEventInboxSignal Signal { get; } = new();

    public ServiceProvider Services { get; }

    public CccEventDispatcher Dispatcher { get; }

    public CccEventInboxAdmin Admin { get; }

    public Task StartAsync() => Dispatcher.StartAsync(CancellationToken.None);

    /// <summary>Stores an event and wakes the dispatcher, as the webhook endpoint does.</summary>
    public async Task<InboxEvent> PushAsync(InboxEvent e)
    {
        Assert.True(await Inbox.AddAsync(e));
        Signal.Signal();
        return e;
    }

    public InboxItem Item(InboxEvent e) => Inbox.All().Single(i => i.Event.DedupeKey == e.DedupeKey);

    /// <summary>Advances the fake clock a step at a time (letting the dispatcher run in between) until <paramref name="done"/>.</summary>
    public async Task AdvanceUntil(Func<bool> done, TimeSpan step, int maxSteps = 200) =>
        Assert.True(await Clock.AdvanceUntilAsync(done, step, pause: TimeSpan.FromMilliseconds(15), timeout: TimeSpan.FromSeconds(30), throwOnTimeout: false, maxSteps: maxSteps),
            "The condition did not come true while the clock advanced.");

    public async ValueTask DisposeAsync()
    {
        await Dispatcher.StopAsync(CancellationToken.None);
        Dispatcher.Dispose();
        await Services.DisposeAsync();
    }
}

internal static class DispatchTestKit
{
    public const string Instance = "ccc-test";

    /// <summary>Waits (real time) until <paramref name="done"/> is true.</summary>
    public static Task Eventually(Func<bool> done, int timeoutMs = 10_000) =>
        Poll.UntilAsync(done, TimeSpan.FromMilliseconds(timeoutMs));

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An inbox event as the webhook endpoint stores it.</summary>
    public static InboxEvent Event(string type, string? contactId, DateTimeOffset eventTime, DateTimeOffset receivedAt, string extraJson = "", string? instanceId = null)
    {
        string id = "msg_" + Guid.NewGuid().ToString("N")[..26];
        string contact = contactId is null ? string.Empty : $",\"contactId\":\"{contactId}\"";
        string json = $"{{\"eventType\":\"{type}\",\"eventTime\":\"{Iso(eventTime)}\",\"instanceId\":\"{instanceId ?? Instance}\"{contact}{extraJson}}}";
        return Raw(id, type, contactId, eventTime, receivedAt, json, type == "CDRReady" ? InboxEvent.CdrKey(instanceId ?? Instance, contactId!) : id);
    }

    public static InboxEvent Raw(string webhookId, string type, string? contactId, DateTimeOffset eventTime, DateTimeOffset receivedAt, string json, string? dedupeKey = null) => new()
    {
        DedupeKey = dedupeKey ?? webhookId,
        WebhookId = webhookId,
        EventType = type,
        ContactId = contactId,
        EventTime = eventTime,
        ReceivedAt = receivedAt,
        Payload = Encoding.UTF8.GetBytes(json),
    };
}

/// <summary>An inbox whose first leases and completions fail, as a database going away would.</summary>
internal sealed class FailingInbox(ICccEventInbox inner) : ICccEventInbox
{
    private int _leaseFailures;
    private int _completeFailures;

    public int LeaseFailures { init => _leaseFailures = value; }

    public int CompleteFailures { init => _completeFailures = value; }

    public int LeaseCalls;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<bool> AddAsync(InboxEvent inboxEvent, CancellationToken cancellationToken = default) => inner.AddAsync(inboxEvent, cancellationToken);

    public Task<bool> ContainsAsync(string dedupeKey, CancellationToken cancellationToken = default) => inner.ContainsAsync(dedupeKey, cancellationToken);

    public Task<IReadOnlyList<InboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref LeaseCalls);
        return Interlocked.Decrement(ref _leaseFailures) >= 0
            ? throw new InvalidOperationException("database is down")
            : inner.LeaseAsync(owner, max, leaseFor, now, cancellationToken);
    }

    public Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _completeFailures) >= 0
            ? throw new InvalidOperationException("database is down")
            : inner.CompleteAsync(id, owner, now, cancellationToken);

    public Task<bool> RetryAsync(long id, string owner, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) =>
        inner.RetryAsync(id, owner, error, nextAttemptAt, cancellationToken);

    public Task<bool> DeadLetterAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.DeadLetterAsync(id, owner, error, now, cancellationToken);

    public Task<int> ReplayAsync(InboxReplayFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.ReplayAsync(filter, now, cancellationToken);

    public Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset doneBefore, DateTimeOffset deadLetteredBefore, CancellationToken cancellationToken = default) =>
        inner.PurgeAsync(doneBefore, deadLetteredBefore, cancellationToken);
}
