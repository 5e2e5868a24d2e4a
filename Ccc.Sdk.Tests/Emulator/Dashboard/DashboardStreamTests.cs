using System.Net;
using System.Text.Json;
using Ccc.Sdk.Emulator.Control;
using Ccc.Sdk.Tests.Emulator.Calls;

namespace Ccc.Sdk.Tests.Emulator.Dashboard;

/// <summary>
/// The dashboard's Server-Sent Events feed <c>GET /_emulator/stream</c> and its read-only queue list
/// <c>GET /_emulator/queue</c> over real Kestrel on 127.0.0.1, without a browser: an agent's state change and a call's
/// events arrive as messages; the guard refuses a foreign host or origin; a client that goes away is unsubscribed; a
/// client that falls behind is dropped instead of buffering without bound.
/// </summary>
public sealed class DashboardStreamTests : CallTestBase
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_stream_says_hello_then_reports_an_agent_state_change_and_the_calls_events()
    {
        await using var stream = await SseReader.OpenAsync(H.Http);
        Assert.Equal("text/event-stream", stream.MediaType);
        var hello = await stream.NextAsync(m => m.Event == "hello", ReadTimeout);
        Assert.Equal("2026-11-26T08:00:00.000Z", hello.Data.GetProperty("time").GetString());

        await Ready(Agent1, Sales);
        var ready = await stream.NextAsync(m => m.Event == "agent" && Str(m.Data, "state") == "READY", ReadTimeout);
        Assert.Equal((Instance, Agent1), (Str(ready.Data, "instanceId"), Str(ready.Data, "userId")));
        Assert.NotEqual("READY", Str(ready.Data, "previousState"));

        var contactId = await Inbound("13800000007", ShanghaiLine, $",\"skillGroupId\":\"{Sales}\"");
        var callEvent = await stream.NextAsync(m => m.Event == "call" && m.Data.TryGetProperty("contactId", out var c) && c.GetString() == contactId, ReadTimeout);
        Assert.Equal(Instance, Str(callEvent.Data, "instanceId"));
        Assert.False(string.IsNullOrEmpty(Str(callEvent.Data, "eventType")));
    }

    [Fact]
    public async Task The_guard_refuses_the_stream_for_a_foreign_host_or_origin_and_a_second_method_is_405()
    {
        using var foreignHost = new HttpRequestMessage(HttpMethod.Get, "/_emulator/stream");
        foreignHost.Headers.Host = "rebound.attacker.example";
        using var refusedHost = await H.Http.SendAsync(foreignHost, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Forbidden, refusedHost.StatusCode);
        Assert.NotEqual("text/event-stream", refusedHost.Content.Headers.ContentType?.MediaType);

        using var foreignOrigin = new HttpRequestMessage(HttpMethod.Get, "/_emulator/stream");
        foreignOrigin.Headers.Add("Origin", "http://attacker.example");
        using var refusedOrigin = await H.Http.SendAsync(foreignOrigin, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Forbidden, refusedOrigin.StatusCode);
        Assert.Equal(0, DashboardStreams.For(H.Emulator.State).ClientCount);

        var (post, body) = await Control(HttpMethod.Post, "/_emulator/stream");
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "MethodNotAllowed"), (post, Str(body, "Code")));
    }

    [Fact]
    public async Task A_client_that_disconnects_is_removed_and_unsubscribed_and_the_engine_carries_on()
    {
        var streams = DashboardStreams.For(H.Emulator.State);
        var first = await SseReader.OpenAsync(H.Http);
        await first.NextAsync(m => m.Event == "hello", ReadTimeout);
        await using (var second = await SseReader.OpenAsync(H.Http))
        {
            await second.NextAsync(m => m.Event == "hello", ReadTimeout);
            Assert.Equal(2, streams.ClientCount);
        }

        await Poll.UntilAsync(() => streams.ClientCount == 1, ReadTimeout, "the closed stream to be removed");
        await first.DisposeAsync();
        await Poll.UntilAsync(() => streams.ClientCount == 0, ReadTimeout, "the second closed stream to be removed");

        await Ready(Agent1);
        Assert.Equal("READY", StateOf(Agent1));
    }

    [Fact]
    public async Task A_client_that_falls_behind_is_dropped_instead_of_buffering_more()
    {
        var streams = DashboardStreams.For(H.Emulator.State);
        using var slow = streams.Open(H.Emulator.State.Engine, capacity: 3)!;
        Assert.Equal(1, streams.ClientCount);

        await Ready(Agent1); // SignInGroup + ReadyForService: more than three messages.
        Assert.True(slow.Dropped);
        Assert.Equal(3, slow.Messages.Count);
        var drained = new List<string>();
        while (slow.Messages.TryRead(out var message))
        {
            drained.Add(message);
        }

        Assert.All(drained, m => Assert.Matches(@"^event: (call|agent)\ndata: \{[^\n]*\}\n\n$", m));
        await slow.Messages.Completion.WaitAsync(ReadTimeout);

        // Unsubscribed: later events neither reach it nor trouble the engine.
        await Ready(Agent2);
        Assert.Equal("READY", StateOf(Agent2));
        Assert.False(slow.Messages.TryRead(out _));
    }

    [Fact]
    public async Task Stopping_the_emulator_ends_an_open_stream_promptly()
    {
        var streams = DashboardStreams.For(H.Emulator.State);
        await using var stream = await SseReader.OpenAsync(H.Http);
        await stream.NextAsync(m => m.Event == "hello", ReadTimeout);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await H.Emulator.DisposeAsync(); // The host waits for open requests: the stream must not hold it up.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"Stopping took {stopwatch.Elapsed}.");
        Assert.True(await stream.EndsAsync(ReadTimeout), "The stream did not end.");
        Assert.Equal(0, streams.ClientCount);
    }

    [Fact]
    public async Task One_stream_more_than_the_limit_is_refused_with_429()
    {
        var open = new List<SseReader>();
        try
        {
            for (var i = 0; i < DashboardStreams.MaxClients; i++)
            {
                var reader = await SseReader.OpenAsync(H.Http);
                open.Add(reader);
                await reader.NextAsync(m => m.Event == "hello", ReadTimeout);
            }

            var (status, body) = await Control(HttpMethod.Get, "/_emulator/stream");
            Assert.Equal((HttpStatusCode.TooManyRequests, "TooManyStreams"), (status, Str(body, "Code")));
        }
        finally
        {
            foreach (var reader in open)
            {
                await reader.DisposeAsync();
            }
        }

        await Poll.UntilAsync(() => DashboardStreams.For(H.Emulator.State).ClientCount == 0, ReadTimeout, "every stream to close");
    }

    [Fact]
    public async Task Queue_lists_the_waiting_calls_in_order_with_their_wait_on_the_emulators_clock()
    {
        var (_, empty) = await Control(HttpMethod.Get, "/_emulator/queue");
        Assert.Equal(0, empty.GetArrayLength());

        await Settings("""{"queuingTimeoutSeconds":600}""");
        var first = await Inbound("13800000007", ShanghaiLine, $",\"skillGroupId\":\"{Sales}\"");
        Advance(4_000);
        var second = await Inbound("13800000008", ShanghaiLine, $",\"skillGroupId\":\"{Sales}\"");
        Advance(1_000);

        var (status, queue) = await Control(HttpMethod.Get, $"/_emulator/queue?instanceId={Instance}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            [(first, 1, "13800000007", 5_000L), (second, 2, "13800000008", 1_000L)],
            queue.EnumerateArray().Select(q => (Str(q, "contactId"), q.GetProperty("position").GetInt32(), Str(q, "callingNumber"), q.GetProperty("waitMs").GetInt64())));
        Assert.All(queue.EnumerateArray(), q => Assert.Equal((Sales, "", ShanghaiLine), (Str(q, "skillGroupId"), Str(q, "targetUserId"), Str(q, "calledNumber"))));

        await AutoAnswer(Agent1);
        await Ready(Agent1, Sales);
        var (_, after) = await Control(HttpMethod.Get, "/_emulator/queue");
        Assert.Equal([second], after.EnumerateArray().Select(q => Str(q, "contactId")));

        var (missing, body) = await Control(HttpMethod.Get, "/_emulator/queue?instanceId=nope");
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (missing, Str(body, "Code")));
        var (bad, _) = await Control(HttpMethod.Get, "/_emulator/queue?skillGroupId=x");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
    }

    [Fact]
    public async Task Agents_list_says_since_when_each_agent_is_in_its_state()
    {
        var (_, before) = await Control(HttpMethod.Get, "/_emulator/agents");
        Assert.Equal("2026-11-26T08:00:00.000Z", Str(Assert.Single(before.EnumerateArray(), a => Str(a, "userId") == Agent1), "stateTime"));

        Advance(90_000);
        await Ready(Agent1);
        var (_, after) = await Control(HttpMethod.Get, "/_emulator/agents");
        Assert.Equal("2026-11-26T08:01:30.000Z", Str(Assert.Single(after.EnumerateArray(), a => Str(a, "userId") == Agent1), "stateTime"));
    }

    /// <summary>A Server-Sent Events reader over one HTTP response.</summary>
    private sealed class SseReader : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private SseReader(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public string? MediaType => _response.Content.Headers.ContentType?.MediaType;

        public static async Task<SseReader> OpenAsync(HttpClient http)
        {
            var response = await http.GetAsync("/_emulator/stream", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return new SseReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        /// <summary>The next message that matches, skipping others and comment lines.</summary>
        public async Task<SseMessage> NextAsync(Func<SseMessage, bool> match, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            string? name = null;
            string? data = null;
            while (true)
            {
                var line = await _reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("The stream ended.");
                if (line.Length == 0)
                {
                    if (name is not null && data is not null)
                    {
                        using var document = JsonDocument.Parse(data);
                        var message = new SseMessage(name, document.RootElement.Clone());
                        if (match(message))
                        {
                            return message;
                        }
                    }

                    (name, data) = (null, null);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    Assert.Null(data); // One data line per message: the JSON never holds a raw line break.
                    data = line["data: ".Length..];
                }
            }
        }

        /// <summary>True when the stream ends (EOF or a reset connection) within <paramref name="timeout"/>.</summary>
        public async Task<bool> EndsAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                while (await _reader.ReadLineAsync(cts.Token) is not null)
                {
                }

                return true;
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                return false;
            }
            catch (IOException)
            {
                return true;
            }
            catch (HttpRequestException)
            {
                return true;
            }
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed record SseMessage(string Event, JsonElement Data);
}
