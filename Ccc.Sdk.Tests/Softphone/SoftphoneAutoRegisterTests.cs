using System.Text.Json;
using Ccc.Sdk.Softphone;
using Microsoft.JSInterop;
using Microsoft.JSInterop.Infrastructure;
using Moq;

namespace Ccc.Sdk.Tests.Softphone;

/// <summary><see cref="SoftphoneOptions.AutoRegister"/>: the softphone registers by itself on <c>onInit</c>, in the owner
/// tab only, after the application's own <c>Initialized</c> handlers and only when none of them registered.</summary>
public sealed class SoftphoneAutoRegisterTests
{
    private readonly JsFake _js = new() { StatusCode = -1 };

    private async Task<Ccc.Sdk.Softphone.Softphone> StartAsync(Action<SoftphoneOptions> configure, Func<Ccc.Sdk.Softphone.Softphone, Task>? initialized = null)
    {
        var softphone = new Ccc.Sdk.Softphone.Softphone(_js.Runtime.Object, JsFake.Options(configure));
        if (initialized is not null)
        {
            softphone.Initialized += () => initialized(softphone);
        }

        await softphone.StartAsync("phone");
        return softphone;
    }

    private int RegisterCalls() => _js.Handle.Invocations.Count(i => i.Arguments.Count > 0 && Equals(i.Arguments[0], "register"));

    [Fact]
    public async Task The_owner_tab_registers_on_Initialized_with_the_configured_groups_and_access_point()
    {
        var softphone = await StartAsync(o =>
        {
            o.AutoRegister = true;
            o.AutoRegisterSkillGroups.Add(new SkillGroupLogin("sg-sales", "Sales", 5));
            o.AutoRegisterAccessPoint = "cn-hangzhou";
        });
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnRoleChanged", true);

        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit");

        _js.VerifyHandleCall("register", new[] { new SkillGroupLogin("sg-sales", "Sales", 5) }, "cn-hangzhou");
        Assert.True(softphone.AutoRegistered);
    }

    [Fact]
    public async Task An_empty_group_list_registers_with_an_empty_array_and_the_default_access_point()
    {
        await StartAsync(o => o.AutoRegister = true);
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnRoleChanged", true);

        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit");

        _js.VerifyHandleCall("register", Array.Empty<SkillGroupLogin>(), "default");
    }

    [Fact]
    public async Task A_follower_tab_never_registers()
    {
        var softphone = await StartAsync(o => o.AutoRegister = true);
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnRoleChanged", false);

        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit");

        Assert.Equal(0, RegisterCalls());
        Assert.False(softphone.AutoRegistered);
    }

    [Fact]
    public async Task Without_the_option_nothing_registers()
    {
        await StartAsync(_ => { });
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnRoleChanged", true);

        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit");

        Assert.Equal(0, RegisterCalls());
    }

    [Fact]
    public async Task An_Initialized_handler_that_registered_first_wins_and_auto_register_stays_out()
    {
        var order = new List<string>();
        var softphone = await StartAsync(o => o.AutoRegister = true, async s =>
        {
            order.Add("handler");
            await s.RegisterAsync([new SkillGroupLogin("sg-chosen-by-the-crm")]);
            _js.StatusCode = 0; // the SDK is registering now
        });
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnRoleChanged", true);

        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit");

        Assert.Equal(1, RegisterCalls());
        _js.VerifyHandleCall("register", new[] { new SkillGroupLogin("sg-chosen-by-the-crm") }, "default");
        Assert.False(softphone.AutoRegistered);
        Assert.Equal(["handler"], order);
    }

    [Fact]
    public async Task A_handler_that_registered_wins_even_while_the_SDK_still_reads_Unregistered()
    {
        var softphone = await StartAsync(o => o.AutoRegister = true, s => s.RegisterAsync([new SkillGroupLogin("sg-chosen-by-the-crm")]));
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnRoleChanged", true);
        Assert.Equal(-1, _js.StatusCode); // the SDK has not begun to process the handler's register()

        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit");

        Assert.Equal(1, RegisterCalls());
        Assert.False(softphone.AutoRegistered);

        // The next onInit (a reload, a takeover) with no handler registering: AutoRegister registers again.
        var quiet = await StartAsync(o => o.AutoRegister = true);
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnRoleChanged", true);
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit");
        Assert.True(quiet.AutoRegistered);
    }

    [Fact]
    public async Task Auto_register_runs_after_the_handlers_the_application_added_before_start()
    {
        var statusWhenHandlerRan = new List<int>();
        await StartAsync(o => o.AutoRegister = true, _ =>
        {
            statusWhenHandlerRan.Add(RegisterCalls());
            return Task.CompletedTask;
        });
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnRoleChanged", true);

        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit");

        Assert.Equal([0], statusWhenHandlerRan);
        Assert.Equal(1, RegisterCalls());
    }

    [Fact]
    public async Task A_failing_register_is_logged_not_thrown_into_the_SDK_callback()
    {
        _js.Handle.Setup(h => h.InvokeAsync<IJSVoidResult>("register", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .ThrowsAsync(new JSException("register failed"));
        var softphone = await StartAsync(o => o.AutoRegister = true);
        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnRoleChanged", true);

        await JsCallbacks.Invoke(_js.CreatedWithReference, "OnInit");

        Assert.False(softphone.AutoRegistered);
        Assert.Equal(1, RegisterCalls());
    }

    [Fact]
    public void The_options_say_the_empty_list_and_default_access_point_by_default()
    {
        var options = new SoftphoneOptions();

        Assert.False(options.AutoRegister);
        Assert.Empty(options.AutoRegisterSkillGroups);
        Assert.Equal("default", options.AutoRegisterAccessPoint);
        Assert.Equal("[]", JsonSerializer.Serialize(options.AutoRegisterSkillGroups));
    }
}
