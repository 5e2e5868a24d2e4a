using System.Text.Json;
using Ccc.Sdk.Softphone;

namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// <c>softphone.js</c> reads every payload shape the Workbench SDK reference names (a status as a number or
/// <c>{code, lastCode}</c>, a job id at the top level or only inside <c>callContext</c>, positional arguments) and hands
/// .NET one shape; and <c>onBeforeCallHangup</c> hangs up only when .NET's <c>DecideHangUp</c> does not refuse.
/// </summary>
public sealed partial class SoftphoneTabsTests
{
    [Fact]
    public async Task Each_status_shape_reaches_NET_as_its_code()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        await StartAsync(page);
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'OnInit')");

        // onStatusChange: the 2.x object, positional (code, lastCode, context), numbers as text.
        await page.EvaluateAsync("() => window.__fireArgs('onStatusChange', { code: 3, lastCode: 2, context: { connid: 'c-1' } })");
        await page.EvaluateAsync("() => window.__fireArgs('onStatusChange', 6, 3, { connid: 'c-2' })");
        await page.EvaluateAsync("() => window.__fireArgs('onStatusChange', '9', '6')");
        await WaitAsync(page, "window.__dotnet.filter(c => c.m === 'OnStatusChange').length === 3");

        string[] changes = await page.EvaluateAsync<string[]>("window.__dotnet.filter(c => c.m === 'OnStatusChange').map(c => JSON.stringify(c.a))");
        Assert.Equal(
        [
            """[{"code":3,"lastCode":2,"context":{"connid":"c-1"}}]""",
            """[{"code":6,"lastCode":3,"context":{"connid":"c-2"}}]""",
            """[{"code":9,"lastCode":6,"context":null}]""",
        ], changes);
        // As Blazor binds them.
        var bound = changes.Select(c => JsonDocument.Parse(c).RootElement[0].Deserialize<StatusChange>(JsonSerializerOptions.Web)!).ToArray();
        Assert.Equal([SoftphoneStatus.Idle, SoftphoneStatus.Ringing, SoftphoneStatus.InboundTalk], bound.Select(b => b.Code));
        Assert.Equal([SoftphoneStatus.Break, SoftphoneStatus.Idle, SoftphoneStatus.Ringing], bound.Select(b => b.LastCode));
        Assert.Equal("c-2", bound[1].Context.GetProperty("connid").GetString());

        // getStatusCode(): a number, or the cloud's {code, lastCode} object; -1 for what carries no code.
        foreach (var (status, expected) in new[] { ("7", 7), ("{ code: 3, lastCode: 2 }", 3), ("'5'", 5), ("{ lastCode: 2 }", -1), ("undefined", -1) })
        {
            await page.EvaluateAsync($"() => {{ window.__sdks[0].status = {status}; }}");
            Assert.Equal(expected, await page.EvaluateAsync<int>("window.__handle.getStatusCode()"));
        }
    }

    [Fact]
    public async Task A_follower_reads_the_code_of_an_owner_whose_SDK_returns_an_object()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OpenAsync(context);
        await StartAsync(owner);
        await owner.EvaluateAsync("() => { window.__sdks[0].status = { code: 3, lastCode: 2 }; }");

        var follower = await OpenAsync(context);
        Assert.False(await StartAsync(follower));

        await WaitAsync(follower, "window.__handle.getStatusCode() === 3");
        Assert.Equal(3, await owner.EvaluateAsync<int>("window.__handle.getStatusCode()"));
    }

    [Fact]
    public async Task Each_call_shape_reaches_NET_with_its_job_id_and_numbers()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        await StartAsync(page);
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'OnInit')");

        (string Fire, string Method, string Expected)[] variants =
        [
            // 2.x: the job id at the top level wins over the context's.
            ("'onCallComing', { caller: '13800000001', callee: '057188880000', callType: 'INBOUND', jobId: 'job-1', callContext: { jobId: 'job-x' } }",
                "OnCallComing", """{"caller":"13800000001","callee":"057188880000","callType":"INBOUND","jobId":"job-1","callContext":{"jobId":"job-x"}}"""),
            // The cloud's onCallEstablish/onCallRelease: {callContext} only; the job id is read from it (either casing).
            ("'onCallEstablish', { callContext: { jobId: 'job-2', channelContexts: [] } }",
                "OnCallEstablish", """{"caller":null,"callee":null,"callType":null,"jobId":"job-2","callContext":{"jobId":"job-2","channelContexts":[]}}"""),
            ("'onCallRelease', { callContext: { JobId: 'job-3' } }",
                "OnCallRelease", """{"caller":null,"callee":null,"callType":null,"jobId":"job-3","callContext":{"JobId":"job-3"}}"""),
            // Positional (connid, caller, callee, contactId, skillGroupId): connid is a call leg, not a job.
            ("'onCallDialing', 'connid-1', '057188880000', '13800000002', 'contact-1'",
                "OnCallDialing", """{"caller":"057188880000","callee":"13800000002","callType":null,"jobId":null,"callContext":null}"""),
        ];
        foreach (var (fire, method, expected) in variants)
        {
            await page.EvaluateAsync($"() => {{ window.__dotnet.length = 0; window.__fireArgs({fire}); }}");
            await WaitAsync(page, $"window.__dotnet.some(c => c.m === '{method}')");
            string args = await page.EvaluateAsync<string>(Args(method));
            Assert.Equal($"[{expected}]", args);
            var detail = JsonDocument.Parse(args).RootElement[0].Deserialize<CallDetail>(JsonSerializerOptions.Web)!;
            Assert.Equal(JsonDocument.Parse(expected).RootElement.GetProperty("jobId").GetString(), detail.JobId);
        }

        // Positional establish (connid, caller, privateData): the caller, no callee.
        await page.EvaluateAsync("() => { window.__dotnet.length = 0; window.__fireArgs('onCallEstablish', 'connid-2', '13800000001', { acid: 'a-1' }); }");
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'OnCallEstablish')");
        Assert.Equal("""[{"caller":"13800000001","callee":null,"callType":null,"jobId":null,"callContext":null}]""", await page.EvaluateAsync<string>(Args("OnCallEstablish")));

        // onHangUp: the documented string, or an object carrying it.
        await page.EvaluateAsync("() => { window.__dotnet.length = 0; window.__fireArgs('onHangUp', 'inbound'); window.__fireArgs('onHangUp', { type: 'outbound' }); }");
        await WaitAsync(page, "window.__dotnet.filter(c => c.m === 'OnHangUp').length === 2");
        Assert.Equal("""[["inbound"],["outbound"]]""", await page.EvaluateAsync<string>("JSON.stringify(window.__dotnet.filter(c => c.m === 'OnHangUp').map(c => c.a))"));
    }

    [Fact]
    public async Task A_refused_hang_up_keeps_the_call_and_an_allowed_one_hangs_up()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        await StartAsync(page);
        await page.EvaluateAsync("() => { window.__hangUpHook = true; window.__hangUpDecision = { allow: false }; }");

        await page.EvaluateAsync("() => window.__handle.hangUp()");
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'DecideHangUp')");
        await Task.Delay(300);
        Assert.Equal(0, await page.EvaluateAsync<int>("window.__sdkCalls.filter(c => c.m === 'hungUp').length"));
        const string Request = """[{"jobId":"job-1","channelId":"ch-1","userId":"agent1@ccc-test"}]""";
        Assert.Equal(Request, await page.EvaluateAsync<string>(Args("DecideHangUp")));
        Assert.Equal(Request, await page.EvaluateAsync<string>(Args("OnBeforeCallHangup"))); // the HangingUp event still fires

        await page.EvaluateAsync("() => { window.__hangUpDecision = { allow: true }; window.__handle.hangUp(); }");
        await WaitAsync(page, "window.__sdkCalls.some(c => c.m === 'hungUp')");
        Assert.Equal(2, await page.EvaluateAsync<int>("window.__dotnet.filter(c => c.m === 'DecideHangUp').length"));
    }

    [Fact]
    public async Task A_hang_up_goes_ahead_when_NET_fails_or_does_not_answer_in_time()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context);
        await page.EvaluateAsync("() => { window.__extraOptions = { hangUpWaitMs: 400 }; }");
        await StartAsync(page);
        await page.EvaluateAsync("() => { window.__hangUpHook = true; window.__hangUpDecision = 'fail'; }");

        await page.EvaluateAsync("() => window.__handle.hangUp()");
        await WaitAsync(page, "window.__sdkCalls.filter(c => c.m === 'hungUp').length === 1");

        // No answer: the page waits hangUpWaitMs, then hangs up.
        await page.EvaluateAsync("() => { window.__hangUpDecision = new Promise(() => {}); window.__handle.hangUp(); }");
        await Task.Delay(150);
        Assert.Equal(1, await page.EvaluateAsync<int>("window.__sdkCalls.filter(c => c.m === 'hungUp').length"));
        await WaitAsync(page, "window.__sdkCalls.filter(c => c.m === 'hungUp').length === 2");

        // The job id only inside callContext still reaches the decision.
        await page.EvaluateAsync("() => { window.__dotnet.length = 0; window.__hangUpDecision = { allow: false }; window.__fireArgs('onBeforeCallHangup', { callback: () => window.__sdkCalls.push({ m: 'hungUp', a: [] }), callContext: { jobId: 'job-5' }, channelId: 'ch-5', userId: 'agent1@ccc-test' }); }");
        await WaitAsync(page, "window.__dotnet.some(c => c.m === 'DecideHangUp')");
        Assert.Equal("""[{"jobId":"job-5","channelId":"ch-5","userId":"agent1@ccc-test"}]""", await page.EvaluateAsync<string>(Args("DecideHangUp")));
        await Task.Delay(600);
        Assert.Equal(2, await page.EvaluateAsync<int>("window.__sdkCalls.filter(c => c.m === 'hungUp').length"));
    }

    [Fact]
    public async Task The_tab_whose_command_hung_up_decides_the_hang_up()
    {
        await using var context = await chromium.NewContextAsync();
        var owner = await OpenAsync(context);
        var follower = await OpenAsync(context);
        await StartAsync(owner);
        await StartAsync(follower);
        await owner.EvaluateAsync("() => { window.__hangUpHook = true; window.__hangUpDecision = { allow: true }; }");
        await follower.EvaluateAsync("() => { window.__hangUpDecision = { allow: false }; }");

        await follower.EvaluateAsync("() => window.__handle.hangUp()");

        await WaitAsync(follower, "window.__dotnet.some(c => c.m === 'DecideHangUp')");
        await WaitAsync(follower, "window.__dotnet.some(c => c.m === 'OnBeforeCallHangup')");
        await Task.Delay(300);
        Assert.Equal(0, await owner.EvaluateAsync<int>("window.__sdkCalls.filter(c => c.m === 'hungUp').length"));
        Assert.Equal(0, await owner.EvaluateAsync<int>("window.__dotnet.filter(c => c.m === 'DecideHangUp').length"));
        Assert.Equal(1, await owner.EvaluateAsync<int>("window.__dotnet.filter(c => c.m === 'OnBeforeCallHangup').length"));

        // The owner's own hang-up is the owner's to decide: allowed here.
        await owner.EvaluateAsync("() => window.__handle.hangUp()");
        await WaitAsync(owner, "window.__sdkCalls.some(c => c.m === 'hungUp')");
        Assert.Equal(1, await follower.EvaluateAsync<int>("window.__dotnet.filter(c => c.m === 'DecideHangUp').length"));
    }
}
