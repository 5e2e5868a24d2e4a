using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The bridge's generation adapters (<c>generations.js</c>) in Chromium: a 3.x script (routed to a test-only fake
/// <c>CCCWorkbenchSDK</c>) is constructed with <c>new CCCWorkbenchSDK(config)</c> and the confirmed config keys, its
/// callbacks reach .NET in the one shape, <c>umMuteAgent</c> runs <c>unmuteAgent</c>; the generation is told by the
/// address, else by the global the script defined, or forced by <c>options.generation</c>; a forced generation the address
/// contradicts is refused before anything is loaded; the loader does not skip a 3.x script because <c>WorkbenchSdk</c>
/// exists (or the other way round); a method the loaded SDK lacks is a clear error naming it and the generation.
/// </summary>
public sealed partial class SoftphoneTabsTests
{
    private const string ThreeX = "https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/3.6.1/core.min.js";
    private const string TwoX = "https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/2.16.0/workbenchSdk.min.js";

    // Routes every Workbench SDK address the tests use: 3.x (cloud and emulator paths, and a self-hosted address that
    // says nothing) to the fake CCCWorkbenchSDK, 2.x to the fake WorkbenchSdk. Returns the requested addresses.
    private static async Task<List<string>> RouteSdksAsync(IBrowserContext context)
    {
        var requested = new List<string>();
        async Task Serve(IRoute route, string body)
        {
            lock (requested)
            {
                requested.Add(route.Request.Url);
            }
            await route.FulfillAsync(new RouteFulfillOptions { Body = body, ContentType = "text/javascript" });
        }
        // Regular expressions, so that an address with a query string is routed (and recorded) too.
        await context.RouteAsync(new Regex(@"/web-workbench-sdk/[^/]+/(ui|core)\.min\.js(\?|$)"), route => Serve(route, FakeSdkV3));
        await context.RouteAsync(new Regex(@"/workbench/v3/[^/]+\.js(\?|$)"), route => Serve(route, FakeSdkV3));
        await context.RouteAsync(new Regex(@"/self-hosted/v3\.js(\?|$)"), route => Serve(route, FakeSdkV3));
        await context.RouteAsync(new Regex(@"/web-workbench-sdk/[^/]+/workbenchSdk\.min\.js(\?|$)"), route => Serve(route, FakeSdk));
        await context.RouteAsync(new Regex(@"/workbench/workbenchSdk\.js(\?|$)"), route => Serve(route, FakeSdk));
        return requested;
    }

    private static Task SetOptionsAsync(IPage page, object options) =>
        page.EvaluateAsync("json => { window.__extraOptions = JSON.parse(json); }", JsonSerializer.Serialize(options));

    private static Task<string[]> StartErrorAsync(IPage page) => page.EvaluateAsync<string[]>(
        "async () => { try { await window.__start('first'); return ['started', window.__handle.generation()]; } catch (e) { return [e.code || '', e.message]; } }");

    [Fact]
    public async Task A_3x_script_is_constructed_with_CCCWorkbenchSDK_and_the_confirmed_config()
    {
        await using var context = await chromium.NewContextAsync();
        var requested = await RouteSdksAsync(context);
        var page = await OpenAsync(context);
        const string Css = "https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/3.6.1/ui.min.css";
        await context.RouteAsync(Css, route => route.FulfillAsync(new RouteFulfillOptions { Body = "", ContentType = "text/css" }));
        await SetOptionsAsync(page, new { scriptUrl = ThreeX, cssUrl = Css, ajaxOrigin = "https://crm.test", ajaxPath = "/ccc/workbench-api", regionId = (string?)null });

        Assert.True(await StartAsync(page));

        // The 3.x UI build's style sheet is loaded as the 2.x one was.
        Assert.Equal(1, await page.EvaluateAsync<int>("url => document.querySelectorAll(`link[rel=stylesheet][href='${url}']`).length", Css));
        Assert.Equal("3.x", await page.EvaluateAsync<string>("window.__handle.generation()"));
        Assert.Equal([ThreeX], requested);
        Assert.True(await page.EvaluateAsync<bool>("window.__sdks.length === 1 && window.__sdks[0] instanceof window.CCCWorkbenchSDK && window.WorkbenchSdk === undefined"));
        Assert.True(await page.EvaluateAsync<bool>("window.workbench === window.__sdks[0]"));
        using var config = JsonDocument.Parse(await page.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls[0].a[0])"));
        // The confirmed keys, as given; regionId is optional on 3.x and not sent when unset.
        Assert.Equal("phone", config.RootElement.GetProperty("dom").GetString());
        Assert.Equal("ccc-test", config.RootElement.GetProperty("instanceId").GetString());
        Assert.Equal("https://crm.test", config.RootElement.GetProperty("ajaxOrigin").GetString());
        Assert.Equal("/ccc/workbench-api", config.RootElement.GetProperty("ajaxPath").GetString());
        Assert.False(config.RootElement.TryGetProperty("regionId", out _));
        // The callbacks are given as config functions (the assumed 3.x contract, the same as 2.x).
        Assert.Equal(15, await page.EvaluateAsync<int>("Object.keys(window.__sdks[0].config).filter(k => k.startsWith('on') && typeof window.__sdks[0].config[k] === 'function').length"));
    }

