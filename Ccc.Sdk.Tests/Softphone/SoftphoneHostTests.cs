using Bunit;
using Ccc.Sdk.Softphone;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.JSInterop;

namespace Ccc.Sdk.Tests.Softphone;

public sealed class SoftphoneHostTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly JsFake _js = new();

    public SoftphoneHostTests() => _context.Services.AddSingleton(_js.Runtime.Object);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<SoftphoneHost> Render(Action<ComponentParameterCollectionBuilder<SoftphoneHost>>? parameters = null, Action<SoftphoneOptions>? configure = null) =>
        _context.Render<SoftphoneHost>(p =>
        {
            p.Add(h => h.ContainerId, "phone").Add(h => h.Options, JsFake.Options(configure));
            parameters?.Invoke(p);
        });

    [Fact]
    public void The_host_renders_a_hidden_container_by_default_and_starts_the_softphone_in_it()
    {
        var cut = Render();

        Assert.True(cut.Find("div#phone").HasAttribute("hidden"));
        Assert.Equal("phone", _js.CreatedWithOptions!["dom"]);
        Assert.True(cut.Instance.Softphone!.IsStarted);
    }

    [Fact]
    public void The_host_raises_OnStarted_once_the_softphone_has_started_so_commands_work()
    {
        Ccc.Sdk.Softphone.Softphone? started = null;
        bool startedWhenRaised = false;
        var cut = Render(p => p.Add(h => h.OnStarted, s => { started = s; startedWhenRaised = s.IsStarted; }));

        cut.WaitForAssertion(() => Assert.Same(cut.Instance.Softphone, started));
        Assert.True(startedWhenRaised);
    }

    [Fact]
    public void The_host_shows_the_container_when_the_SDK_panel_is_visible()
    {
        var cut = Render(configure: o => o.DefaultVisible = true);

        Assert.False(cut.Find("div#phone").HasAttribute("hidden"));
    }

    [Fact]
    public async Task The_host_shows_the_container_after_ChangeVisibleAsync()
    {
        var cut = Render();

        await cut.InvokeAsync(() => cut.Instance.Softphone!.ChangeVisibleAsync(true));

        cut.WaitForAssertion(() => Assert.False(cut.Find("div#phone").HasAttribute("hidden")));
    }

    [Fact]
    public async Task The_host_forwards_the_softphone_events_to_its_event_callbacks()
    {
        CallDetail? coming = null, dialing = null, established = null, released = null;
        StatusChange? status = null;
        SoftphoneError? error = null;
        var cut = Render(p => p
            .Add(h => h.OnCallComing, d => coming = d)
            .Add(h => h.OnCallDialing, d => dialing = d)
            .Add(h => h.OnCallEstablished, d => established = d)
            .Add(h => h.OnCallReleased, d => released = d)
            .Add(h => h.OnStatusChanged, s => status = s)
            .Add(h => h.OnError, e => error = e));
        await cut.InvokeAsync(() => JsCallbacks.Invoke(_js.CreatedWithReference, "OnCallComing", new CallDetail { Caller = "13800000001", JobId = "job-in" }));
        await cut.InvokeAsync(() => JsCallbacks.Invoke(_js.CreatedWithReference, "OnCallDialing", new CallDetail { Callee = "13900000002", JobId = "job-out" }));
        await cut.InvokeAsync(() => JsCallbacks.Invoke(_js.CreatedWithReference, "OnCallEstablish", new CallDetail { JobId = "job-in" }));
        await cut.InvokeAsync(() => JsCallbacks.Invoke(_js.CreatedWithReference, "OnCallRelease", new CallDetail { JobId = "job-in" }));
        await cut.InvokeAsync(() => JsCallbacks.Invoke(_js.CreatedWithReference, "OnStatusChange", new StatusChange { Code = SoftphoneStatus.Idle, LastCode = SoftphoneStatus.Break }));
        await cut.InvokeAsync(() => JsCallbacks.Invoke(_js.CreatedWithReference, "OnErrorNotify", new SoftphoneError { ErrorCode = "6002" }));

        Assert.Equal("13800000001", coming!.Caller);
        Assert.Equal("13900000002", dialing!.Callee);
        Assert.Equal("job-in", established!.JobId);
        Assert.Equal("job-in", released!.JobId);
        Assert.Equal(SoftphoneStatus.Idle, status!.Code);
        Assert.Equal("6002", error!.ErrorCode);
    }

    [Fact]
    public async Task The_host_disposes_a_softphone_it_created()
    {
        var cut = Render();

        await cut.Instance.DisposeAsync();

        Assert.False(cut.Instance.Softphone!.IsStarted);
        _js.Module.Verify(m => m.DisposeAsync(), Moq.Times.Once);
    }

    [Fact]
    public async Task Without_options_the_host_uses_the_registered_softphone_and_leaves_it_to_the_container()
    {
        _context.Services.AddCccSoftphone(o => { o.ScriptUrl = "https://emulator.test/sdk.js"; o.InstanceId = "ccc-test"; });
        CallDetail? coming = null;
        var cut = _context.Render<SoftphoneHost>(p => p.Add(h => h.ContainerId, "phone").Add(h => h.OnCallComing, d => coming = d));
        var registered = _context.Services.GetRequiredService<Ccc.Sdk.Softphone.Softphone>();

        Assert.Same(registered, cut.Instance.Softphone);
        Assert.True(cut.Find("div#phone").HasAttribute("hidden"));
        await cut.InvokeAsync(() => JsCallbacks.Invoke(_js.CreatedWithReference, "OnCallComing", new CallDetail { Caller = "13800000001" }));
        Assert.Equal("13800000001", coming!.Caller);

        await cut.Instance.DisposeAsync();
        Assert.True(registered.IsStarted);
    }

    [Fact]
    public void A_second_host_keeps_the_registered_softphone_that_already_runs()
    {
        _context.Services.AddCccSoftphone(o => { o.ScriptUrl = "https://emulator.test/sdk.js"; o.InstanceId = "ccc-test"; });
        _context.Render<SoftphoneHost>(p => p.Add(h => h.ContainerId, "phone"));

        var second = _context.Render<SoftphoneHost>(p => p.Add(h => h.ContainerId, "phone-2"));

        Assert.True(second.Instance.Softphone!.IsStarted);
        _js.Module.Verify(m => m.InvokeAsync<IJSObjectReference>("create", Moq.It.IsAny<CancellationToken>(), Moq.It.IsAny<object?[]?>()), Moq.Times.Once);
    }

    // ---- issue 14 (a new user's first screen-pop): Initialized, static render, anti-forgery header, proxy path ----

    [Fact]
    public async Task The_host_forwards_Initialized_to_OnSoftphoneInitialized_with_the_softphone()
    {
        Ccc.Sdk.Softphone.Softphone? initialized = null;
        var cut = Render(p => p.Add(h => h.OnSoftphoneInitialized, s => initialized = s));
        Assert.Null(initialized);

        await cut.InvokeAsync(() => JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit"));

        Assert.Same(cut.Instance.Softphone, initialized);
    }

    [Fact]
    public void A_statically_rendered_host_does_not_start_and_says_why_in_the_page_and_in_the_log_once()
    {
        var logs = new FakeLogCollector();
        _context.Services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        _context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var first = Render();
        var second = _context.Render<SoftphoneHost>(p => p.Add(h => h.ContainerId, "phone-2").Add(h => h.Options, JsFake.Options()));

        Assert.Equal(SoftphoneHost.StaticRenderWarning, first.Find("div#phone").GetAttribute("data-ccc-softphone-warning"));
        Assert.Contains("@rendermode InteractiveServer", first.Find(".ccc-softphone-warning").TextContent, StringComparison.Ordinal);
        Assert.NotNull(second.Find("div#phone-2").GetAttribute("data-ccc-softphone-warning"));
        Assert.Null(_js.CreatedWithOptions);
        var warnings = logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.Contains("@rendermode InteractiveServer", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
    }

    [Fact]
    public void The_prerender_of_an_interactive_host_is_not_taken_for_a_static_one()
    {
        _context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = _context.Render<SoftphoneHost>(p => p
            .Add(h => h.ContainerId, "phone")
            .Add(h => h.Options, JsFake.Options())
            .SetAssignedRenderMode(RenderMode.InteractiveServer));

        Assert.False(cut.Find("div#phone").HasAttribute("data-ccc-softphone-warning"));
        Assert.Empty(cut.FindAll(".ccc-softphone-warning"));
    }

    [Fact]
    public void An_interactive_host_shows_no_warning()
    {
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var cut = Render();

        Assert.False(cut.Find("div#phone").HasAttribute("data-ccc-softphone-warning"));
        Assert.NotNull(_js.CreatedWithOptions);
    }

    [Fact]
    public void The_host_adds_the_users_anti_forgery_token_header_without_touching_the_given_options()
    {
        _context.Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery("token-of-this-user"));
        var given = JsFake.Options(o => o.AjaxHeaders = new Dictionary<string, string> { ["X-Tenant"] = "t1" });

        _context.Render<SoftphoneHost>(p => p.Add(h => h.ContainerId, "phone").Add(h => h.Options, given));

        var sent = (IDictionary<string, string>)_js.CreatedWithOptions!["ajaxHeaders"]!;
        Assert.Equal("token-of-this-user", sent[SoftphoneHost.AntiforgeryHeaderName]);
        Assert.Equal("t1", sent["X-Tenant"]);
        Assert.False(given.AjaxHeaders!.ContainsKey(SoftphoneHost.AntiforgeryHeaderName));
    }

    [Fact]
    public void A_token_header_the_user_set_is_kept()
    {
        _context.Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery("from-the-provider"));

        Render(configure: o => o.AjaxHeaders = new Dictionary<string, string> { ["requestverificationtoken"] = "mine" });

        var sent = (IDictionary<string, string>)_js.CreatedWithOptions!["ajaxHeaders"]!;
        Assert.Equal("mine", Assert.Single(sent).Value);
    }

    [Fact]
    public void Without_an_anti_forgery_provider_no_header_is_added()
    {
        Render();

        Assert.Null(_js.CreatedWithOptions!["ajaxHeaders"]);
    }

    [Fact]
    public void The_host_defaults_AjaxPath_to_the_mapped_proxy_and_keeps_one_the_user_set()
    {
        var route = new Ccc.Sdk.CccWorkbenchProxyRoute();
        route.Record("/ccc/workbench-api");
        _context.Services.AddSingleton(route);

        Render();
        Assert.Equal("/ccc/workbench-api", _js.CreatedWithOptions!["ajaxPath"]);

        _context.Render<SoftphoneHost>(p => p.Add(h => h.ContainerId, "phone-2").Add(h => h.Options, JsFake.Options(o => o.AjaxPath = "/my/proxy")));
        Assert.Equal("/my/proxy", _js.CreatedWithOptions!["ajaxPath"]);
    }

    [Fact]
    public void Without_a_mapped_proxy_AjaxPath_stays_unset()
    {
        _context.Services.AddSingleton(new Ccc.Sdk.CccWorkbenchProxyRoute());

        Render();

        Assert.Null(_js.CreatedWithOptions!["ajaxPath"]);
    }

    [Fact]
    public async Task Registered_softphones_of_two_circuits_get_their_own_options_so_one_users_token_never_reaches_another()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_js.Runtime.Object);
        services.AddCccSoftphone(o =>
        {
            o.ScriptUrl = "https://emulator.test/sdk.js";
            o.InstanceId = "ccc-test";
            o.AutoRegisterSkillGroups.Add(new SkillGroupLogin("sg-1"));
        });
        await using var provider = services.BuildServiceProvider();
        await using var first = provider.CreateAsyncScope();
        await using var second = provider.CreateAsyncScope();

        var a = first.ServiceProvider.GetRequiredService<Ccc.Sdk.Softphone.Softphone>().Options;
        var b = second.ServiceProvider.GetRequiredService<Ccc.Sdk.Softphone.Softphone>().Options;
        a.AjaxHeaders = new Dictionary<string, string> { [SoftphoneHost.AntiforgeryHeaderName] = "a" };

        Assert.NotSame(a, b);
        Assert.Null(b.AjaxHeaders);
        Assert.Equal("ccc-test", b.InstanceId);
        Assert.Equal("sg-1", Assert.Single(b.AutoRegisterSkillGroups).SkillGroupId);
        Assert.NotNull(provider.GetService<Ccc.Sdk.CccWorkbenchProxyRoute>());
    }

    private sealed class FixedAntiforgery(string token) : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new(token, "__RequestVerificationToken");
    }
}
