using Bunit;
using Ccc.Sdk.Softphone;
using Microsoft.Extensions.DependencyInjection;
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
        var softphone = cut.Instance.Softphone!;

        await cut.InvokeAsync(() => softphone.OnCallComing(new CallDetail { Caller = "13800000001", JobId = "job-in" }));
        await cut.InvokeAsync(() => softphone.OnCallDialing(new CallDetail { Callee = "13900000002", JobId = "job-out" }));
        await cut.InvokeAsync(() => softphone.OnCallEstablish(new CallDetail { JobId = "job-in" }));
        await cut.InvokeAsync(() => softphone.OnCallRelease(new CallDetail { JobId = "job-in" }));
        await cut.InvokeAsync(() => softphone.OnStatusChange(new StatusChange { Code = SoftphoneStatus.Idle, LastCode = SoftphoneStatus.Break }));
        await cut.InvokeAsync(() => softphone.OnErrorNotify(new SoftphoneError { ErrorCode = "6002" }));

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
        await cut.InvokeAsync(() => registered.OnCallComing(new CallDetail { Caller = "13800000001" }));
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
}