    [Fact]
    public async Task The_3x_adapter_runs_unmuteAgent_for_umMuteAgent_and_every_other_command_by_its_2x_name()
    {
        await using var context = await chromium.NewContextAsync();
        await RouteSdksAsync(context);
        var page = await OpenAsync(context);
        await SetOptionsAsync(page, new { scriptUrl = "/workbench/v3/ui.min.js" });
        await StartAsync(page);
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'OnInit')");

        (string Command, string Method, string ArgsJson)[] commands =
        [
            ("register", "register", """[[{"skillGroupId":"sg-1","skillGroupName":"Sales","skillLevel":5}],"default"]"""), ("logIn", "logIn", """[["sg-1"]]"""),
            ("logOut", "logOut", "[]"), ("ready", "ready", "[]"), ("applyForBreak", "applyForBreak", """["lunch"]"""), ("answer", "answer", "[]"),
            ("callHold", "callHold", "[]"), ("callRetrieve", "callRetrieve", "[]"), ("sendDtmf", "sendDtmf", """["12#"]"""),
            ("thirdCallTransfer", "thirdCallTransfer", """["agent2@ccc-test",""]"""), ("initiateAttendedTransfer", "initiateAttendedTransfer", """["agent2@ccc-test",""]"""),
            ("thirdCallRetrieve", "thirdCallRetrieve", "[]"), ("thirdCallTransferFinished", "thirdCallTransferFinished", "[]"),
            ("muteAgent", "muteAgent", "[]"), ("umMuteAgent", "unmuteAgent", "[]"), ("changeVisible", "changeVisible", "[true]"),
        ];
        foreach (var (command, method, args) in commands)
        {
            await page.EvaluateAsync("([m, a]) => { window.__sdkCalls.length = 0; window.__handle[m](...JSON.parse(a)); }", new[] { command, args });
            await WaitAsync(page, "window.__sdkCalls.length > 0");
            Assert.Equal(method, await page.EvaluateAsync<string>("window.__sdkCalls[0].m"));
            Assert.Equal(args, await page.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls[0].a)"));
        }

