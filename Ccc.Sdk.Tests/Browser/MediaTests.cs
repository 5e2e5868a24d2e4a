using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// Real audio between an agent page (workbenchMedia.js over the agent gateway) and the simulated customer phone page,
/// signalled through the emulator's relay, in headless Chromium with a fake microphone, loopback only.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MediaTests(ChromiumFixture chromium)
{
    private const string Agent1 = "agent1@ccc-local";
    private const string Sales = "sales@ccc-local";
    private const string ShanghaiLine = "02150000001";
    private const string Customer = "13800000001";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private const string InboundAudioBytes = """
        async pc => {
          if (!pc) { return 0; }
          const stats = await pc.getStats();
          let bytes = 0;
          stats.forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'audio') { bytes += r.bytesReceived || 0; } });
          return bytes;
        }
        """;

    [Fact]
    public async Task An_inbound_call_from_the_phone_page_answered_by_the_agent_carries_audio_both_ways_and_hang_up_stops_it()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        using var client = new CccClient(
            new AccessKeyCredential(emulator.AccessKeyId, emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = emulator.Endpoint, InstanceId = emulator.InstanceId });
        await client.SignInGroupAsync(new SignInGroupRequest { UserId = Agent1, DeviceId = "dev-agent1", SignedSkillGroupIdList = [Sales] });
        await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent1 });
        var login = (await client.GetLoginDetailsAsync(new GetLoginDetailsRequest { UserId = Agent1 })).Value;

        await using var context = await chromium.NewContextAsync();
        var phone = await context.NewPageAsync();
        var response = await phone.GotoAsync(new Uri(emulator.Endpoint, $"/_emulator/phone?number={Customer}").ToString());
        Assert.Equal(200, response!.Status);
        await phone.WaitForFunctionAsync("() => window.CccPhone && window.CccPhone.state === 'idle'", null, new PageWaitForFunctionOptions { Timeout = (float)Timeout.TotalMilliseconds });
        var agent = await OpenAgentPageAsync(context, emulator.Endpoint, login.AgentServerUrl!, Agent1, login.Signature!);

        await phone.FillAsync("#dial", ShanghaiLine);
        await phone.ClickAsync("#call");
        var jobId = await agent.WaitForFunctionAsync(
            "() => (window.__messages.find(m => m.type === 'callComing') || {}).jobId",
            null,
            new PageWaitForFunctionOptions { Timeout = (float)Timeout.TotalMilliseconds });
        var contactId = await jobId.JsonValueAsync<string>();
        await client.AnswerCallAsync(new AnswerCallRequest { UserId = Agent1, JobId = contactId });

        // The acceptance criterion: audio RTP arrives on both sides.
        var deadline = DateTime.UtcNow + Timeout;
        long agentBytes = 0, phoneBytes = 0;
        while (DateTime.UtcNow < deadline && (agentBytes == 0 || phoneBytes == 0))
        {
            await Task.Delay(250);
            agentBytes = await agent.EvaluateAsync<long>($"({InboundAudioBytes})(window.CccWorkbenchMedia.current)");
            phoneBytes = await phone.EvaluateAsync<long>($"({InboundAudioBytes})(window.CccPhone.peerConnection)");
        }

        var diagnostics = await agent.EvaluateAsync<string>("() => JSON.stringify({ errors: window.__errors, types: window.__messages.map(m => m.type) })")
            + " phone: " + await phone.EvaluateAsync<string>("() => document.getElementById('error').textContent + ' / ' + window.CccPhone.state");
        Assert.True(agentBytes > 0, "agent received no audio; " + diagnostics);
        Assert.True(phoneBytes > 0, "phone received no audio; " + diagnostics);
        Assert.Equal("talking", await phone.EvaluateAsync<string>("() => window.CccPhone.state"));

        // Hang up on the phone: mediaStop reaches both, both peer connections are closed.
        await agent.EvaluateAsync("() => { window.__pc = window.CccWorkbenchMedia.current; }");
        await phone.EvaluateAsync("() => { window.__pc = window.CccPhone.peerConnection; }");
        await phone.ClickAsync("#hangup");
        var waitOptions = new PageWaitForFunctionOptions { Timeout = (float)Timeout.TotalMilliseconds };
        await agent.WaitForFunctionAsync("() => window.__messages.some(m => m.type === 'mediaStop') && window.CccWorkbenchMedia.current === null", null, waitOptions);
        await phone.WaitForFunctionAsync("() => window.CccPhone.peerConnection === null && window.CccPhone.state === 'idle'", null, waitOptions);
        Assert.Equal("closed", await agent.EvaluateAsync<string>("() => window.__pc.signalingState"));
        Assert.Equal("closed", await phone.EvaluateAsync<string>("() => window.__pc.signalingState"));

        var record = (await client.GetCallDetailRecordAsync(contactId)).Value;
        Assert.Equal("customer", record.ReleaseInitiator);
    }

    [Fact]
    public async Task The_phone_page_refuses_a_bad_number_and_serves_its_script()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        using var http = new HttpClient { BaseAddress = emulator.Endpoint };
        using var missing = await http.GetAsync("/_emulator/phone");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missing.StatusCode);
        using var bad = await http.GetAsync("/_emulator/phone?number=abc");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        using var page = await http.GetAsync($"/_emulator/phone?number={Customer}");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("/_emulator/phone.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await http.GetAsync("/_emulator/phone.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("window.CccPhone", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A minimal agent page on the emulator's origin (a secure context: loopback): workbenchMedia.js and an agent
    /// gateway socket whose media messages go to <c>CccWorkbenchMedia.handle</c>. Every message lands in <c>__messages</c>.
    /// </summary>
    private static async Task<IPage> OpenAgentPageAsync(IBrowserContext context, Uri emulator, string gatewayUrl, string userId, string signature)
    {
        var page = await context.NewPageAsync();
        // Any page of the emulator's origin will do (a Playwright route would also intercept the WebSocket handshake).
        await page.GotoAsync(new Uri(emulator, "/_emulator/phones/19900000000").ToString());
        await page.SetContentAsync("<!DOCTYPE html><html><body><p>agent</p></body></html>");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = ReadAsset("workbenchMedia.js") });
        await page.EvaluateAsync("""
            ([url, userId, signature]) => new Promise((resolve, reject) => {
              window.__messages = [];
              window.__errors = [];
              window.CccWorkbenchMedia.onError = e => window.__errors.push(String(e));
              const ws = new WebSocket(url);
              ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', userId, signature }));
              ws.onclose = e => reject(new Error('agent gateway closed: ' + e.code + ' ' + e.reason + ' ' + JSON.stringify(window.__messages)));
              ws.onmessage = event => {
                const message = JSON.parse(event.data);
                window.__messages.push(message);
                if (message.type === 'welcome') { resolve(); }
                if (['mediaStart', 'rtc', 'mediaStop'].includes(message.type)) {
                  window.CccWorkbenchMedia.handle(message, m => ws.send(JSON.stringify(m)));
                }
              };
            })
            """, new[] { gatewayUrl, userId, signature });
        return page;
    }

    private static string ReadAsset(string file)
    {
        using var stream = typeof(CccEmulator).Assembly.GetManifestResourceStream("Ccc.Sdk.Emulator.Workbench.Assets." + file)
            ?? throw new InvalidOperationException("missing asset " + file);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
