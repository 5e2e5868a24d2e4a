using Microsoft.Playwright;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// <c>softphone.js</c> tells the Workbench SDK's generation by the script's address (1.x and 2.x both define
/// <c>WorkbenchSdk</c> and their version numbers overlap) and refuses a 1.x script with a message naming 1.x, CCC 1.0,
/// API 2017-07-05 and the 2.x script to load instead; 2.x and the emulator's addresses start as before; the emulator's
/// <c>/workbench/v3/…</c> scripts are 3.x, and each address asks for the adapter of its generation (<c>generations.js</c>).
/// </summary>
public sealed partial class SoftphoneTabsTests
{
    private const string OneX = "https://g.alicdn.com/acca/workbench-sdk/1.1.4/workbenchSdk.min.js";

    [Theory]
    // 1.x (CCC 1.0): the acca path, with or without a scheme, minified or not, any version (1.1.x overlaps 2.x's 1.1.x).
    [InlineData("//g.alicdn.com/acca/workbench-sdk/1.1.4/workbenchSdk.min.js", "1.x")]
    [InlineData("https://g.alicdn.com/acca/workbench-sdk/1.0.9/workbenchSdk.js?t=1", "1.x")]
    [InlineData("https://G.ALICDN.COM/ACCA/Workbench-SDK/1.1.2/workbenchSdk.min.js", "1.x")]
    [InlineData("//g.alicdn.com/crm/acc-phone/2.1.0/index.js", "1.x")]
    // 2.x (CCC 2.0): the cloudcallcenter path, including its 1.1.x builds.
    [InlineData("//g.alicdn.com/cloudcallcenter/web-workbench-sdk/1.1.4/workbenchSdk.min.js", "2.x")]
    [InlineData("https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/2.16.0/workbenchSdk.min.js", "2.x")]
    [InlineData("https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/2.16.0/workbenchSdk.js", "2.x")]
    // 3.x: ui.min.js or core.min.js on the same path.
    [InlineData("//g.alicdn.com/cloudcallcenter/web-workbench-sdk/3.6.1/ui.min.js", "3.x")]
    [InlineData("//g.alicdn.com/cloudcallcenter/web-workbench-sdk/3.0.7/core.min.js", "3.x")]
    // The emulator's 3.x surface: /workbench/v3/ui or core, minified or not.
    [InlineData("http://127.0.0.1:5123/workbench/v3/core.min.js", "3.x")]
    [InlineData("/workbench/v3/ui.min.js", "3.x")]
    [InlineData("/workbench/v3/core.js?v=1", "3.x")]
    [InlineData("/workbench/v3/ui.min.css", "unknown")]
    [InlineData("/workbench/v3/other.min.js", "unknown")]
    // The emulator's stand-in, absolute or relative to the page.
    [InlineData("http://127.0.0.1:5123/workbench/workbenchSdk.js", "emulator")]
    [InlineData("/workbench/workbenchSdk.js", "emulator")]
    // Anything else is loaded as before.
    [InlineData("/fake-sdk.js", "unknown")]
    [InlineData("https://cdn.example.com/acca/other.js", "unknown")]
    [InlineData("", "unknown")]
    public async Task A_script_address_tells_its_generation(string url, string expected)
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);

        var generation = await page.EvaluateAsync<string>("async url => (await import('/softphone.js')).scriptGeneration(url)", url);

        Assert.Equal(expected, generation);
    }

    [Theory]
    // The adapter an address asks for: the cloud's 2.x and the emulator's stand-in run the 2.x adapter, both 3.x forms the
    // 3.x one; an address that says nothing (or a refused 1.x one) asks for none, and the loaded script's global decides.
    [InlineData("https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/2.16.0/workbenchSdk.min.js", "2.x")]
    [InlineData("http://127.0.0.1:5123/workbench/workbenchSdk.js", "2.x")]
    [InlineData("//g.alicdn.com/cloudcallcenter/web-workbench-sdk/3.6.1/ui.min.js", "3.x")]
    [InlineData("http://127.0.0.1:5123/workbench/v3/core.min.js", "3.x")]
    [InlineData("/fake-sdk.js", null)]
    [InlineData("//g.alicdn.com/acca/workbench-sdk/1.1.4/workbenchSdk.min.js", null)]
    public async Task A_script_address_tells_which_adapter_runs_it(string url, string? expected)
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);

        var adapter = await page.EvaluateAsync<string?>("async url => (await import('/generations.js')).addressAdapter(url)", url);

        Assert.Equal(expected, adapter);
    }

    [Fact]
    public async Task A_1x_script_address_is_refused_before_it_is_loaded()
    {
        await using var context = await chromium.NewContextAsync();
        var requested = new List<string>();
        await context.RouteAsync("**/acca/**", async route =>
        {
            requested.Add(route.Request.Url);
            await route.FulfillAsync(new RouteFulfillOptions { Body = FakeSdk, ContentType = "text/javascript" });
        });
        var page = await OpenAsync(context);
        await page.EvaluateAsync("url => { window.__extraOptions = { scriptUrl: url + '?token=secret' }; }", OneX);

        var error = await page.EvaluateAsync<string[]>(
            "async () => { try { await window.__start('first'); return ['started']; } catch (e) { return [e.code, e.message]; } }");

        Assert.Equal("UnsupportedGeneration", error[0]);
        Assert.StartsWith("Ccc.Sdk.Softphone [UnsupportedGeneration]: " + OneX + " is the Workbench SDK 1.x", error[1], StringComparison.Ordinal);
        foreach (var part in new[] { "CCC 1.0", "API 2017-07-05", "CCC 2.0 (API 2020-07-01)", "web-workbench-sdk/{version}/workbenchSdk.min.js", "/workbench/workbenchSdk.js" })
        {
            Assert.Contains(part, error[1], StringComparison.Ordinal);
        }
        Assert.DoesNotContain("secret", error[1], StringComparison.Ordinal);
        Assert.Empty(requested);
        Assert.True(await page.EvaluateAsync<bool>("window.WorkbenchSdk === undefined && window.__dotnet.length === 0"));
    }

    [Fact]
    public async Task A_1x_script_the_page_already_loaded_is_refused()
    {
        await using var context = await chromium.NewContextAsync();
        await context.RouteAsync("**/acca/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = FakeSdk, ContentType = "text/javascript" }));
        var page = await OpenAsync(context);
        // The page loads the 1.x script itself, which defines WorkbenchSdk; the configured address is the 2.x one.
        await page.EvaluateAsync("""
            url => new Promise((resolve, reject) => {
              const script = document.createElement('script');
              script.src = url;
              script.onload = resolve;
              script.onerror = reject;
              document.head.appendChild(script);
            })
            """, OneX);
        Assert.True(await page.EvaluateAsync<bool>("typeof window.WorkbenchSdk === 'function'"));
        await page.EvaluateAsync("() => { window.__extraOptions = { scriptUrl: '//g.alicdn.com/cloudcallcenter/web-workbench-sdk/2.16.0/workbenchSdk.min.js' }; }");

        var error = await page.EvaluateAsync<string[]>(
            "async () => { try { await window.__start('first'); return ['started']; } catch (e) { return [e.code, e.message]; } }");

        Assert.Equal("UnsupportedGeneration", error[0]);
        Assert.Contains(OneX + " is the Workbench SDK 1.x", error[1], StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>(Constructed));
    }

    [Fact]
    public async Task A_2x_or_emulator_script_address_starts_as_before()
    {
        await using var context = await chromium.NewContextAsync();
        await context.RouteAsync("**/web-workbench-sdk/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = FakeSdk, ContentType = "text/javascript" }));
        await context.RouteAsync("**/workbench/workbenchSdk.js", route => route.FulfillAsync(new RouteFulfillOptions { Body = FakeSdk, ContentType = "text/javascript" }));

        foreach (var url in new[] { "https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/1.1.4/workbenchSdk.min.js", "/workbench/workbenchSdk.js" })
        {
            var page = await OpenAsync(context, "?nolocks");
            await page.EvaluateAsync("url => { window.__extraOptions = { scriptUrl: url }; }", url);

            Assert.True(await StartAsync(page));
            Assert.Equal(1, await page.EvaluateAsync<int>(Constructed));
            await page.CloseAsync();
        }
    }
}