        // A follower's umMuteAgent runs unmuteAgent on the owner's 3.x SDK too.
        var follower = await OpenAsync(context);
        await SetOptionsAsync(follower, new { scriptUrl = "/workbench/v3/ui.min.js" });
        Assert.False(await StartAsync(follower));
        await page.EvaluateAsync("() => { window.__sdkCalls.length = 0; }");
        await follower.EvaluateAsync("() => window.__handle.umMuteAgent()");
        await WaitAsync(page, "window.__sdkCalls.some(c => c.m === 'unmuteAgent')");
        Assert.Equal("3.x", await follower.EvaluateAsync<string>("window.__handle.generation()"));
    }

    [Fact]
    public async Task Callbacks_of_the_3x_SDK_reach_NET_in_the_one_shape_and_its_status_is_read()
    {
        await using var context = await chromium.NewContextAsync();
        await RouteSdksAsync(context);
        var page = await OpenAsync(context);
        await SetOptionsAsync(page, new { scriptUrl = ThreeX });
        await StartAsync(page);
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'OnInit')");

        await page.EvaluateAsync("() => window.__fire('onCallComing', { caller: '13800000001', callee: '057188880000', callType: 'INBOUND', jobId: 'job-1', callContext: { jobId: 'job-1' } })");
        await page.EvaluateAsync("() => window.__fire('onCallEstablish', { callContext: { jobId: 'job-1' } })");
        await page.EvaluateAsync("() => window.__fire('onStatusChange', { code: 9, lastCode: 6, context: null })");
        await page.EvaluateAsync("() => window.__fire('onErrorNotify', { errorCode: 6008, errorMsg: 'CallNotExisted', errorMsgTip: 'tip', requestId: 'r-1' })");
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'OnErrorNotify')");

        Assert.Equal("""[{"caller":"13800000001","callee":"057188880000","callType":"INBOUND","jobId":"job-1","callContext":{"jobId":"job-1"}}]""", await page.EvaluateAsync<string>(Args("OnCallComing")));
        Assert.Equal("""[{"caller":null,"callee":null,"callType":null,"jobId":"job-1","callContext":{"jobId":"job-1"}}]""", await page.EvaluateAsync<string>(Args("OnCallEstablish")));
        Assert.Equal("""[{"code":9,"lastCode":6,"context":null}]""", await page.EvaluateAsync<string>(Args("OnStatusChange")));
        Assert.Equal("""[{"errorCode":"6008","errorMsg":"CallNotExisted","errorMsgTip":"tip","requestId":"r-1"}]""", await page.EvaluateAsync<string>(Args("OnErrorNotify")));

        // getStatusCode() as {code, lastCode} or a number.
        await page.EvaluateAsync("() => { window.__sdks[0].status = { code: 3, lastCode: 9 }; }");
        Assert.Equal(3, await page.EvaluateAsync<int>("window.__handle.getStatusCode()"));
        await page.EvaluateAsync("() => { window.__sdks[0].status = 5; }");
        Assert.Equal(5, await page.EvaluateAsync<int>("window.__handle.getStatusCode()"));
        // An SDK without getStatusCode: the last status it reported.
        await page.EvaluateAsync("() => { window.__sdks[0].getStatusCode = undefined; }");
        Assert.Equal(9, await page.EvaluateAsync<int>("window.__handle.getStatusCode()"));

        // The before-hooks: .NET decides dialing (and the number) and hanging up.
        await page.EvaluateAsync("() => { window.__decision = { allow: true, callee: '913800000002' }; window.__handle.call('13800000002', 'auto'); }");
        await WaitAsync(page, "window.__sdkCalls.some(c => c.m === 'dialed')");
        Assert.Equal("[\"913800000002\"]", await page.EvaluateAsync<string>("JSON.stringify(window.__sdkCalls.find(c => c.m === 'dialed').a)"));
        await page.EvaluateAsync("() => { window.__hangUpHook = true; window.__hangUpDecision = { allow: false }; window.__handle.hangUp(); }");
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'DecideHangUp')");
        await Task.Delay(300);
        Assert.False(await page.EvaluateAsync<bool>("window.__sdkCalls.some(c => c.m === 'hungUp')"));
    }

    [Fact]
    public async Task A_method_the_loaded_SDK_lacks_is_an_error_naming_the_method_and_the_generation()
    {
        await using var context = await chromium.NewContextAsync();
        await RouteSdksAsync(context);
        foreach (var (url, missing, expected) in new[]
        {
            (ThreeX, "unmuteAgent", "the Workbench SDK 3.x loaded in this page has no method unmuteAgent() (the 3.x name of umMuteAgent)"),
            (TwoX, "umMuteAgent", "the Workbench SDK 2.x loaded in this page has no method umMuteAgent()"),
        })
        {
            var page = await OpenAsync(context, "?nolocks");
            await SetOptionsAsync(page, new { scriptUrl = url });
            Assert.True(await StartAsync(page));
            await page.EvaluateAsync("m => { const sdk = window.__sdks[0]; Object.getPrototypeOf(sdk)[m] = undefined; }", missing);

            var error = await page.EvaluateAsync<string>("() => { try { window.__handle.umMuteAgent(); return 'ran'; } catch (e) { return `${e.constructor.name}: ${e.message}`; } }");

            Assert.Equal("Error: Ccc.Sdk.Softphone: " + expected + ".", error);
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task An_address_that_says_nothing_takes_the_generation_from_the_global_the_script_defined()
    {
        await using var context = await chromium.NewContextAsync();
        await RouteSdksAsync(context);

        foreach (var (url, expected) in new[] { ("/self-hosted/v3.js", "3.x"), ("/fake-sdk.js", "2.x") })
        {
            var page = await OpenAsync(context, "?nolocks");
            await SetOptionsAsync(page, new { scriptUrl = url });
            Assert.Equal(["started", expected], await StartErrorAsync(page));
            Assert.Equal(1, await page.EvaluateAsync<int>(Constructed));
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task A_forced_generation_runs_an_address_that_says_nothing_and_needs_its_global()
    {
        await using var context = await chromium.NewContextAsync();
        await RouteSdksAsync(context);

        var page = await OpenAsync(context, "?nolocks");
        await SetOptionsAsync(page, new { scriptUrl = "/self-hosted/v3.js", generation = "3.x" });
        Assert.Equal(["started", "3.x"], await StartErrorAsync(page));

        // Forced to 2.x, a script that defines only CCCWorkbenchSDK: a clear error, nothing constructed.
        var wrong = await OpenAsync(context, "?nolocks");
        await SetOptionsAsync(wrong, new { scriptUrl = "/self-hosted/v3.js?token=secret", generation = "2.x" });
        // The address is shown without its query string (it could carry a token).
        var error = await StartErrorAsync(wrong);
        Assert.Equal("Ccc.Sdk.Softphone: /self-hosted/v3.js did not define window.WorkbenchSdk, which the Workbench SDK 2.x defines.", error[1]);
        Assert.Equal(0, await wrong.EvaluateAsync<int>(Constructed));

        // A value that is no generation.
        var bad = await OpenAsync(context, "?nolocks");
        await SetOptionsAsync(bad, new { scriptUrl = ThreeX, generation = "4.x" });
        Assert.Equal("Ccc.Sdk.Softphone: options.generation must be 'auto', '2.x' or '3.x', not '4.x'.", (await StartErrorAsync(bad))[1]);
    }

    [Theory]
    [InlineData("3.x", TwoX, "2.x")]
    [InlineData("3.x", "/workbench/workbenchSdk.js", "2.x")]
    [InlineData("2.x", ThreeX, "3.x")]
    [InlineData("2.x", "http://127.0.0.1:5123/workbench/v3/core.min.js", "3.x")]
    public async Task A_forced_generation_the_address_contradicts_is_refused_before_loading(string forced, string url, string byAddress)
    {
        await using var context = await chromium.NewContextAsync();
        var requested = await RouteSdksAsync(context);
        var page = await OpenAsync(context);
        await SetOptionsAsync(page, new { scriptUrl = url + "?token=secret", generation = forced });

        var error = await StartErrorAsync(page);

        Assert.Equal("GenerationMismatch", error[0]);
        Assert.StartsWith($"Ccc.Sdk.Softphone [GenerationMismatch]: the generation is configured as {forced}, but ", error[1], StringComparison.Ordinal);
        Assert.Contains($"is the address of a Workbench SDK {byAddress} script", error[1], StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error[1], StringComparison.Ordinal);
        Assert.Empty(requested);
        Assert.True(await page.EvaluateAsync<bool>("window.__dotnet.length === 0 && window.__sdkCalls === undefined"));
    }

    [Fact]
    public async Task The_loader_loads_a_3x_script_although_WorkbenchSdk_exists_and_the_other_way_round()
    {
        await using var context = await chromium.NewContextAsync();
        var requested = await RouteSdksAsync(context);
        const string Load = """
            url => new Promise((resolve, reject) => {
              const script = document.createElement('script');
              script.src = url;
              script.onload = resolve;
              script.onerror = reject;
              document.head.appendChild(script);
            })
            """;

        // The host page already loaded a 2.x script; the configured one is 3.x.
        var page = await OpenAsync(context, "?nolocks");
        await page.EvaluateAsync(Load, "/fake-sdk.js");
        await SetOptionsAsync(page, new { scriptUrl = ThreeX });
        Assert.Equal(["started", "3.x"], await StartErrorAsync(page));
        Assert.Contains(ThreeX, requested);
        Assert.True(await page.EvaluateAsync<bool>("window.__sdks.length === 1 && window.__sdks[0] instanceof window.CCCWorkbenchSDK"));

        // The host page already loaded a 3.x script; the configured one is 2.x.
        var other = await OpenAsync(context, "?nolocks");
        await other.EvaluateAsync(Load, "/self-hosted/v3.js");
        await SetOptionsAsync(other, new { scriptUrl = TwoX });
        Assert.Equal(["started", "2.x"], await StartErrorAsync(other));
        Assert.Contains(TwoX, requested);
        Assert.True(await other.EvaluateAsync<bool>("window.__sdks.length === 1 && window.__sdks[0] instanceof window.WorkbenchSdk"));

        // A script of the configured generation the page already has is not loaded again.
        var loaded = await OpenAsync(context, "?nolocks");
        await loaded.EvaluateAsync(Load, ThreeX);
        var before = requested.Count;
        await SetOptionsAsync(loaded, new { scriptUrl = "https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/3.6.1/ui.min.js" });
        Assert.Equal(["started", "3.x"], await StartErrorAsync(loaded));
        Assert.Equal(before, requested.Count);
    }
}
