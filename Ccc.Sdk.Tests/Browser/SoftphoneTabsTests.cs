using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// <c>softphone.js</c> in Chromium with a fake Workbench SDK: one tab of a browser owns the SDK, the others relay to it;
/// the owner's callbacks reach every tab; a follower takes over (and registers again) when the owner closes; a second
/// <c>create()</c> in one page rebinds instead of constructing another SDK; a reload registers again. The module's two
/// interfaces to .NET: every callback it reports binds to a <c>[JSInvokable]</c> method of the internal receiver
/// <c>SoftphoneCallbacks</c>, and every
/// command <c>Softphone</c> sends runs on the SDK.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SoftphoneTabsTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private const float Timeout = 10_000;
    private const string Register = "window.__sdkCalls.some(c => c.m === 'register')";
    private const string Constructed = "window.__sdkCalls.filter(c => c.m === 'constructor').length";

    private WebApplication? _app;
    private string _origin = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        // The bridge's modules, side by side as under _content/Ccc.Sdk.Softphone/ (softphone.js imports the other two).
        foreach (var module in new[] { "softphone.js", "generations.js", "tabs.js" })
        {
            var script = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "Ccc.Sdk.Softphone", "wwwroot", module));
            _app.MapGet("/" + module, () => Results.Text(script, "text/javascript"));
        }
        _app.MapGet("/fake-sdk.js", () => Results.Text(FakeSdk, "text/javascript"));
        _app.MapGet("/page.html", () => Results.Text(Page, "text/html"));
        await _app.StartAsync();
        _origin = _app.Urls.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Only_one_tab_constructs_the_SDK_and_a_command_from_another_tab_runs_on_it()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OpenAsync(context);
        var follower = await OpenAsync(context);

        Assert.True(await StartAsync(owner));
        Assert.False(await StartAsync(follower));
        await follower.EvaluateAsync("() => window.__handle.ready()");
        await follower.EvaluateAsync("() => window.__handle.sendDtmf('12#')");

        await WaitAsync(owner, "window.__sdkCalls.some(c => c.m === 'sendDtmf')");
        Assert.Equal(1, await owner.EvaluateAsync<int>(Constructed));
        Assert.Equal(0, await follower.EvaluateAsync<int>("window.__sdkCalls.length"));
        Assert.Equal(["constructor", "ready", "sendDtmf"], await owner.EvaluateAsync<string[]>("window.__sdkCalls.map(c => c.m)"));
        Assert.Equal("[\"12#\"]", await owner.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls[2].a)"));
        Assert.Equal("[true]", await owner.EvaluateAsync<string>(Args("OnRoleChanged")));
        Assert.Equal("[false]", await follower.EvaluateAsync<string>(Args("OnRoleChanged")));
    }

    [Fact]
    public async Task A_callback_in_the_owner_reaches_every_tab_and_a_follower_reads_the_broadcast_status()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OpenAsync(context);
        var follower = await OpenAsync(context);
        await StartAsync(owner);
        await StartAsync(follower);

        await owner.EvaluateAsync("() => window.__fire('onCallComing', { caller: '13800000001', callee: '057188880000', jobId: 'job-1', callContext: { channelContexts: [] } })");
        await owner.EvaluateAsync("() => window.__fire('onStatusChange', { code: 7, lastCode: 3 })");

        foreach (var page in new[] { owner, follower })
        {
            await WaitAsync(page, "window.__dotnet.some(c => c.m === 'OnStatusChange')");
            using var detail = JsonDocument.Parse(await page.EvaluateAsync<string>(Args("OnCallComing")));
            Assert.Equal("13800000001", detail.RootElement[0].GetProperty("caller").GetString());
            Assert.Equal("job-1", detail.RootElement[0].GetProperty("jobId").GetString());
        }
        Assert.Equal(7, await follower.EvaluateAsync<int>("window.__handle.getStatusCode()"));
        Assert.Equal(7, await owner.EvaluateAsync<int>("window.__handle.getStatusCode()"));
        Assert.Equal(1, await follower.EvaluateAsync<int>("window.__dotnet.filter(c => c.m === 'OnCallComing').length"));
    }

    [Fact]
    public async Task The_tab_whose_command_started_the_call_decides_before_dialing()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OpenAsync(context);
        var follower = await OpenAsync(context);
        await StartAsync(owner);
        await StartAsync(follower);
        await owner.EvaluateAsync("() => { window.__decision = { allow: false, callee: null }; }");
        await follower.EvaluateAsync("() => { window.__decision = { allow: true, callee: '913800000001' }; }");

        await follower.EvaluateAsync("() => window.__handle.call('13800000001', 'auto')");

        await WaitAsync(owner, "window.__sdkCalls.some(c => c.m === 'dialed')");
        Assert.Equal("[\"913800000001\"]", await owner.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls.find(c => c.m === 'dialed').a)"));
        Assert.Equal("[{\"callee\":\"13800000001\",\"userId\":\"agent1@ccc-test\"}]", await follower.EvaluateAsync<string>(Args("OnBeforeCallDialing")));
        Assert.Equal(0, await owner.EvaluateAsync<int>("window.__dotnet.filter(c => c.m === 'OnBeforeCallDialing').length"));

        // The owner's own call is the owner's to decide: refused here.
        await owner.EvaluateAsync("() => window.__handle.call('13800000002', 'auto')");
        await WaitAsync(owner, "window.__dotnet.some(c => c.m === 'OnBeforeCallDialing')");
        await Task.Delay(300);
        Assert.Equal(1, await owner.EvaluateAsync<int>("window.__sdkCalls.filter(c => c.m === 'dialed').length"));
        Assert.Equal(1, await follower.EvaluateAsync<int>("window.__dotnet.filter(c => c.m === 'OnBeforeCallDialing').length"));
    }

    [Fact]
    public async Task When_the_tab_that_dialed_closes_before_deciding_the_owner_decides()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OpenAsync(context);
        var follower = await OpenAsync(context);
        await StartAsync(owner);
        await StartAsync(follower);
        await owner.EvaluateAsync("() => { window.__decision = { allow: true, callee: '8013800000001' }; }");
        await follower.EvaluateAsync("() => { window.__decision = new Promise(() => {}); }"); // never answers

        await follower.EvaluateAsync("() => window.__handle.call('13800000001', 'auto')");
        await WaitAsync(follower, "window.__dotnet.some(c => c.m === 'OnBeforeCallDialing')");
        Assert.Equal(0, await owner.EvaluateAsync<int>("window.__sdkCalls.filter(c => c.m === 'dialed').length"));
        await follower.CloseAsync();

        await WaitAsync(owner, "window.__sdkCalls.some(c => c.m === 'dialed')");
        Assert.Equal("[\"8013800000001\"]", await owner.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls.find(c => c.m === 'dialed').a)"));
    }

    [Fact]
    public async Task Closing_the_owner_makes_a_follower_construct_the_SDK_and_register_again_with_the_last_arguments()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OpenAsync(context);
        var follower = await OpenAsync(context);
        await StartAsync(owner);
        await StartAsync(follower);
        await follower.EvaluateAsync("() => window.__handle.register([{ skillGroupId: 'sg-1', skillGroupName: 'Sales', skillLevel: 5 }], 'cn-hangzhou')");
        await WaitAsync(owner, Register);
        var registered = await owner.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls.find(c => c.m === 'register').a)");

        await owner.CloseAsync();

        await WaitAsync(follower, Register);
        Assert.Equal(1, await follower.EvaluateAsync<int>(Constructed));
        Assert.Equal(registered, await follower.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls.find(c => c.m === 'register').a)"));
        Assert.Equal("[\"constructor\",\"register\"]", await follower.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls.map(c => c.m))"));
        Assert.Equal("[[false],[true]]", await follower.EvaluateAsync<string>("JSON.stringify(window.__dotnet.filter(c => c.m === 'OnRoleChanged').map(c => c.a))"));
        Assert.True(await follower.EvaluateAsync<bool>("window.__handle.isOwner()"));
        Assert.True(await follower.EvaluateAsync<bool>("window.__dotnet.some(c => c.m === 'OnInit')"));
    }

    [Fact]
    public async Task Disposing_the_owner_hands_the_SDK_to_a_follower_and_its_handle_refuses_commands()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OpenAsync(context);
        var follower = await OpenAsync(context);
        await StartAsync(owner);
        await StartAsync(follower);

        await owner.EvaluateAsync("() => window.__handle.dispose()");

        await WaitAsync(follower, "window.__handle.isOwner()");
        Assert.Equal(1, await follower.EvaluateAsync<int>(Constructed));
        // An SDK with a teardown (the emulator's destroy()) is torn down, so it does not stay registered beside the new owner's.
        Assert.True(await owner.EvaluateAsync<bool>("window.__sdkCalls.some(c => c.m === 'destroy')"));
        var error = await owner.EvaluateAsync<string>("() => { try { window.__handle.ready(); return 'ran'; } catch (e) { return e.message; } }");
        Assert.Contains("disposed", error, StringComparison.Ordinal);
        await follower.EvaluateAsync("() => window.__fire('onReady')");
        await Task.Delay(300);
        Assert.False(await owner.EvaluateAsync<bool>("window.__dotnet.some(c => c.m === 'OnReady')"));
        Assert.True(await follower.EvaluateAsync<bool>("window.__dotnet.some(c => c.m === 'OnReady')"));
    }

    [Fact]
    public async Task A_follower_that_takes_over_after_a_log_out_does_not_register()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OpenAsync(context);
        var follower = await OpenAsync(context);
        await StartAsync(owner);
        await StartAsync(follower);
        await owner.EvaluateAsync("() => window.__handle.register([{ skillGroupId: 'sg-1', skillGroupName: 'Sales', skillLevel: 5 }], 'default')");
        await follower.EvaluateAsync("() => window.__handle.logOut()");
        await WaitAsync(owner, "window.__sdkCalls.some(c => c.m === 'logOut')");

        await owner.CloseAsync();

        await WaitAsync(follower, "window.__dotnet.some(c => c.m === 'OnInit')");
        await Task.Delay(300);
        Assert.Equal("[\"constructor\"]", await follower.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls.map(c => c.m))"));
    }

    [Fact]
    public async Task After_a_reload_the_owner_registers_again_with_the_last_arguments()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        await StartAsync(page);
        await page.EvaluateAsync("() => window.__handle.register([{ skillGroupId: 'sg-2', skillGroupName: 'Support', skillLevel: 1 }], 'default')");

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.__start !== undefined");
        Assert.True(await StartAsync(page));

        await WaitAsync(page, Register);
        Assert.Equal("[[{\"skillGroupId\":\"sg-2\",\"skillGroupName\":\"Support\",\"skillLevel\":1}],\"default\"]",
            await page.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls.find(c => c.m === 'register').a)"));
    }

    [Fact]
    public async Task A_second_create_in_the_same_page_rebinds_the_SDK_to_the_new_dotnet_object_and_keeps_the_lock()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        Assert.True(await StartAsync(page, "first"));
        await page.EvaluateAsync("() => window.__fire('onStatusChange', { code: 3, lastCode: -1 })");

        Assert.True(await StartAsync(page, "second"));
        await page.EvaluateAsync("() => window.__fire('onCallComing', { caller: '13800000001' })");
        await page.EvaluateAsync("() => window.__handle.answer()");

        Assert.Equal(1, await page.EvaluateAsync<int>(Constructed));
        Assert.Equal(["OnRoleChanged", "OnStatusChange", "OnCallComing"],
            await page.EvaluateAsync<string[]>("window.__dotnet.filter(c => c.ref === 'second' && c.m !== 'OnInit').map(c => c.m)"));
        Assert.False(await page.EvaluateAsync<bool>("window.__dotnet.some(c => c.ref === 'first' && c.m === 'OnCallComing')"));
        Assert.True(await page.EvaluateAsync<bool>("window.__sdkCalls.some(c => c.m === 'answer')"));

        var other = await OpenAsync(context);
        Assert.False(await StartAsync(other));
        Assert.Equal(0, await other.EvaluateAsync<int>("window.__sdkCalls.length"));
    }

    [Fact]
    public async Task A_new_dotnet_object_or_a_tab_that_joins_during_a_call_gets_the_call_in_progress()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        Assert.True(await StartAsync(page, "first"));
        await page.EvaluateAsync("() => window.__fire('onCallComing', { caller: '13800000001', jobId: 'job-7' })");
        await page.EvaluateAsync("() => window.__fire('onCallEstablish', { callContext: { JobId: 'job-7' } })");
        await page.EvaluateAsync("() => window.__fire('onStatusChange', { code: 9, lastCode: 6 })");

        // A new circuit in the same page (the old one dropped while the call went on): the call is replayed to it.
        Assert.True(await StartAsync(page, "second"));
        await WaitAsync(page, "window.__dotnet.some(c => c.ref === 'second' && c.m === 'OnCallEstablish')");
        Assert.Equal(["OnRoleChanged", "OnStatusChange", "OnCallComing", "OnCallEstablish"],
            await page.EvaluateAsync<string[]>("window.__dotnet.filter(c => c.ref === 'second' && c.m !== 'OnInit').map(c => c.m)"));

        // A tab opened during the call starts from it too; after the release nothing is replayed.
        var joining = await OpenAsync(context);
        Assert.False(await StartAsync(joining));
        await WaitAsync(joining, "window.__dotnet.some(c => c.m === 'OnCallEstablish')");
        using (var detail = JsonDocument.Parse(await joining.EvaluateAsync<string>(Args("OnCallComing"))))
        {
            Assert.Equal("job-7", detail.RootElement[0].GetProperty("jobId").GetString());
        }

        await page.EvaluateAsync("() => window.__fire('onCallRelease', { callContext: { JobId: 'job-7' } })");
        await WaitAsync(joining, "window.__dotnet.some(c => c.m === 'OnCallRelease')");
        Assert.True(await StartAsync(page, "third"));
        await WaitAsync(page, "window.__dotnet.some(c => c.ref === 'third' && c.m === 'OnStatusChange')");
        Assert.False(await page.EvaluateAsync<bool>("window.__dotnet.some(c => c.ref === 'third' && c.m === 'OnCallComing')"));
    }

    [Fact]
    public async Task Without_Web_Locks_every_tab_owns_an_SDK()
    {
        await using var context = await chromium.NewContextAsync();
        var first = await OpenAsync(context, "?nolocks");
        var second = await OpenAsync(context, "?nolocks");

        Assert.True(await StartAsync(first));
        Assert.True(await StartAsync(second));

        Assert.Equal(1, await first.EvaluateAsync<int>(Constructed));
        Assert.Equal(1, await second.EvaluateAsync<int>(Constructed));
    }

    [Fact]
    public async Task The_SDK_gets_the_ajax_headers_credentials_and_other_params()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        await page.EvaluateAsync("() => { window.__extraOptions = { ajaxHeaders: { RequestVerificationToken: 'tok' }, withCredentials: true, ajaxOtherParams: { tenant: 't1' }, ajaxOrigin: null }; }");
        await StartAsync(page);

        using var config = JsonDocument.Parse(await page.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls[0].a[0])"));
        Assert.Equal("tok", config.RootElement.GetProperty("ajaxHeaders").GetProperty("RequestVerificationToken").GetString());
        Assert.True(config.RootElement.GetProperty("withCredentials").GetBoolean());
        Assert.Equal("t1", config.RootElement.GetProperty("ajaxOtherParams").GetProperty("tenant").GetString());
        Assert.False(config.RootElement.TryGetProperty("ajaxOrigin", out _));
    }

    /// <summary>The callbacks the Workbench SDK documents, by the name the module reports them to .NET under.</summary>
    private static readonly string[] DocumentedCallbacks =
    [
        "OnInit", "OnRegister", "OnLogIn", "OnReady", "OnBreak", "OnCallComing", "OnBeforeCallDialing", "OnCallDialing",
        "OnCallEstablish", "OnCallRelease", "OnHangUp", "OnBeforeCallHangup", "OnStatusChange", "OnErrorNotify",
    ];

    [Fact]
    public async Task Every_callback_the_module_reports_reaches_a_JSInvokable_method_that_accepts_its_arguments()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        await StartAsync(page);
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'OnInit')");

        // Every function of the config the module gave the SDK, called as the SDK would (one payload fits them all).
        int fired = await page.EvaluateAsync<int>("""
            () => {
              const sdk = window.__sdks[0];
              const payload = { caller: '13800000001', callee: '057188880000', callType: 'INBOUND', jobId: 'job-1', channelId: 'ch-1',
                userId: 'agent1@ccc-test', callContext: { channelContexts: [] }, code: 7, lastCode: 3, type: 'normal',
                errorCode: 'E1', errorMsg: 'broken', requestId: 'r-1', callback: () => {} };
              const names = Object.keys(sdk.config).filter(k => typeof sdk.config[k] === 'function' && k !== 'onInit');
              for (const name of names) sdk.config[name](payload);
              return names.length;
            }
            """);
        await WaitAsync(page, string.Join(" && ", DocumentedCallbacks.Select(m => $"window.__dotnet.some(c => c.m === '{m}')")));
        await Task.Delay(200); // anything reported late

        var invokable = typeof(Ccc.Sdk.Softphone.SoftphoneCallbacks).GetMethods()
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<Microsoft.JSInterop.JSInvokableAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToDictionary(m => m.Attribute!.Identifier ?? m.Method.Name, m => m.Method);
        using var calls = JsonDocument.Parse(await page.EvaluateAsync<string>("JSON.stringify(window.__dotnet)"));
        var reported = new HashSet<string>();
        foreach (var call in calls.RootElement.EnumerateArray())
        {
            string name = call.GetProperty("m").GetString()!;
            reported.Add(name);
            Assert.True(invokable.TryGetValue(name, out var method), $"The module reports {name}, which no [JSInvokable] method of SoftphoneCallbacks receives.");
            var parameters = method.GetParameters();
            var args = call.GetProperty("a").EnumerateArray().ToArray();
            Assert.True(parameters.Length == args.Length, $"{name}: the module sends {args.Length} argument(s), {method.Name} takes {parameters.Length}.");
            for (int i = 0; i < args.Length; i++)
            {
                // As Blazor's JS interop would bind it (System.Text.Json, web defaults).
                var ex = Record.Exception(() => args[i].Deserialize(parameters[i].ParameterType, JsonSerializerOptions.Web));
                Assert.True(ex is null, $"{name}: argument {i} ({args[i]}) does not bind to {parameters[i].ParameterType.Name}: {ex?.Message}");
            }
        }

        Assert.True(fired >= DocumentedCallbacks.Length - 1, $"The module gave the SDK only {fired} callbacks besides onInit.");
        Assert.Empty(DocumentedCallbacks.Except(reported));
        Assert.Contains("OnRoleChanged", reported); // this tab owns the SDK: told so through its own callback
        Assert.Equal("[true]", await page.EvaluateAsync<string>(Args("OnRoleChanged")));
    }

    [Fact]
    public async Task Every_command_the_NET_side_sends_is_a_method_of_the_handle_that_runs_on_the_SDK()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        await StartAsync(page);
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'OnInit')");

        // Each command as Softphone.cs invokes it on the handle (name and arguments), and what the SDK must receive.
        (string Method, string ArgsJson)[] commands =
        [
            ("register", """[["skill-1@ccc-test"],"default"]"""), ("logIn", """[["skill-1@ccc-test"]]"""), ("logOut", "[]"), ("ready", "[]"),
            ("applyForBreak", """["lunch"]"""), ("call", """["13800000001","auto"]"""), ("answer", "[]"), ("hangUp", "[]"),
            ("callHold", "[]"), ("callRetrieve", "[]"), ("sendDtmf", """["12#"]"""), ("thirdCallTransfer", """["agent2@ccc-test","auto"]"""),
            ("initiateAttendedTransfer", """["agent2@ccc-test","auto"]"""), ("thirdCallRetrieve", "[]"), ("thirdCallTransferFinished", "[]"),
            ("muteAgent", "[]"), ("umMuteAgent", "[]"), ("changeVisible", "[true]"),
        ];
        foreach (var (method, args) in commands)
        {
            await page.EvaluateAsync("([m, a]) => { window.__sdkCalls.length = 0; window.__handle[m](...JSON.parse(a)); }", new[] { method, args });
            await WaitAsync(page, "window.__sdkCalls.length > 0");
            Assert.Equal(method, await page.EvaluateAsync<string>("window.__sdkCalls[0].m"));
            Assert.Equal(args, await page.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls[0].a)"));
        }

        Assert.Equal(-1, await page.EvaluateAsync<int>("window.__handle.getStatusCode()"));
        await page.EvaluateAsync("() => window.__fire('onStatusChange', { code: 7, lastCode: 3 })");
        Assert.Equal(7, await page.EvaluateAsync<int>("window.__handle.getStatusCode()"));

        await page.EvaluateAsync("() => { window.__sdkCalls.length = 0; window.__handle.dispose(); }");
        await WaitAsync(page, "window.__sdkCalls.some(c => c.m === 'destroy')");
    }

    private static string Args(string method) => $"JSON.stringify(window.__dotnet.find(c => c.m === '{method}').a)";

    private async Task<IPage> OpenAsync(IBrowserContext context, string query = "")
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_origin}/page.html{query}");
        await page.WaitForFunctionAsync("() => window.__start !== undefined", null, new PageWaitForFunctionOptions { Timeout = Timeout });
        return page;
    }

    private static Task<bool> StartAsync(IPage page, string reference = "first") =>
        page.EvaluateAsync<bool>("name => window.__start(name)", reference);

    private static Task WaitAsync(IPage page, string condition) =>
        page.WaitForFunctionAsync($"() => {condition}", null, new PageWaitForFunctionOptions { Timeout = Timeout });

    // A test-only stand-in for the Workbench SDK: a constructor recording its config and every method call into
    // window.__sdkCalls/__sdks, and __fire/__fireArgs to raise its callbacks. FakeSdk is the 2.x surface (WorkbenchSdk,
    // umMuteAgent) and starts the records afresh; FakeSdkV3 the 3.x one (CCCWorkbenchSDK, unmuteAgent, setKeyboardValue,
    // no umMuteAgent) and keeps them (a page may load both).
    private static readonly string FakeSdk = FakeSdkOf("WorkbenchSdk", "umMuteAgent", [], reset: true);

    private static readonly string FakeSdkV3 = FakeSdkOf("CCCWorkbenchSDK", "unmuteAgent", ["setKeyboardValue"], reset: false);

    private static string FakeSdkOf(string global, string unmute, string[] extra, bool reset) => FakeSdkTemplate
        .Replace("GLOBAL", global, StringComparison.Ordinal)
        .Replace("UNMUTE", $"'{unmute}'", StringComparison.Ordinal)
        .Replace("...EXTRA", string.Join(", ", extra.Select(m => $"'{m}'")), StringComparison.Ordinal)
        .Replace("RESET", reset ? "true" : "false", StringComparison.Ordinal);

    private const string FakeSdkTemplate = """
        (() => {
          window.__sdkCalls = RESET ? [] : (window.__sdkCalls || []);
          window.__sdks = RESET ? [] : (window.__sdks || []);
          class GLOBAL {
            constructor(config) {
              this.config = config;
              this.status = -1;
              const recorded = {};
              for (const [key, value] of Object.entries(config)) {
                if (typeof value !== 'function') recorded[key] = value;
              }
              window.__sdks.push(this);
              window.__sdkCalls.push({ m: 'constructor', a: [recorded] });
              setTimeout(() => config.onInit(), 0);
            }
            getStatusCode() { return this.status; }
            hangUp() {
              window.__sdkCalls.push({ m: 'hangUp', a: [] });
              // Only when a test sets __hangUpHook: the SDK asks onBeforeCallHangup and hangs up when its callback is called.
              if (window.__hangUpHook) {
                this.config.onBeforeCallHangup({ callback: () => window.__sdkCalls.push({ m: 'hungUp', a: [] }), jobId: 'job-1', channelId: 'ch-1', userId: 'agent1@ccc-test' });
              }
            }
            call(callee, caller) {
              window.__sdkCalls.push({ m: 'call', a: [callee, caller] });
              this.config.onBeforeCallDialing({ callee, userId: 'agent1@ccc-test', callback: number => window.__sdkCalls.push({ m: 'dialed', a: [number] }) });
            }
          }
          for (const m of ['register', 'logIn', 'logOut', 'ready', 'applyForBreak', 'answer', 'callHold', 'callRetrieve', 'sendDtmf',
              'thirdCallTransfer', 'initiateAttendedTransfer', 'thirdCallRetrieve', 'thirdCallTransferFinished', 'muteAgent', UNMUTE, 'changeVisible', 'destroy', ...EXTRA]) {
            GLOBAL.prototype[m] = function (...a) { window.__sdkCalls.push({ m, a }); };
          }
          window.GLOBAL = GLOBAL;
          window.__fire = (name, payload) => {
            const sdk = window.__sdks[window.__sdks.length - 1];
            if (name === 'onStatusChange') sdk.status = payload.code;
            sdk.config[name](payload);
          };
          // A callback with the given arguments, as a build that passes positional arguments would call it.
          window.__fireArgs = (name, ...args) => window.__sdks[window.__sdks.length - 1].config[name](...args);
        })();
        """;

    private const string Page = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>softphone tabs</title></head>
        <body>
        <div id="phone"></div>
        <script>
          if (location.search.includes('nolocks')) {
            Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
          }
          window.__dotnet = [];
          window.__decision = { allow: true, callee: null };
          window.__hangUpDecision = null;
          window.__extraOptions = {};
          window.__ref = name => ({
            invokeMethodAsync: (m, ...a) => {
              window.__dotnet.push({ ref: name, m, a });
              if (m === 'DecideHangUp') {
                return window.__hangUpDecision === 'fail' ? Promise.reject(new Error('circuit gone')) : Promise.resolve(window.__hangUpDecision);
              }
              return m === 'OnBeforeCallDialing' ? Promise.resolve(window.__decision) : Promise.resolve(null);
            },
          });
        </script>
        <script type="module">
          import { create } from '/softphone.js';
          window.__start = async name => {
            const options = { scriptUrl: '/fake-sdk.js', cssUrl: null, dom: 'phone', instanceId: 'ccc-test', regionId: 'cn-shanghai',
              defaultVisible: false, ajaxPath: '/ccc/workbench-api', ...window.__extraOptions };
            window.__handle = await create(window.__ref(name), options);
            return window.__handle.isOwner();
          };
        </script>
        </body></html>
        """;
}
