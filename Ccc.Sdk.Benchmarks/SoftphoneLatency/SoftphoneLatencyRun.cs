using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.TestSupport;
using Microsoft.Playwright;

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
public static partial class SoftphoneLatencyRun
{
    private const string InboundNumber = "02150000001";
    private const string SoftphoneAgent = "agent1@ccc-local";
    private const string BaselineAgent = "agent2@ccc-local";
    private const string AccessKeyId = "LTAI5tCccEmulatorDevKey";
    private const string AccessKeySecret = "CccEmulatorDevSecretDoNotUseInProduction";
    private const int CallerHangUpMs = 700;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Launch arguments of the headless Chromium (the same as the browser tests').</summary>
    public static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
    ];

    /// <summary>Runs the measurement.</summary>
    /// <param name="options">How many calls, and the goals.</param>
    /// <param name="log">Progress.</param>
    /// <returns>The latencies of both paths.</returns>
    public static async Task<SoftphoneLatencyResult> RunAsync(SoftphoneLatencyOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        await using var sample = await SampleCrm.StartAsync(options.ScriptPath, log).ConfigureAwait(false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // Baseline agent: signed in and READY through CccClient, its gateway connection a bare WebSocket.
        using var client = new CccClient(
            new AccessKeyCredential(AccessKeyId, AccessKeySecret),
            new CccClientOptions { Endpoint = sample.EmulatorAddress, InstanceId = "ccc-local" },
            new HttpClient());
        await client.SignInGroupAsync(new SignInGroupRequest { UserId = BaselineAgent, DeviceId = "latency-baseline", SignedSkillGroupIdList = ["sales@ccc-local"] }).ConfigureAwait(false);
        await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = BaselineAgent }).ConfigureAwait(false);
        var login = (await client.GetLoginDetailsAsync(new GetLoginDetailsRequest { UserId = BaselineAgent }).ConfigureAwait(false)).Value;
        await using var gateway = await GatewayClient.ConnectAsync(new Uri(login.AgentServerUrl!), BaselineAgent, login.Signature!).ConfigureAwait(false);

