using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ccc.Sdk.Tests.Calls;

/// <summary>The response to a dialling action is lost after the service acted: the SDK must not dial again.</summary>
public sealed class NoDoubleDialTests : EmulatorCallTestBase
{
    private const string Customer = "13800005678";

    /// <summary>
    /// A TCP proxy on 127.0.0.1:0 in front of the emulator: forwards each request, waits for the emulator's response to
    /// start (so the emulator has acted), then closes the client's connection without passing the response on.
    /// </summary>
    private sealed class ResponseDroppingProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Uri _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _forwarded;

        public ResponseDroppingProxy(Uri target)
        {
            _target = target;
            _listener.Start();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            _loop = Task.Run(AcceptLoopAsync);
        }

        public Uri Endpoint { get; }

        public int Forwarded => Volatile.Read(ref _forwarded);

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (SocketException)
                {
                    return;
                }

                _ = Task.Run(() => HandleAsync(client));
            }
        }

        private async Task HandleAsync(TcpClient client)
        {
            using (client)
            {
                var inbound = client.GetStream();
                byte[] request = await ReadMessageAsync(inbound, readBody: true);
                if (request.Length == 0)
                {
                    return;
                }

                using var upstream = new TcpClient();
                await upstream.ConnectAsync(_target.Host, _target.Port);
                var outbound = upstream.GetStream();
                await outbound.WriteAsync(request);
                await ReadMessageAsync(outbound, readBody: false); // the emulator has answered: it acted on the request
                Interlocked.Increment(ref _forwarded);
                client.Client.Shutdown(SocketShutdown.Both); // drop the client's connection: the response is lost
            }
        }

        /// <summary>Reads the head of an HTTP message and, if asked, its Content-Length body.</summary>
        private static async Task<byte[]> ReadMessageAsync(NetworkStream stream, bool readBody)
        {
            var buffer = new List<byte>();
            var chunk = new byte[8192];
            int headEnd = -1;
            while (headEnd < 0)
            {
                int n = await stream.ReadAsync(chunk);
                if (n == 0)
                {
                    return [.. buffer];
                }

                buffer.AddRange(chunk.AsSpan(0, n).ToArray());
                headEnd = IndexOfHeadEnd(buffer);
            }

            if (readBody)
            {
                string head = Encoding.ASCII.GetString(buffer.GetRange(0, headEnd).ToArray());
                int length = head.Split("\r\n")
                    .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                    .FirstOrDefault();
                while (buffer.Count < headEnd + 4 + length)
                {
                    int n = await stream.ReadAsync(chunk);
                    if (n == 0)
                    {
                        break;
                    }

                    buffer.AddRange(chunk.AsSpan(0, n).ToArray());
                }
            }

            return [.. buffer];
        }

        private static int IndexOfHeadEnd(List<byte> buffer)
        {
            for (int i = 0; i + 3 < buffer.Count; i++)
            {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task MakeCall_whose_response_is_lost_throws_outcome_unknown_and_the_customer_is_dialled_exactly_once()
    {
        await Ready(Agent1);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":1000,"hangUpAfterMs":2000}""");
        await using var proxy = new ResponseDroppingProxy(Emulator.Endpoint);
        using var throughProxy = CreateClient(proxy.Endpoint);
        var from = Clock.GetUtcNow();

        var ex = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(
            () => throughProxy.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer, Caller = BeijingLine }));

        Assert.Equal(1, proxy.Forwarded); // neither the SDK nor HttpClient's own connection retry re-sent it
        Assert.Contains("*******5678", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Customer, ex.Message, StringComparison.Ordinal);
        Assert.Contains("ListCallDetailRecords", ex.Message, StringComparison.Ordinal);

        Advance(1_000);
        Advance(2_000); // the customer answers, then hangs up: the call has its record
        var records = await RecordsTo(Customer, from);
        var record = Assert.Single(records);
        Assert.Equal("Success", record.ContactDisposition);
    }

    [Fact]
    public async Task StartBack2BackCall_whose_response_is_lost_throws_outcome_unknown_and_dials_exactly_one_double_call()
    {
        await SetPhone("13900005555", """{"behavior":"answer","answerAfterMs":1000}""");
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":1000,"hangUpAfterMs":2000}""");
        await using var proxy = new ResponseDroppingProxy(Emulator.Endpoint);
        using var throughProxy = CreateClient(proxy.Endpoint);
        var from = Clock.GetUtcNow();

        var ex = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(
            () => throughProxy.StartBack2BackCallAsync(new StartBack2BackCallRequest { Caller = "13900005555", Callee = Customer, Broker = ShanghaiLine }));

        Assert.Equal(1, proxy.Forwarded);
        Assert.Equal("StartBack2BackCall", ex.Action);
        Advance(1_000);
        Advance(1_000);
        Advance(2_000);
        var record = Assert.Single(await RecordsTo(Customer, from));
        Assert.Equal(("Back2Back", "Success"), (record.ContactType, record.ContactDisposition));
    }
}
