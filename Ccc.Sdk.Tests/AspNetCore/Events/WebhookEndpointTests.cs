using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>The webhook receiver (<c>MapCccWebhooks</c>) on Kestrel (loopback), driven by signed HTTP deliveries.</summary>
public sealed class WebhookEndpointTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>A receiver with the secret above and the in-memory store unless configured otherwise.</summary>
    private static Task<WebhookTestHost> StartAsync(Action<CccWebhookOptions>? configure = null, TimeProvider? time = null) =>
        WebhookTestHost.StartAsync(configure, time, secret: Secret);
    private const string Instance = "ccc-test";

    private static string AgentEvent(string type = "AgentReady") =>
        $$"""{"eventType":"{{type}}","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"{{Instance}}","agentId":"agent1@{{Instance}}","skillGroupIds":["sg1"],"extra":{"kept":true} }""";

    private static string CallEvent(string contactId, string type = "Ringing") =>
        $$"""{"eventType":"{{type}}","eventTime":"2026-11-26T02:34:01.000Z","instanceId":"{{Instance}}","contactId":"{{contactId}}","channelId":"ch1","callType":"INBOUND","caller":"13800000000","callee":"057100000000"}""";

    private static string CdrEvent(string contactId) =>
        $$"""{"eventType":"CDRReady","eventTime":"2026-11-26T02:40:00.000Z","instanceId":"{{Instance}}","contactId":"{{contactId}}","startTime":"2026-11-26T02:34:00.000Z","establishedTime":"","endTime":"2026-11-26T02:39:00.000Z","dispositionCode":"Success","agentIds":[],"skillGroupIds":[]}""";

    [Fact]
    public async Task A_good_event_is_stored_once_and_answered_204()
    {
        await using var host = await StartAsync();
        string id = CccWebhookSigner.NewWebhookId();
        string body = AgentEvent();

        using var response = await host.PostAsync(body, id);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var item = Assert.Single(await host.Inbox.ListAsync(new InboxQuery()));
        Assert.Equal(id, item.Event.DedupeKey);
        Assert.Equal(id, item.Event.WebhookId);
        Assert.Equal("AgentReady", item.Event.EventType);
        Assert.Null(item.Event.ContactId);
        Assert.Equal(DateTimeOffset.Parse("2026-11-26T02:34:00.447Z", System.Globalization.CultureInfo.InvariantCulture), item.Event.EventTime);
        Assert.Equal(Encoding.UTF8.GetBytes(body), item.Event.Payload.ToArray());
        Assert.Equal(InboxItemState.Pending, item.State);
    }

    [Fact]
    public async Task A_duplicate_delivery_is_answered_204_and_stored_once()
    {
        await using var host = await StartAsync();
        string id = CccWebhookSigner.NewWebhookId();

        using var first = await host.PostAsync(CallEvent("c1"), id);
        using var retry = await host.PostAsync(CallEvent("c1"), id, timestamp: DateTimeOffset.UtcNow.AddSeconds(5));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        var item = Assert.Single(await host.Inbox.ListAsync(new InboxQuery()));
        Assert.Equal("c1", item.Event.ContactId);
    }

    [Fact]
    public async Task A_delivery_signed_by_any_configured_secret_is_accepted_during_rotation()
    {
        string newSecret = CccWebhookSigner.NewSecret();
        await using var host = await StartAsync(o => o.Secrets.Add(newSecret));
        string oldOnly = CccWebhookSigner.NewSecret();

        // The sender signs with an unknown old secret and the new one: one match is enough.
        using var response = await host.PostAsync(AgentEvent(), secrets: [oldOnly, newSecret]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(await host.Inbox.ListAsync(new InboxQuery()));
    }

    public static TheoryData<string> Unauthorized => ["tampered body", "wrong secret", "stale timestamp", "future timestamp", "no webhook-id", "no webhook-timestamp", "no webhook-signature", "garbage signature"];

    [Theory]
    [MemberData(nameof(Unauthorized))]
    public async Task An_unauthentic_or_stale_delivery_gets_401_and_nothing_is_stored(string what)
    {
        await using var host = await StartAsync();
        string body = AgentEvent();
        string id = CccWebhookSigner.NewWebhookId();
        var now = DateTimeOffset.UtcNow;
        string signature = CccWebhookSigner.Sign(Secret, id, now, Encoding.UTF8.GetBytes(body));
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookTestHost.Path);
        string? headerId = id, headerTimestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), headerSignature = signature;
        switch (what)
        {
            case "tampered body":
                body = body.Replace("AgentReady", "AgentBreak", StringComparison.Ordinal);
                break;
            case "wrong secret":
                headerSignature = CccWebhookSigner.Sign(CccWebhookSigner.NewSecret(), id, now, Encoding.UTF8.GetBytes(body));
                break;
            case "stale timestamp":
                headerTimestamp = now.AddMinutes(-6).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                headerSignature = CccWebhookSigner.Sign(Secret, id, now.AddMinutes(-6), Encoding.UTF8.GetBytes(body));
                break;
            case "future timestamp":
                headerTimestamp = now.AddMinutes(6).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                headerSignature = CccWebhookSigner.Sign(Secret, id, now.AddMinutes(6), Encoding.UTF8.GetBytes(body));
                break;
            case "no webhook-id":
                headerId = null;
                break;
            case "no webhook-timestamp":
                headerTimestamp = null;
                break;
            case "no webhook-signature":
                headerSignature = null;
                break;
            case "garbage signature":
                headerSignature = "v1,not-base64!! v2,xyz";
                break;
        }

        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        AddHeader(request, "webhook-id", headerId);
        AddHeader(request, "webhook-timestamp", headerTimestamp);
        AddHeader(request, "webhook-signature", headerSignature);

        using var response = await host.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized", await WebhookTestHost.ErrorCodeAsync(response));
        Assert.Empty(await host.Inbox.ListAsync(new InboxQuery()));
        var refusal = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 101);
        Assert.DoesNotContain(Secret, refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(signature.Split(',')[1], refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Message.Contains(Secret["whsec_".Length..], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"eventTime":"2026-11-26T02:34:00.447Z","instanceId":"x"}""")]
    [InlineData("")]
    public async Task A_malformed_event_gets_400_and_nothing_is_stored(string body)
    {
        await using var host = await StartAsync();

        using var response = await host.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MalformedEvent", await WebhookTestHost.ErrorCodeAsync(response));
        Assert.Empty(await host.Inbox.ListAsync(new InboxQuery()));
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_declared_or_chunked_and_one_at_the_limit_is_accepted()
    {
        await using var host = await StartAsync(o => o.MaxBodyBytes = 1024);
        string atLimit = AgentEvent().TrimEnd('}') + ",\"pad\":\"\"}";
        atLimit = atLimit.Replace("\"pad\":\"\"", $"\"pad\":\"{new string('x', 1024 - Encoding.UTF8.GetByteCount(atLimit))}\"", StringComparison.Ordinal);
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(atLimit));
        string over = atLimit.Replace("\"pad\":\"", "\"pad\":\"x", StringComparison.Ordinal);

        using var declared = await host.PostAsync(over);
        using var chunked = await host.PostAsync(over, chunked: true);
        using var accepted = await host.PostAsync(atLimit);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal("PayloadTooLarge", await WebhookTestHost.ErrorCodeAsync(declared));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Single(await host.Inbox.ListAsync(new InboxQuery()));
    }

    [Fact]
    public async Task A_cdr_is_deduplicated_by_its_record_key_across_pushes_and_the_sweep()
    {
        await using var host = await StartAsync();
        string key = InboxEvent.CdrKey(Instance, "c1");

        using var push = await host.PostAsync(CdrEvent("c1"));
        using var latePush = await host.PostAsync(CdrEvent("c1")); // the cloud's re-push: a new webhook-id

        Assert.Equal(HttpStatusCode.NoContent, push.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, latePush.StatusCode);
        Assert.True(await host.Inbox.ContainsAsync(key));
        var item = Assert.Single(await host.Inbox.ListAsync(new InboxQuery()));
        Assert.Equal(key, item.Event.DedupeKey);
        Assert.StartsWith("msg_", item.Event.WebhookId, StringComparison.Ordinal);
        Assert.Equal("c1", item.Event.ContactId);

        // What the reconciliation sweep adds for a record it found first; a push after it is the same event.
        Assert.True(await host.Inbox.AddAsync(new InboxEvent
        {
            DedupeKey = InboxEvent.CdrKey(Instance, "c2"),
            WebhookId = "sweep:c2",
            EventType = "CDRReady",
            ContactId = "c2",
            EventTime = DateTimeOffset.UtcNow,
            ReceivedAt = DateTimeOffset.UtcNow,
            Payload = Encoding.UTF8.GetBytes(CdrEvent("c2")),
        }));
        using var afterSweep = await host.PostAsync(CdrEvent("c2"));
        Assert.Equal(HttpStatusCode.NoContent, afterSweep.StatusCode);
        var swept = Assert.Single(await host.Inbox.ListAsync(new InboxQuery { ContactId = "c2" }));
        Assert.Equal("sweep:c2", swept.Event.WebhookId);
    }

    [Fact]
    public async Task An_unknown_event_type_is_stored()
    {
        await using var host = await StartAsync();

        using var response = await host.PostAsync(CallEvent("c9", type: "SomethingNewFromTheCloud"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var item = Assert.Single(await host.Inbox.ListAsync(new InboxQuery()));
        Assert.Equal("SomethingNewFromTheCloud", item.Event.EventType);
        Assert.Equal("c9", item.Event.ContactId);
    }

    [Fact]
    public async Task The_204_is_sent_only_after_the_store_committed()
    {
        var slow = new GatedInbox(new InMemoryCccEventInbox());
        await using var host = await StartAsync(o => o.UseInbox(_ => slow));

        var post = host.PostAsync(AgentEvent());
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.False(post.IsCompleted); // the store has not finished: no answer yet
        Assert.False(slow.Committed);

        slow.Release.SetResult();
        using var response = await post.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(slow.Committed);
        Assert.Single(await slow.ListAsync(new InboxQuery()));
    }

    [Fact]
    public async Task A_failing_store_gets_503_so_the_sender_retries()
    {
        await using var host = await StartAsync(o => o.UseInbox(_ => new FailingInbox()));

        using var response = await host.PostAsync(AgentEvent());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("InboxUnavailable", await WebhookTestHost.ErrorCodeAsync(response));
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 104 && r.Level == LogLevel.Error);
    }

    [Fact]
    public async Task The_sqlite_store_is_the_default_and_its_schema_is_created_at_start()
    {
        string directory = Path.Combine(Path.GetTempPath(), "ccc-webhooks-" + Guid.NewGuid().ToString("N")[..12]);
        string file = Path.Combine(directory, "events.db");
        try
        {
            await using (var host = await StartAsync(o => o.UseSqlite(file)))
            {
                Assert.IsType<SqliteCccEventInbox>(host.Inbox);
                Assert.True(File.Exists(file)); // before any delivery

                using var response = await host.PostAsync(AgentEvent());
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }

            await using var reopened = new SqliteCccEventInbox(file);
            Assert.Single(await reopened.ListAsync(new InboxQuery()));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Retention_removes_old_handled_and_dead_lettered_items_on_its_interval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(
            o =>
            {
                o.RetentionInterval = TimeSpan.FromHours(1);
                o.DoneRetention = TimeSpan.FromDays(1);
                o.DeadLetterRetention = TimeSpan.FromDays(3);
            },
            time);
        var start = time.GetUtcNow();
        using (var a = await host.PostAsync(AgentEvent(), timestamp: start))
        using (var b = await host.PostAsync(AgentEvent("AgentBreak"), timestamp: start))
        {
            Assert.Equal(HttpStatusCode.NoContent, a.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, b.StatusCode);
        }

        foreach (var item in await host.Inbox.LeaseAsync("d", 10, TimeSpan.FromMinutes(1), start))
        {
            Assert.True(item.Event.EventType == "AgentReady"
                ? await host.Inbox.CompleteAsync(item.Id, "d", start)
                : await host.Inbox.DeadLetterAsync(item.Id, "d", "failed", start));
        }

        time.Advance(TimeSpan.FromDays(2)); // past the Done retention only
        Assert.Equal(["AgentBreak"], await AdvanceUntilAsync(time, host, items => items.Count == 1));
        Assert.True(time.GetUtcNow() < start.AddDays(3));
        time.Advance(TimeSpan.FromDays(2)); // now past the dead-letter retention too
        Assert.Empty(await AdvanceUntilAsync(time, host, items => items.Count == 0));
    }

    /// <summary>Polls the inbox, moving the clock on by a minute each time (the service may be between two delays).</summary>
    private static async Task<string[]> AdvanceUntilAsync(FakeTimeProvider time, WebhookTestHost host, Func<IReadOnlyList<InboxItem>, bool> done)
    {
        string[] types = [];
        await time.AdvanceUntilAsync(async () =>
        {
            var items = await host.Inbox.ListAsync(new InboxQuery());
            types = [.. items.Select(i => i.Event.EventType)];
            return done(items);
        }, TimeSpan.FromMinutes(1), pause: TimeSpan.FromMilliseconds(20), throwOnTimeout: false);
        return types;
    }

    private static void AddHeader(HttpRequestMessage request, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>Holds every AddAsync until released; records when it has committed.</summary>
    private sealed class GatedInbox(ICccEventInbox inner) : ICccEventInbox
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Committed;

        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public async Task<bool> AddAsync(InboxEvent inboxEvent, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Release.Task;
            bool added = await inner.AddAsync(inboxEvent, cancellationToken);
            Committed = true;
            return added;
        }

        public Task<bool> ContainsAsync(string dedupeKey, CancellationToken cancellationToken = default) => inner.ContainsAsync(dedupeKey, cancellationToken);

        public Task<IReadOnlyList<InboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.LeaseAsync(owner, max, leaseFor, now, cancellationToken);

        public Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.CompleteAsync(id, owner, now, cancellationToken);

        public Task<bool> RetryAsync(long id, string owner, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) => inner.RetryAsync(id, owner, error, nextAttemptAt, cancellationToken);

        public Task<bool> DeadLetterAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.DeadLetterAsync(id, owner, error, now, cancellationToken);

        public Task<int> ReplayAsync(InboxReplayFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.ReplayAsync(filter, now, cancellationToken);

        public Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

        public Task<int> PurgeAsync(DateTimeOffset doneBefore, DateTimeOffset deadLetteredBefore, CancellationToken cancellationToken = default) => inner.PurgeAsync(doneBefore, deadLetteredBefore, cancellationToken);
    }

    /// <summary>A store whose writes fail (a database that is down).</summary>
    private sealed class FailingInbox : ICccEventInbox
    {
        public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<bool> AddAsync(InboxEvent inboxEvent, CancellationToken cancellationToken = default) => throw new IOException("disk on fire");

        public Task<bool> ContainsAsync(string dedupeKey, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<IReadOnlyList<InboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<InboxItem>>([]);

        public Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<bool> RetryAsync(long id, string owner, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<bool> DeadLetterAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<int> ReplayAsync(InboxReplayFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);

        public Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<InboxItem>>([]);

        public Task<int> PurgeAsync(DateTimeOffset doneBefore, DateTimeOffset deadLetteredBefore, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}
