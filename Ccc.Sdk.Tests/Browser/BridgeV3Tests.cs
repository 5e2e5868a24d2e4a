using System.Text.Json;
using Ccc.Sdk.Emulator;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The bridge on the emulator's 3.x surface (<c>/workbench/v3/core.min.js</c> and <c>ui.min.js</c>), end to end in
/// Chromium through the host's real workbench proxy. Only what public sources confirm about the cloud's 3.x is asserted
/// (docs/decisions/0019-workbench-3x-adapter.md): the scripts' names, <c>new window.CCCWorkbenchSDK(config)</c> with
/// <c>dom</c>, <c>instanceId</c>, <c>ajaxOrigin</c> and <c>ajaxPath</c>, and the SDK's API calls going to
/// <c>ajaxOrigin</c> + <c>ajaxPath</c>. The callbacks, methods and status codes the adapter assumes are the fake-SDK
/// tests' business (SoftphoneAdapterTests).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BridgeV3Tests(ChromiumFixture chromium) : IAsyncLifetime
{
    private const string Agent = "agent1@ccc-local";

    // Records the config each CCCWorkbenchSDK is constructed with, and whether the object the bridge keeps is one.
    private const string RecordConstructor = """
        () => {
          window.__v3 = [];
          let current;
          Object.defineProperty(window, 'CCCWorkbenchSDK', {
            configurable: true,
            get() { return current; },
            set(value) {
              current = typeof value !== 'function' ? value : class extends value {
                constructor(config) {
                  super(config);
                  const copy = {};
                  for (const [k, v] of Object.entries(config || {})) copy[k] = typeof v === 'function' ? 'function' : v;
                  window.__v3.push(copy);
                }
              };
            },
          });
        }
        """;

    private CccEmulator _emulator = null!;
    private WorkbenchTestHost _host = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync(new CccEmulatorOptions());
        _host = await WorkbenchTestHost.StartAsync(_emulator, new WorkbenchTestHostOptions { ConfigureApp = BridgeTestPage.Map });
        _context = await chromium.NewContextAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _host.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Theory]
    [InlineData("/workbench/v3/core.min.js")]
    [InlineData("/workbench/v3/ui.min.js")]
    public async Task The_bridge_constructs_the_3x_SDK_with_the_confirmed_config_and_its_api_calls_go_to_ajaxOrigin_and_ajaxPath(string path)
    {
        await using var page = await BridgeTestPage.OpenAsync(_host, _context, Agent);
        await page.Page.EvaluateAsync(RecordConstructor);
        var script = new Uri(_emulator.Endpoint, path).ToString();
        Assert.True(await page.StartAsync(o =>
        {
            o["scriptUrl"] = script;
            o["regionId"] = null; // not confirmed for 3.x: the bridge must not need it
        }));

        // The address chose the 3.x adapter, which constructed window.CCCWorkbenchSDK, not window.WorkbenchSdk.
        Assert.Equal("3.x", await page.Page.EvaluateAsync<string>("() => window.__handle.generation()"));
        Assert.True(await page.Page.EvaluateAsync<bool>("() => typeof window.WorkbenchSdk === 'undefined'"));
        var configs = JsonDocument.Parse(await page.Page.EvaluateAsync<string>("() => JSON.stringify(window.__v3)")).RootElement;
        var config = Assert.Single(configs.EnumerateArray());
        Assert.Equal(BridgeTestPage.Dom, config.GetProperty("dom").GetString());
        Assert.Equal(_emulator.InstanceId, config.GetProperty("instanceId").GetString());
        Assert.Equal(_host.Origin.ToString().TrimEnd('/'), config.GetProperty("ajaxOrigin").GetString());
        Assert.Equal(WorkbenchTestHost.ProxyPath, config.GetProperty("ajaxPath").GetString());
        Assert.False(config.TryGetProperty("regionId", out _));

        // The SDK's API calls (here the ones signing in) reach the CRM's back end at ajaxOrigin + ajaxPath, and only there.
        int before = _host.Requests.Count;
        await page.InvokeAsync("register", Array.Empty<object>(), "default");
        await Poll.UntilAsync(() => _host.Requests.Skip(before).Any(r => r.Action == "ReadyForService" && r.ResponseStatus == 200), TimeSpan.FromSeconds(20));
        var sent = _host.Requests.Skip(before).ToList();
        Assert.Contains(sent, r => r.Action == "GetLoginDetails");
        Assert.All(sent, r => Assert.Equal(WorkbenchTestHost.ProxyPath, r.Path));
        Assert.All(sent, r => Assert.Equal(_host.Origin.ToString().TrimEnd('/'), r.Origin));
    }
}
