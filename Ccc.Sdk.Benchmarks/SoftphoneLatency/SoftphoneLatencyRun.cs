using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Benchmarks.SampleCrmDriver;

namespace Ccc.Sdk.Benchmarks.SoftphoneLatency;

/// <summary>
/// Issue 4's latency goal: a customer dials → the CRM's .NET CallComing handler runs. The sample CRM runs as its own
/// process (embedded emulator); an agent is signed in in headless Chromium with the hidden softphone loaded from the
/// emulator. For each call the driver notes the wall-clock time, asks the emulator to place an inbound call to that
/// agent, and reads the time the sample's CallComing handler ran (its screen-pop log). Baseline, in the same run and
/// alternating with it: a bare WebSocket client on the emulator's agent gateway for a second agent, timed from the same
/// request to the gateway's <c>callComing</c> message — the emulator's share, without the browser, the JS bridge and Blazor.
/// Each caller hangs up 700 ms after IVR entry, so the agent is free again for the next call.
/// </summary>
public static class SoftphoneLatencyRun
{
    private const string SoftphoneAgent = "agent1@ccc-local";
    private const string BaselineAgent = "agent2@ccc-local";
    private const string AccessKeyId = "LTAI5tCccEmulatorDevKey";
    private const string AccessKeySecret = "CccEmulatorDevSecretDoNotUseInProduction";
    private const int CallerHangUpMs = 700;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Launch arguments of the headless Chromium (the same as the browser tests').</summary>
    public static IReadOnlyList<string> ChromiumArguments => SampleAgentBrowser.ChromiumArguments;

    /// <summary>Runs the measurement.</summary>
    /// <param name="options">How many calls, and the goals.</param>
    /// <param name="log">Progress.</param>
    /// <returns>The latencies of both paths.</returns>
    public static async Task<SoftphoneLatencyResult> RunAsync(SoftphoneLatencyOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        await using var sample = await SampleCrmProcess.StartAsync(options.ScriptPath, log).ConfigureAwait(false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var emulator = new EmulatorControl(http, sample.EmulatorAddress);

        // Baseline agent: signed in and READY through CccClient, its gateway connection a bare WebSocket.
        using var client = new CccClient(
            new AccessKeyCredential(AccessKeyId, AccessKeySecret),
            new CccClientOptions { Endpoint = sample.EmulatorAddress, InstanceId = "ccc-local" },
            new HttpClient());
        await client.SignInGroupAsync(new SignInGroupRequest { UserId = BaselineAgent, DeviceId = "latency-baseline", SignedSkillGroupIdList = ["sales@ccc-local"] }).ConfigureAwait(false);
        await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = BaselineAgent }).ConfigureAwait(false);
        var login = (await client.GetLoginDetailsAsync(new GetLoginDetailsRequest { UserId = BaselineAgent }).ConfigureAwait(false)).Value;
        await using var gateway = await GatewayClient.ConnectAsync(new Uri(login.AgentServerUrl!), BaselineAgent, login.Signature!).ConfigureAwait(false);

        // Softphone agent: the sample CRM in headless Chromium, signed in (the CRM's screen-pop log is read with the
        // page's cookie: the agent's own pops), on duty.
        await using var agent = await SampleAgentBrowser.SignInAsync(sample.Address, SoftphoneAgent).ConfigureAwait(false);
        await agent.GoOnDutyAsync().ConfigureAwait(false);
        await log.WriteLineAsync("Softphone agent on duty; baseline agent connected to the gateway.").ConfigureAwait(false);

        var softphone = new List<double>();
        var baseline = new List<double>();
        int total = options.WarmUpCalls + options.Calls;
        for (int i = 0; i < total; i++)
        {
            bool measured = i >= options.WarmUpCalls;
            string caller = "1390000" + (1000 + i).ToString(CultureInfo.InvariantCulture);
            await emulator.SetCallerAsync(caller, CallerHangUpMs).ConfigureAwait(false);

            // Softphone path: dial → the sample's .NET CallComing handler.
            double sent = WallClock.NowMs();
            string job = await emulator.DialAsync(caller, "agent1").ConfigureAwait(false);
            double handled = await agent.WaitForScreenPopAsync(job).ConfigureAwait(false);
            if (measured)
            {
                softphone.Add(handled - sent);
            }

            // Baseline path: dial → the gateway's callComing at a bare WebSocket client.
            sent = WallClock.NowMs();
            job = await emulator.DialAsync(caller, "agent2").ConfigureAwait(false);
            double arrived = await gateway.WaitForCallComingAsync(job).ConfigureAwait(false);
            if (measured)
            {
                baseline.Add(arrived - sent);
            }

            // Both callers hang up 700 ms after IVR entry; wait until both agents are READY again.
            await agent.WaitForReadyAsync().ConfigureAwait(false);
            await gateway.WaitForReadyAsync().ConfigureAwait(false);
            if ((i + 1) % 10 == 0)
            {
                await log.WriteLineAsync($"{i + 1}/{total} calls per path").ConfigureAwait(false);
            }
        }

        return new SoftphoneLatencyResult(options, softphone, baseline);
    }

    /// <summary>A bare client of the emulator's agent gateway that notes when each callComing arrives.</summary>
    private sealed class GatewayClient : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly ConcurrentDictionary<string, double> _coming = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new();
        private Task _reader = Task.CompletedTask;
        private volatile int _status = -1;

        public static async Task<GatewayClient> ConnectAsync(Uri url, string userId, string signature)
        {
            var client = new GatewayClient();
            await client._socket.ConnectAsync(url, CancellationToken.None).ConfigureAwait(false);
            byte[] hello = JsonSerializer.SerializeToUtf8Bytes(new { type = "hello", userId, signature, instanceId = "ccc-local" });
            await client._socket.SendAsync(hello, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
            client._reader = Task.Run(client.ReadAsync);
            return client;
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    int count = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await _socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token).ConfigureAwait(false);
                        count += result.Count;
                    }
                    while (!result.EndOfMessage && count < buffer.Length);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    double at = WallClock.NowMs();
                    using var message = JsonDocument.Parse(buffer.AsMemory(0, count));
                    var root = message.RootElement;
                    switch (root.GetProperty("type").GetString())
                    {
                        case "callComing":
                            _coming[root.GetProperty("jobId").GetString()!] = at;
                            break;
                        case "statusChange":
                            _status = root.GetProperty("code").GetInt32();
                            break;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
            }
        }

        public async Task<double> WaitForCallComingAsync(string jobId)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (DateTime.UtcNow < deadline)
            {
                if (_coming.TryRemove(jobId, out double at))
                {
                    return at;
                }

                await Task.Delay(1).ConfigureAwait(false);
            }

            throw new TimeoutException($"The gateway sent no callComing for {jobId} within {Patience.TotalSeconds} s.");
        }

        public async Task WaitForReadyAsync()
        {
            var deadline = DateTime.UtcNow + Patience;
            while (_status != 3)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The baseline agent did not become READY again (status {_status}).");
                }

                await Task.Delay(10).ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _reader.ConfigureAwait(false);
            _socket.Abort();
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
