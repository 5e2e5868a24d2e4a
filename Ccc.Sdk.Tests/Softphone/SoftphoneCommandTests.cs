using Ccc.Sdk.Softphone;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Microsoft.JSInterop.Infrastructure;
using Moq;

namespace Ccc.Sdk.Tests.Softphone;

public sealed class SoftphoneCommandTests
{
    private static readonly SkillGroupLogin[] Groups = [new("sg-1", "Sales", 5)];

    private static readonly Dictionary<string, (Func<Ccc.Sdk.Softphone.Softphone, Task> Command, string Method, object?[] Args)> Commands = new()
    {
        ["RegisterAsync"] = (s => s.RegisterAsync(Groups), "register", [Groups, "default"]),
        ["LogInAsync"] = (s => s.LogInAsync(Groups), "logIn", [Groups]),
        ["LogOutAsync"] = (s => s.LogOutAsync(), "logOut", []),
        ["ReadyAsync"] = (s => s.ReadyAsync(), "ready", []),
        ["TakeBreakAsync"] = (s => s.TakeBreakAsync("lunch"), "applyForBreak", ["lunch"]),
        ["CallAsync"] = (s => s.CallAsync("13800000001"), "call", ["13800000001", "auto"]),
        ["CallAsync with a caller"] = (s => s.CallAsync("13800000001", "057188880000"), "call", ["13800000001", "057188880000"]),
        ["AnswerAsync"] = (s => s.AnswerAsync(), "answer", []),
        ["HangUpAsync"] = (s => s.HangUpAsync(), "hangUp", []),
        ["HoldAsync"] = (s => s.HoldAsync(), "callHold", []),
        ["RetrieveAsync"] = (s => s.RetrieveAsync(), "callRetrieve", []),
        ["SendDtmfAsync"] = (s => s.SendDtmfAsync("12#"), "sendDtmf", ["12#"]),
        ["BlindTransferAsync to an agent"] = (s => s.BlindTransferAsync("8001"), "thirdCallTransfer", ["8001", ""]),
        ["BlindTransferAsync to a number"] = (s => s.BlindTransferAsync("13800000002", "auto"), "thirdCallTransfer", ["13800000002", "auto"]),
        ["InitiateAttendedTransferAsync"] = (s => s.InitiateAttendedTransferAsync("8001"), "initiateAttendedTransfer", ["8001", ""]),
        ["CompleteAttendedTransferAsync"] = (s => s.CompleteAttendedTransferAsync(), "thirdCallTransferFinished", []),
        ["CancelAttendedTransferAsync"] = (s => s.CancelAttendedTransferAsync(), "thirdCallRetrieve", []),
        ["MuteAsync"] = (s => s.MuteAsync(), "muteAgent", []),
        ["UnmuteAsync"] = (s => s.UnmuteAsync(), "umMuteAgent", []),
        ["ChangeVisibleAsync"] = (s => s.ChangeVisibleAsync(true), "changeVisible", [true]),
    };

    public static TheoryData<string> CommandNames => [.. Commands.Keys];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Each_command_calls_the_documented_SDK_method_on_the_handle_with_its_arguments(string command)
    {
        var js = new JsFake();
        var softphone = await js.StartedAsync();
        var (run, method, args) = Commands[command];

        await run(softphone);

        js.VerifyHandleCall(method, args);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Each_command_throws_before_the_softphone_was_started(string command)
    {
        var softphone = new Ccc.Sdk.Softphone.Softphone(new JsFake().Runtime.Object, JsFake.Options());

        await Assert.ThrowsAsync<InvalidOperationException>(() => Commands[command].Command(softphone));
    }

    [Fact]
    public async Task GetStatusCodeAsync_returns_the_SDK_status_code()
    {
        var js = new JsFake { StatusCode = 9 };
        var softphone = await js.StartedAsync();

        Assert.Equal(SoftphoneStatus.InboundTalk, await softphone.GetStatusCodeAsync());
    }

    [Fact]
    public async Task StartAsync_imports_the_module_and_creates_the_SDK_with_the_documented_options()
    {
        var js = new JsFake();
        var softphone = await js.StartedAsync(o =>
        {
            o.RegionId = "cn-hangzhou";
            o.AjaxOrigin = "https://crm.test";
            o.AjaxPath = "/ccc/api";
            o.AjaxMethod = "post";
            o.AfterCallRule = "30";
            o.AutoAnswerCallSeconds = 3;
            o.ExportErrorOfApi = true;
        });

        js.Runtime.Verify(r => r.InvokeAsync<IJSObjectReference>("import", It.IsAny<CancellationToken>(),
            It.Is<object?[]?>(a => (string)a![0]! == "./_content/Ccc.Sdk.Softphone/softphone.js")), Times.Once);
        Assert.Same(softphone, ((DotNetObjectReference<SoftphoneCallbacks>)js.CreatedWithReference!).Value.Softphone);
        var options = js.CreatedWithOptions!;
        Assert.Equal("https://emulator.test/workbenchSdk.js", options["scriptUrl"]);
        Assert.Equal("phone", options["dom"]);
        Assert.Equal("ccc-test", options["instanceId"]);
        Assert.Equal("cn-hangzhou", options["regionId"]);
        Assert.Equal("https://crm.test", options["ajaxOrigin"]);
        Assert.Equal("/ccc/api", options["ajaxPath"]);
        Assert.Equal("post", options["ajaxMethod"]);
        Assert.Equal(false, options["defaultVisible"]);
        Assert.Equal(30, options["afterCallRule"]);
        Assert.Equal(3, options["autoAnswerCall"]);
        Assert.Equal(true, options["exportErrorOfApi"]);
        Assert.True(softphone.IsStarted);
    }

    [Fact]
    public async Task A_manual_after_call_rule_is_sent_as_text()
    {
        var js = new JsFake();
        await js.StartedAsync(o => o.AfterCallRule = "manual");

        Assert.Equal("manual", js.CreatedWithOptions!["afterCallRule"]);
    }

    [Fact]
    public async Task Starting_twice_throws()
    {
        var js = new JsFake();
        var softphone = await js.StartedAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => softphone.StartAsync("phone"));
    }