        // Softphone agent: the sample CRM in headless Chromium, signed in, on duty.
        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CCC_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArguments,
        }).ConfigureAwait(false);
        await using var context = await browser.NewContextAsync().ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        await SignInAsync(page, sample.Address).ConfigureAwait(false);

        // The CRM's screen-pop log needs the sign-in too: the driver reads it with the page's cookie (the agent's own pops).
        var cookies = new CookieContainer();
        foreach (var cookie in await context.CookiesAsync([sample.Address.ToString()]).ConfigureAwait(false))
        {
            cookies.Add(sample.Address, new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }

        using var crm = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = sample.Address, Timeout = TimeSpan.FromSeconds(30) };
        await page.Locator("#softphone-register").ClickAsync(new LocatorClickOptions { Timeout = 30_000 }).ConfigureAwait(false);
        await WaitForSoftphoneReadyAsync(page).ConfigureAwait(false);
        await log.WriteLineAsync("Softphone agent on duty; baseline agent connected to the gateway.").ConfigureAwait(false);

        var softphone = new List<double>();
        var baseline = new List<double>();
        int total = options.WarmUpCalls + options.Calls;
        for (int i = 0; i < total; i++)
        {
            bool measured = i >= options.WarmUpCalls;
            string caller = "1390000" + (1000 + i).ToString(CultureInfo.InvariantCulture);
            await SetCallerAsync(http, sample.EmulatorAddress, caller).ConfigureAwait(false);

            // Softphone path: dial → the sample's .NET CallComing handler.
            double sent = NowMs();
            string job = await DialAsync(http, sample.EmulatorAddress, caller, "agent1").ConfigureAwait(false);
            double handled = await WaitForScreenPopAsync(crm, job).ConfigureAwait(false);
            if (measured)
            {
                softphone.Add(handled - sent);
            }

            // Baseline path: dial → the gateway's callComing at a bare WebSocket client.
            sent = NowMs();
            job = await DialAsync(http, sample.EmulatorAddress, caller, "agent2").ConfigureAwait(false);
            double arrived = await gateway.WaitForCallComingAsync(job).ConfigureAwait(false);
            if (measured)
            {
                baseline.Add(arrived - sent);
            }

            // Both callers hang up 700 ms after IVR entry; wait until both agents are READY again.
            await WaitForSoftphoneReadyAsync(page).ConfigureAwait(false);
            await gateway.WaitForReadyAsync().ConfigureAwait(false);
            if ((i + 1) % 10 == 0)
            {
                await log.WriteLineAsync($"{i + 1}/{total} calls per path").ConfigureAwait(false);
            }
        }

        return new SoftphoneLatencyResult(options, softphone, baseline);
    }

    private static double NowMs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    private static Task WaitForSoftphoneReadyAsync(IPage page) =>
        page.Locator("#softphone[data-status='3']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

    private static async Task SetCallerAsync(HttpClient http, Uri emulator, string caller)
    {
        using var response = await http.PutAsJsonAsync(new Uri(emulator, "/_emulator/phones/" + caller), new { behavior = "answer", answerAfterMs = 0, hangUpAfterMs = CallerHangUpMs }).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> DialAsync(HttpClient http, Uri emulator, string caller, string userName)
    {
        using var response = await http.PostAsJsonAsync(new Uri(emulator, "/_emulator/calls/inbound"), new { from = caller, to = InboundNumber, userName }).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return body.RootElement.GetProperty("contactId").GetString()!;
    }

    /// <summary>
    /// Signs the softphone agent in through the CRM's form. It waits for the form post's own answer (a redirect; any
    /// other answer fails at once), then polls for <c>/customers</c> showing the agent signed in. It never calls
    /// <c>WaitForURLAsync</c>: Playwright for .NET checks the URL and then subscribes to the load-state event, and when
    /// the page loads in between, the event is lost and the call times out (microsoft/playwright-dotnet issue 3364) —
    /// what made one run in two time out after "Sign in".
    /// </summary>
    private static async Task SignInAsync(IPage page, Uri sample)
    {
        await page.GotoAsync(new Uri(sample, "/sign-in?returnUrl=%2Fcustomers").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded }).ConfigureAwait(false);
        await page.SelectOptionAsync("#sign-in-agent", SoftphoneAgent).ConfigureAwait(false);
        var posted = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#sign-in button[type=submit]"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/account/sign-in", StringComparison.Ordinal)).ConfigureAwait(false);
        if (posted.Status != (int)HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {SoftphoneAgent} answered {posted.Status}: {await posted.TextAsync().ConfigureAwait(false)}");
        }

        await Assertions.Expect(page).ToHaveURLAsync(CustomersUrl(), new PageAssertionsToHaveURLOptions { Timeout = 30_000 }).ConfigureAwait(false);
        await page.Locator("#sign-out").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 }).ConfigureAwait(false);
    }

    private static async Task<double> WaitForScreenPopAsync(HttpClient crm, string jobId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            using var pops = JsonDocument.Parse(await crm.GetStringAsync(new Uri("/api/screen-pops", UriKind.Relative)).ConfigureAwait(false));
            foreach (var pop in pops.RootElement.EnumerateArray())
            {
                if (pop.GetProperty("jobId").GetString() == jobId)
                {
                    return pop.GetProperty("handledAtUnixMs").GetDouble();
                }
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        throw new TimeoutException($"The CRM's CallComing handler did not run for call {jobId} within {Patience.TotalSeconds} s.");
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

                    double at = NowMs();
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

    /// <summary>The sample CRM as its own process on free loopback ports (the built output of this configuration).</summary>
    private sealed class SampleCrm : IAsyncDisposable
    {
        private const string Project = "Ccc.Sdk.Samples.Crm";
        private readonly ChildProcess _process;
        private readonly string _dataDirectory;

        private SampleCrm(ChildProcess process, Uri address, Uri emulatorAddress, string dataDirectory)
        {
            _process = process;
            _dataDirectory = dataDirectory;
            Address = address;
            EmulatorAddress = emulatorAddress;
        }

        public Uri Address { get; }

        public Uri EmulatorAddress { get; }

        public static async Task<SampleCrm> StartAsync(string scriptPath, TextWriter log)
        {
            string dll = Repository.BuiltDll(Project);
            var address = FreePort.NextHttpAddress();
            var emulatorAddress = FreePort.NextHttpAddress();
            string dataDirectory = Directory.CreateTempSubdirectory("ccc-latency-crm-").FullName; // its webhook inbox and call history
            var process = ChildProcess.StartDotnet(
                dll,
                ["--urls", address.ToString()],
                new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["Logging__LogLevel__Default"] = "Warning",
                    ["Crm__EmulatorUrls"] = emulatorAddress.ToString(),
                    ["Crm__DataDirectory"] = dataDirectory,
                    // The emulator's 2.x or 3.x script, so the bridge's 2.x or 3.x adapter (told by the address).
                    ["Crm__Softphone__ScriptUrl"] = new Uri(emulatorAddress, scriptPath).ToString(),
                },
                workingDirectory: Path.Combine(Repository.Root, Project));
            var sample = new SampleCrm(process, address, emulatorAddress, dataDirectory);
            try
            {
                await process.WaitForHttpAsync(address, "/not-found", TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            }
            catch
            {
                await sample.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await log.WriteLineAsync($"Sample CRM ({Repository.Configuration}) at {address}, emulator at {emulatorAddress}, softphone script {scriptPath}").ConfigureAwait(false);
            return sample;
        }

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp directory's clean-up.
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("/customers$")]
    private static partial System.Text.RegularExpressions.Regex CustomersUrl();
}
