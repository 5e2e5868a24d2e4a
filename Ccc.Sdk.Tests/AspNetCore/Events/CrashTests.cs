using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Webhooks;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>
/// Crash safety of the webhook receiver (docs/events.md, "Crash safety and delivery guarantees"): the test is the sender;
/// the receiver (Ccc.Sdk.Tests.Receiver: MapCccWebhooks + the dispatcher + a handler that records each event keyed by
/// <c>CccEventDelivery.DedupeKey</c>) runs in its own process and is SIGKILLed mid-stream, then restarted.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class CrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Contacts = 300;
    private const int EventsPerContact = 10;
    private const int KillAfterAcks = 1_000;

    [Fact]
    public async Task A_SQLite_receiver_killed_mid_stream_handles_every_event_exactly_once()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ccc-crash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string results = Path.Combine(dir, "results.db");
        string secret = CccWebhookSigner.NewSecret();
        var address = FreePort.NextHttpAddress();
        string[] args = ["--store", "sqlite", "--db", Path.Combine(dir, "inbox.db"), "--secret", secret, "--results", results, "--name", "r1"];
        var stopwatch = Stopwatch.StartNew();
        var receiver = await ReceiverProcess.StartAsync(address, args);
        try
        {
            var events = Stream();
            var sender = new Sender(secret, events, (_, _) => address);
            var sending = sender.SendAllAsync(async () =>
            {
                receiver.Kill();
                receiver = await ReceiverProcess.StartAsync(address, args);
            });
            var ackedBeforeKill = await sending;

            var status = await WaitUntilDrainedAsync(address, events.Count);
            Assert.Equal(0, status.DeadLettered);

            await using var db = new SqliteConnection($"Data Source={results}");
            await db.OpenAsync();
            var handled = await CountsAsync(db, "SELECT dedupe_key, COUNT(*) FROM crash_handled GROUP BY dedupe_key");
            var invocations = await CountsAsync(db, "SELECT dedupe_key, COUNT(*) FROM crash_invocations GROUP BY dedupe_key");
            AssertExactlyOnce(events, ackedBeforeKill, handled);
            Report(stopwatch, sender, ackedBeforeKill, invocations);
        }
        finally
        {
            await receiver.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Two_receivers_on_one_PostgreSQL_inbox_one_killed_mid_stream_handle_every_event_exactly_once()
    {
        string tables = "crash_" + Guid.NewGuid().ToString("N")[..12];
        string inboxTable = PostgresFixture.NewTableName();
        string secret = CccWebhookSigner.NewSecret();
        var addresses = new[] { FreePort.NextHttpAddress(), FreePort.NextHttpAddress() };
        string[] Args(string name) => ["--store", "postgres", "--db", postgres.ConnectionString, "--inbox-table", inboxTable, "--secret", secret,
            "--results", postgres.ConnectionString, "--tables", tables, "--name", name];
        var stopwatch = Stopwatch.StartNew();
        var receivers = new ChildProcess?[2];
        try
        {
            receivers[0] = await ReceiverProcess.StartAsync(addresses[0], Args("r1"));
            receivers[1] = await ReceiverProcess.StartAsync(addresses[1], Args("r2"));
            var events = Stream();
            // A load balancer of sorts: each attempt goes to the other receiver than the previous one.
            var sender = new Sender(secret, events, (index, attempt) => addresses[(index + attempt) % 2]);
            var ackedBeforeKill = await sender.SendAllAsync(async () =>
            {
                receivers[0]!.Kill();
                receivers[0] = await ReceiverProcess.StartAsync(addresses[0], Args("r1"));
            });

            var status = await WaitUntilDrainedAsync(addresses[1], events.Count);
            Assert.Equal(0, status.DeadLettered);

            await using var db = new NpgsqlConnection(postgres.ConnectionString);
            await db.OpenAsync();
            var handled = await CountsAsync(db, $"SELECT dedupe_key, COUNT(*) FROM {tables}_handled GROUP BY dedupe_key");
            var invocations = await CountsAsync(db, $"SELECT dedupe_key, COUNT(*) FROM {tables}_invocations GROUP BY dedupe_key");
            AssertExactlyOnce(events, ackedBeforeKill, handled);

            var byReceiver = await CountsAsync(db, $"SELECT receiver, COUNT(*) FROM {tables}_handled GROUP BY receiver");
            Assert.True(byReceiver.GetValueOrDefault("r1") > 0 && byReceiver.GetValueOrDefault("r2") > 0, "Both receivers should have handled events.");
            output.WriteLine($"handled by r1: {byReceiver.GetValueOrDefault("r1")}, by r2: {byReceiver.GetValueOrDefault("r2")}");
            Report(stopwatch, sender, ackedBeforeKill, invocations);
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                if (receiver is not null)
                {
                    await receiver.DisposeAsync();
                }
            }
        }
    }

    /// <summary>3,000 signed-later events: 300 contacts × 10 call events, sent in a shuffled order.</summary>
    private static List<(string Id, byte[] Body)> Stream()
    {
        string[] types = ["Dialing", "Ringing", "Established", "Held", "Retrieved", "Held", "Retrieved", "AgentTalk", "Released", "AgentRelease"];
        var t0 = new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
        var events = new List<(string, byte[])>();
        for (int c = 0; c < Contacts; c++)
        {
            for (int k = 0; k < EventsPerContact; k++)
            {
                string time = t0.AddSeconds(c).AddMilliseconds(k * 10).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                string json = $$"""{"eventType":"{{types[k]}}","eventTime":"{{time}}","instanceId":"ccc-crash","contactId":"job-{{c:D4}}","channelId":"ch-{{c}}","callType":"OUTBOUND","caller":"0571000","callee":"1380000{{c:D4}}","agentId":"agent{{c % 20}}@ccc-crash","seq":{{k}}}""";
                events.Add((CccWebhookSigner.NewWebhookId(), Encoding.UTF8.GetBytes(json)));
            }
        }

        var random = new Random(5);
        return [.. events.OrderBy(_ => random.Next())];
    }

    private static void AssertExactlyOnce(List<(string Id, byte[] Body)> events, IReadOnlyCollection<string> ackedBeforeKill, Dictionary<string, long> handled)
    {
        Assert.True(ackedBeforeKill.Count >= KillAfterAcks, $"Only {ackedBeforeKill.Count} events were acknowledged before the kill.");
        Assert.All(ackedBeforeKill, id => Assert.Equal(1, handled.GetValueOrDefault(id)));
        var twice = handled.Where(h => h.Value != 1).Select(h => $"{h.Key}×{h.Value}").ToList();
        Assert.True(twice.Count == 0, "Handled more than once: " + string.Join(", ", twice.Take(10)));
        Assert.Equal(events.Select(e => e.Id).Order(StringComparer.Ordinal), handled.Keys.Order(StringComparer.Ordinal));
    }

    private void Report(Stopwatch stopwatch, Sender sender, IReadOnlyCollection<string> ackedBeforeKill, Dictionary<string, long> invocations)
    {
        output.WriteLine($"{invocations.Count} events handled once each in {stopwatch.Elapsed.TotalSeconds:F1} s; {ackedBeforeKill.Count} were answered 2xx before the SIGKILL");
        output.WriteLine($"sender: {sender.FailedAttempts} failed attempts (refused/reset/timeout/5xx) retried; the receiver was down {sender.Downtime.TotalSeconds:F1} s");
        output.WriteLine($"raw handler invocations: {invocations.Values.Sum()}; events invoked more than once (at-least-once redeliveries): {invocations.Count(i => i.Value > 1)}");
    }

    private static async Task<Dictionary<string, long>> CountsAsync(System.Data.Common.DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private sealed record InboxStatus(int Pending, int Leased, int Done, int DeadLettered);

    /// <summary>Waits until the inbox has nothing Pending or Leased (a killed receiver's leases end after 8 s).</summary>
    private static async Task<InboxStatus> WaitUntilDrainedAsync(Uri receiver, int total)
    {
        using var http = new HttpClient { BaseAddress = receiver, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(40);
        InboxStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = JsonSerializer.Deserialize<InboxStatus>(await http.GetStringAsync("/status"), JsonSerializerOptions.Web)!;
            if (status.Pending == 0 && status.Leased == 0 && status.Done + status.DeadLettered == total)
            {
                return status;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The inbox did not drain: {status}.");
    }

    /// <summary>
    /// Posts every event, 32 at a time, retrying each until it gets a 2xx (refused, reset, timed out or not 2xx: again
    /// after 25 ms, doubling, at most 1 s — the emulator's schedule, compressed), with a fresh timestamp and signature and
    /// the same <c>webhook-id</c>. After <see cref="KillAfterAcks"/> 2xx answers it runs the crash (kill and restart)
    /// while the others carry on.
    /// </summary>
    private sealed class Sender(string secret, List<(string Id, byte[] Body)> events, Func<int, int, Uri> target)
    {
        private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { Timeout = TimeSpan.FromSeconds(10) };
        private int _acks;
        private int _failed;

        public int FailedAttempts => _failed;

        public TimeSpan Downtime { get; private set; }

        /// <summary>Sends everything; returns the ids answered 2xx before the crash started.</summary>
        public async Task<IReadOnlyCollection<string>> SendAllAsync(Func<Task> crash)
        {
            var acked = new ConcurrentDictionary<string, bool>();
            string[]? beforeKill = null;
            Task? crashing = null;
            var crashLock = new object();
            using var give = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await Parallel.ForEachAsync(Enumerable.Range(0, events.Count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = give.Token }, async (index, ct) =>
            {
                await SendAsync(index, ct);
                acked[events[index].Id] = true;
                if (Interlocked.Increment(ref _acks) == KillAfterAcks)
                {
                    lock (crashLock)
                    {
                        beforeKill = [.. acked.Keys];
                        var down = Stopwatch.StartNew();
                        crashing = Task.Run(async () =>
                        {
                            await crash();
                            Downtime = down.Elapsed;
                        }, CancellationToken.None);
                    }
                }
            });

            Assert.NotNull(crashing);
            await crashing;
            _http.Dispose();
            return beforeKill!;
        }

        private async Task SendAsync(int index, CancellationToken ct)
        {
            var (id, body) = events[index];
            var delay = TimeSpan.FromMilliseconds(25);
            for (int attempt = 0; ; attempt++)
            {
                var now = DateTimeOffset.UtcNow;
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target(index, attempt), "/ccc/events")) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", CccWebhookSigner.Sign(secret, id, now, body));
                try
                {
                    using var response = await _http.SendAsync(request, ct);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    Assert.True((int)response.StatusCode >= 500, $"The receiver refused an event: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                }
                catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    // Refused (the receiver is down), reset (killed mid-request) or timed out: retried below.
                }

                Interlocked.Increment(ref _failed);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond));
            }
        }
    }

    /// <summary>The built receiver (Ccc.Sdk.Tests.Receiver) as its own process, ready once <c>/status</c> answers 2xx.</summary>
    private static class ReceiverProcess
    {
        public static async Task<ChildProcess> StartAsync(Uri address, string[] args)
        {
            var receiver = ChildProcess.StartDotnet(Repository.BuiltDll("Ccc.Sdk.Tests.Receiver"), ["--urls", address.ToString(), .. args]);
            try
            {
                await receiver.WaitForHttpAsync(address, "/status", TimeSpan.FromSeconds(30), successOnly: true);
                return receiver;
            }
            catch
            {
                await receiver.DisposeAsync();
                throw;
            }
        }
    }
}

/// <summary>The crash tests run alone: each starts receiver processes and pushes thousands of events.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Crash";
}