    [Fact]
    public async Task A_start_that_failed_to_load_the_SDK_can_be_tried_again()
    {
        var js = new JsFake();
        js.Module.SetupSequence(m => m.InvokeAsync<IJSObjectReference>("create", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .ThrowsAsync(new JSException("could not load the Workbench SDK script"))
            .ReturnsAsync(js.Handle.Object);
        var softphone = new Ccc.Sdk.Softphone.Softphone(js.Runtime.Object, JsFake.Options());

        await Assert.ThrowsAsync<JSException>(() => softphone.StartAsync("phone"));
        Assert.False(softphone.IsStarted);
        await softphone.StartAsync("phone");

        Assert.True(softphone.IsStarted);
    }

    [Fact]
    public async Task ChangeVisibleAsync_updates_IsVisible_and_raises_VisibilityChanged()
    {
        var js = new JsFake();
        var softphone = await js.StartedAsync();
        bool? raised = null;
        softphone.VisibilityChanged += v => { raised = v; return Task.CompletedTask; };

        Assert.False(softphone.IsVisible);
        await softphone.ChangeVisibleAsync(true);

        Assert.True(softphone.IsVisible);
        Assert.True(raised);
    }

    [Fact]
    public async Task Disposal_disposes_the_SDK_and_releases_the_handle_the_module_and_the_dotnet_reference()
    {
        var js = new JsFake();
        var softphone = await js.StartedAsync();
        var reference = (DotNetObjectReference<SoftphoneCallbacks>)js.CreatedWithReference!;

        await softphone.DisposeAsync();

        js.Handle.Verify(h => h.InvokeAsync<IJSVoidResult>("dispose", It.IsAny<object?[]?>()), Times.Once);
        js.Handle.Verify(h => h.DisposeAsync(), Times.Once);
        js.Module.Verify(m => m.DisposeAsync(), Times.Once);
        Assert.Throws<ObjectDisposedException>(() => reference.Value);
        Assert.False(softphone.IsStarted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => softphone.AnswerAsync());
    }

    [Fact]
    public async Task Disposal_when_the_page_is_gone_does_not_throw_and_still_releases_the_dotnet_reference()
    {
        var js = new JsFake();
        js.Handle.Setup(h => h.InvokeAsync<IJSVoidResult>("dispose", It.IsAny<object?[]?>())).ThrowsAsync(new JSDisconnectedException("gone"));
        var softphone = await js.StartedAsync();
        var reference = (DotNetObjectReference<SoftphoneCallbacks>)js.CreatedWithReference!;

        await softphone.DisposeAsync();
        await softphone.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => reference.Value);
    }

    [Fact]
    public async Task AddCccSoftphone_registers_one_softphone_per_scope_with_the_configured_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new JsFake().Runtime.Object);
        services.AddCccSoftphone(o => { o.ScriptUrl = "https://emulator.test/sdk.js"; o.InstanceId = "ccc-test"; });
        services.AddCccSoftphone(o => o.MaskCustomerNumbers = true);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        var softphone = scope.ServiceProvider.GetRequiredService<Ccc.Sdk.Softphone.Softphone>();

        Assert.Same(softphone, scope.ServiceProvider.GetRequiredService<Ccc.Sdk.Softphone.Softphone>());
        Assert.Equal("ccc-test", softphone.Options.InstanceId);
        Assert.True(softphone.Options.MaskCustomerNumbers);
        Assert.False(softphone.Options.DefaultVisible);
    }
}
