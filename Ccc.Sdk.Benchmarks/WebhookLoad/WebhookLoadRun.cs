using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Benchmarks.CallLoad;
using Ccc.Sdk.TestSupport;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Benchmarks.WebhookLoad;

/// <summary>
/// Issue 5's load run: signed webhook deliveries over loopback HTTP into <c>MapCccWebhooks</c> (verify, parse, store
/// durably, then 2xx) with the SQLite and the PostgreSQL inbox, against the same endpoint with a store that keeps
/// nothing (the baseline, same run). Each store gets a closed-loop phase (<see cref="WebhookLoadOptions.Concurrency"/>
/// requests in flight: events per second) and an open-loop phase at a fixed rate (time to 2xx from each request's
/// planned send time, so a slow receiver cannot hide). Sender and receiver share the process and its two cores.
/// </summary>
public static class WebhookLoadRun
{
    /// <summary>Runs every phase.</summary>
    public static async Task<WebhookLoadResult> RunAsync(WebhookLoadOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        string secret = CccWebhookSigner.NewSecret();
        var rows = new List<WebhookLoadRow>();
        string directory = Path.Combine(Path.GetTempPath(), "ccc-webhooks-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            await using (var baseline = await Receiver.StartAsync(secret, o => o.UseInbox(_ => new DiscardingInbox())).ConfigureAwait(false))
            {
                rows.Add(await MeasureAsync("baseline: verified and parsed, not stored", baseline, secret, options, log, checkStored: false).ConfigureAwait(false));
            }

            await using (var sqlite = await Receiver.StartAsync(secret, o => o.UseSqlite(Path.Combine(directory, "inbox.db"))).ConfigureAwait(false))
            {
                rows.Add(await MeasureAsync("SQLite inbox (WAL, synchronous=FULL)", sqlite, secret, options, log, checkStored: true).ConfigureAwait(false));
            }

            if (options.Postgres)
            {
                await using var server = await PostgresServer.StartAsync().ConfigureAwait(false);
                await using var postgres = await Receiver.StartAsync(secret, o => o.UsePostgres(server.ConnectionString, "load_inbox_" + Guid.NewGuid().ToString("N")[..12])).ConfigureAwait(false);
                rows.Add(await MeasureAsync("PostgreSQL inbox (fsync and synchronous_commit on)", postgres, secret, options, log, checkStored: true).ConfigureAwait(false));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        return new WebhookLoadResult(options, rows);
    }

    private static async Task<WebhookLoadRow> MeasureAsync(string name, Receiver receiver, string secret, WebhookLoadOptions options, TextWriter log, bool checkStored)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var sender = new Sender(http, receiver.Url, secret);

        await sender.ClosedLoopAsync(options.Concurrency, TimeSpan.FromSeconds(options.WarmUpSeconds)).ConfigureAwait(false);
        var (accepted, elapsed) = await sender.ClosedLoopAsync(options.Concurrency, TimeSpan.FromSeconds(options.Seconds)).ConfigureAwait(false);
        double perSecond = accepted / elapsed.TotalSeconds;
        await log.WriteLineAsync(FormattableString.Invariant($"{name}: {perSecond:0} events/s with {options.Concurrency} in flight")).ConfigureAwait(false);

        int count = (int)(options.Rate * options.LatencySeconds);
        var phase = await OpenLoopDriver.RunAsync(count, options.Rate, maxInFlight: 2048, sender.SendOneAsync, CancellationToken.None).ConfigureAwait(false);
        await log.WriteLineAsync(FormattableString.Invariant($"{name}: p50 {phase.Percentile(0.5):0.0} ms, p99 {phase.Percentile(0.99):0.0} ms at {options.Rate:0}/s, {phase.Failed} failed")).ConfigureAwait(false);

        long stored = -1;
        if (checkStored)
        {
            var inbox = receiver.Services.GetRequiredKeyedService<ICccEventInbox>("");
            stored = (await inbox.ListAsync(new InboxQuery { Limit = int.MaxValue }).ConfigureAwait(false)).Count;
        }

        return new WebhookLoadRow(name, perSecond, phase.Percentile(0.5), phase.Percentile(0.99), phase.Failed, sender.Accepted, stored);
    }

    /// <summary>Builds, signs and posts distinct events; counts the 2xx answers.</summary>
    private sealed class Sender(HttpClient http, Uri url, string secret)
    {
        private long _next;
        private long _accepted;

        public long Accepted => Interlocked.Read(ref _accepted);

        public async Task<bool> SendOneAsync(int unused)
        {
            long i = Interlocked.Increment(ref _next);
            string id = "msg_load" + i.ToString(CultureInfo.InvariantCulture);
            var now = DateTimeOffset.UtcNow;
            byte[] body = Encoding.UTF8.GetBytes(
                "{\"eventType\":\"AgentRinging\",\"eventTime\":\"" + now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) +
                "\",\"instanceId\":\"ccc-local\",\"contactId\":\"job-load-" + (i / 8).ToString(CultureInfo.InvariantCulture) +
                "\",\"channelId\":\"ch-" + i.ToString(CultureInfo.InvariantCulture) +
                "\",\"agentId\":\"agent1@ccc-local\",\"callType\":\"INBOUND\",\"skillGroupId\":\"sales@ccc-local\"}");
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("webhook-id", id);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", CccWebhookSigner.Sign(secret, id, now, body));
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            if ((int)response.StatusCode is >= 200 and < 300)
            {
                Interlocked.Increment(ref _accepted);
                return true;
            }

            return false;
        }

        public async Task<(long Accepted, TimeSpan Elapsed)> ClosedLoopAsync(int concurrency, TimeSpan duration)
        {
            long before = Accepted;
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    await SendOneAsync(0).ConfigureAwait(false);
                }
            })).ToArray();
            await Task.WhenAll(workers).ConfigureAwait(false);
            return (Accepted - before, clock.Elapsed);
        }
    }

    /// <summary>One <c>MapCccWebhooks</c> receiver on 127.0.0.1, as an application would host it.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Receiver(WebApplication app, Uri url)
        {
            _app = app;
            Url = url;
        }

        public Uri Url { get; }

        public IServiceProvider Services => _app.Services;

        public static async Task<Receiver> StartAsync(string secret, Action<CccWebhookOptions> store)
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddCccWebhooks(o =>
            {
                o.Secrets.Add(secret);
                store(o);
            });
            var app = builder.Build();
            app.MapCccWebhooks("/ccc/events");
            await app.StartAsync().ConfigureAwait(false);
            return new Receiver(app, new Uri(app.Urls.First() + "/ccc/events"));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The baseline's store: accepts every event and keeps none.</summary>
    private sealed class DiscardingInbox : ICccEventInbox
    {
        public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<bool> AddAsync(InboxEvent inboxEvent, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task<bool> ContainsAsync(string dedupeKey, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<IReadOnlyList<InboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<InboxItem>>([]);

        public Task<bool> CompleteAsync(long id, string owner, DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<bool> RetryAsync(long id, string owner, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<bool> DeadLetterAsync(long id, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<int> ReplayAsync(InboxReplayFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);

        public Task<IReadOnlyList<InboxItem>> ListAsync(InboxQuery query, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<InboxItem>>([]);

        public Task<int> PurgeAsync(DateTimeOffset doneBefore, DateTimeOffset deadLetteredBefore, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}

/// <summary>One store's results.</summary>
public sealed record WebhookLoadRow(string Name, double EventsPerSecond, double P50Ms, double P99Ms, int LatencyFailures, long Accepted, long Stored);

/// <summary>The run's results and goals.</summary>
public sealed record WebhookLoadResult(WebhookLoadOptions Options, IReadOnlyList<WebhookLoadRow> Rows)
{
    private WebhookLoadRow? Row(string prefix) => Rows.FirstOrDefault(r => r.Name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Whether every goal is met and every 2xx event was stored exactly once.</summary>
    public bool GoalsMet =>
        Row("SQLite") is { } sqlite && sqlite.EventsPerSecond >= Options.GoalSqlite && sqlite.P99Ms <= Options.GoalP99Ms && sqlite.Stored == sqlite.Accepted && sqlite.LatencyFailures == 0
        && (!Options.Postgres || (Row("PostgreSQL") is { } pg && pg.EventsPerSecond >= Options.GoalPostgres && pg.P99Ms <= Options.GoalP99Ms && pg.Stored == pg.Accepted && pg.LatencyFailures == 0));

    /// <summary>The Markdown table of docs/benchmarks.md.</summary>
    public string ToMarkdown()
    {
        var baseline = Row("baseline");
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| receiver | events/s ({Options.Concurrency} in flight) | vs baseline | p50 at {Options.Rate:0}/s | p99 at {Options.Rate:0}/s | failed | 2xx = stored |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in Rows)
        {
            string ratio = baseline is null ? "" : (row.EventsPerSecond / baseline.EventsPerSecond).ToString("0.00", CultureInfo.InvariantCulture) + "×";
            string stored = row.Stored < 0 ? "—" : row.Stored == row.Accepted ? $"yes ({row.Stored:N0})" : $"NO ({row.Accepted:N0} answered, {row.Stored:N0} stored)";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Name} | {row.EventsPerSecond:N0} | {ratio} | {row.P50Ms:0.0} ms | {row.P99Ms:0.0} ms | {row.LatencyFailures} | {stored} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Goals: ≥ {Options.GoalSqlite:N0} events/s into SQLite, ≥ {Options.GoalPostgres:N0} into PostgreSQL, p99 ≤ {Options.GoalP99Ms} ms at {Options.Rate:N0}/s — {(GoalsMet ? "met" : "NOT met")}.");
        return text.ToString();
    }
}
