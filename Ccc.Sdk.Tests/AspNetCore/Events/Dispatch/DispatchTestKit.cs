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
    public DispatchHarness(FakeTimeProvider clock, Action<IServiceCollection> register, Action<CccEventDispatchOptions>? configure = null)
    {
        Clock = clock;
        var options = new CccEventDispatchOptions { BackoffJitter = 0 };
        configure?.Invoke(options);
        var services = new ServiceCollection();
        register(services);
        Services = services.BuildServiceProvider();
        Dispatcher = new CccEventDispatcher(Inbox, Services, Options.Create(options), Signal, clock);
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
    public async Task AdvanceUntil(Func<bool> done, TimeSpan step, int maxSteps = 200)
    {
        for (int i = 0; i < maxSteps; i++)
        {
            if (done())
            {
                return;
            }

            Clock.Advance(step);
            await Task.Delay(15);
        }

        Assert.True(done(), "The condition did not come true while the clock advanced.");
    }

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
    public static async Task Eventually(Func<bool> done, int timeoutMs = 10_000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, "The condition did not come true in time.");
            await Task.Delay(10);
        }
    }

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
