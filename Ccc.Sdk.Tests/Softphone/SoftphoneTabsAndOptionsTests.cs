using System.Reflection;
using Bunit;
using Ccc.Sdk.Softphone;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace Ccc.Sdk.Tests.Softphone;

public sealed class SoftphoneTabsAndOptionsTests
{
    [Fact]
    public async Task Ajax_headers_credentials_and_other_params_are_sent_as_the_SDK_names_them()
    {
        var js = new JsFake();
        await js.StartedAsync(o =>
        {
            o.AjaxHeaders = new Dictionary<string, string> { ["RequestVerificationToken"] = "CfDJ8-token" };
            o.WithCredentials = true;
            o.AjaxOtherParams = new Dictionary<string, string> { ["tenant"] = "t1" };
        });

        var options = js.CreatedWithOptions!;
        var headers = Assert.IsAssignableFrom<IDictionary<string, string>>(options["ajaxHeaders"]);
        Assert.Equal("CfDJ8-token", Assert.Single(headers, h => h.Key == "RequestVerificationToken").Value);
        Assert.Equal(true, options["withCredentials"]);
        var other = Assert.IsAssignableFrom<IDictionary<string, string>>(options["ajaxOtherParams"]);
        Assert.Equal("t1", Assert.Single(other).Value);
    }

    [Fact]
    public async Task Unset_ajax_headers_credentials_and_other_params_are_not_sent()
    {
        var js = new JsFake();
        await js.StartedAsync();

        var options = js.CreatedWithOptions!;
        Assert.Null(options["ajaxHeaders"]);
        Assert.Null(options["withCredentials"]);
        Assert.Null(options["ajaxOtherParams"]);
    }

    [Fact]
    public async Task The_headers_are_copied_at_start()
    {
        var js = new JsFake();
        var headers = new Dictionary<string, string> { ["RequestVerificationToken"] = "first" };
        var softphone = await js.StartedAsync(o => o.AjaxHeaders = headers);

        headers["RequestVerificationToken"] = "changed later";

        Assert.Equal("first", ((IDictionary<string, string>)js.CreatedWithOptions!["ajaxHeaders"]!)["RequestVerificationToken"]);
        Assert.Same(headers, softphone.Options.AjaxHeaders);
    }

    [Fact]
    public async Task OnRoleChanged_sets_IsOwner_and_raises_OwnershipChanged_only_when_the_role_changes()
    {
        var js = new JsFake();
        var softphone = await js.StartedAsync();
        var raised = new List<bool>();
        softphone.OwnershipChanged += owner => { raised.Add(owner); return Task.CompletedTask; };
        Assert.False(softphone.IsOwner);

        await softphone.Callbacks.OnRoleChanged(false);
        await softphone.Callbacks.OnRoleChanged(true);
        Assert.True(softphone.IsOwner);
        await softphone.Callbacks.OnRoleChanged(true);
        await softphone.Callbacks.OnRoleChanged(false);

        Assert.False(softphone.IsOwner);
        Assert.Equal([true, false], raised);
    }

    [Fact]
    public async Task A_disposed_softphone_is_not_the_owner_and_ignores_late_role_changes()
    {
        var js = new JsFake();
        var softphone = await js.StartedAsync();
        await softphone.Callbacks.OnRoleChanged(true);
        var raised = 0;
        softphone.OwnershipChanged += _ => { raised++; return Task.CompletedTask; };

        await softphone.DisposeAsync();
        await softphone.Callbacks.OnRoleChanged(true);

        Assert.False(softphone.IsOwner);
        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task A_failing_OwnershipChanged_handler_does_not_stop_the_role_change()
    {
        var js = new JsFake();
        var softphone = await js.StartedAsync();
        var secondRan = false;
        softphone.OwnershipChanged += _ => throw new InvalidOperationException("handler bug");
        softphone.OwnershipChanged += _ => { secondRan = true; return Task.CompletedTask; };

        await softphone.Callbacks.OnRoleChanged(true);

        Assert.True(softphone.IsOwner);
        Assert.True(secondRan);
    }

    [Fact]
    public async Task The_host_forwards_ownership_changes_to_OnOwnershipChanged()
    {
        await using var context = new BunitContext();
        var js = new JsFake();
        context.Services.AddSingleton(js.Runtime.Object);
        var forwarded = new List<bool>();
        var cut = context.Render<SoftphoneHost>(p => p.Add(h => h.ContainerId, "phone")
            .Add(h => h.Options, JsFake.Options(o => o.AjaxHeaders = new Dictionary<string, string> { ["RequestVerificationToken"] = "t" }))
            .Add(h => h.OnOwnershipChanged, owner => forwarded.Add(owner)));
        var softphone = cut.Instance.Softphone!;

        await cut.InvokeAsync(() => softphone.Callbacks.OnRoleChanged(true));
        await cut.InvokeAsync(() => softphone.Callbacks.OnRoleChanged(false));

        Assert.False(softphone.IsOwner);
        Assert.Equal([true, false], forwarded);
        Assert.NotNull(js.CreatedWithOptions!["ajaxHeaders"]);
    }
}
