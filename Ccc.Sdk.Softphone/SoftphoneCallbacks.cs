using System.Text.Json;
using Microsoft.JSInterop;

namespace Ccc.Sdk.Softphone;

/// <summary>The .NET object <c>softphone.js</c> calls back (its <c>DotNetObjectReference</c> target): one
/// <see cref="JSInvokableAttribute"/> method per bridge callback, each forwarding to the <see cref="Softphone"/> it belongs
/// to. Kept off the public <see cref="Softphone"/> type so that application code sees only events and commands. The
/// method names are the bridge's contract with <c>softphone.js</c>; do not rename them.</summary>
internal sealed class SoftphoneCallbacks(Softphone softphone)
{
    /// <summary>The softphone the callbacks are forwarded to.</summary>
    public Softphone Softphone { get; } = softphone ?? throw new ArgumentNullException(nameof(softphone));

    /// <summary>This tab became the SDK's owner or a follower.</summary>
    [JSInvokable]
    public Task OnRoleChanged(bool owner) => Softphone.OnRoleChanged(owner);

    /// <summary>The SDK's <c>onInit</c>.</summary>
    [JSInvokable]
    public Task OnInit() => Softphone.OnInit();

    /// <summary>The SDK's <c>onRegister</c>.</summary>
    [JSInvokable]
    public Task OnRegister(JsonElement config) => Softphone.OnRegister(config);

    /// <summary>The SDK's <c>onLogIn</c>.</summary>
    [JSInvokable]
    public Task OnLogIn() => Softphone.OnLogIn();

    /// <summary>The SDK's <c>onLogOut</c>.</summary>
    [JSInvokable]
    public Task OnLogOut() => Softphone.OnLogOut();

    /// <summary>The SDK's <c>onReady</c>.</summary>
    [JSInvokable]
    public Task OnReady() => Softphone.OnReady();

    /// <summary>The SDK's <c>onBreak</c>.</summary>
    [JSInvokable]
    public Task OnBreak() => Softphone.OnBreakCallback();

    /// <summary>The SDK's <c>onCallComing</c>.</summary>
    [JSInvokable]
    public Task OnCallComing(CallDetail detail) => Softphone.OnCallComing(detail);

    /// <summary>The SDK's <c>onCallDialing</c>.</summary>
    [JSInvokable]
    public Task OnCallDialing(CallDetail detail) => Softphone.OnCallDialing(detail);

    /// <summary>The SDK's <c>onCallEstablish</c>.</summary>
    [JSInvokable]
    public Task OnCallEstablish(CallDetail detail) => Softphone.OnCallEstablish(detail);

    /// <summary>The SDK's <c>onCallRelease</c>.</summary>
    [JSInvokable]
    public Task OnCallRelease(CallDetail detail) => Softphone.OnCallRelease(detail);

    /// <summary>The SDK's <c>onHangUp</c>.</summary>
    [JSInvokable]
    public Task OnHangUp(string? type) => Softphone.OnHangUp(type);

    /// <summary>The SDK's <c>onBeforeCallHangup</c>, in every tab (the <c>HangingUp</c> event).</summary>
    [JSInvokable]
    public Task OnBeforeCallHangup(BeforeHangUp request) => Softphone.OnBeforeCallHangup(request);

    /// <summary>The SDK's <c>onStatusChange</c>.</summary>
    [JSInvokable]
    public Task OnStatusChange(StatusChange change) => Softphone.OnStatusChange(change);

    /// <summary>The SDK's <c>onErrorNotify</c>.</summary>
    [JSInvokable]
    public Task OnErrorNotify(SoftphoneError error) => Softphone.OnErrorNotify(error);

    /// <summary>The SDK's <c>onBeforeCallDialing</c>: whether and what to dial.</summary>
    [JSInvokable]
    public Task<DialDecision> OnBeforeCallDialing(BeforeDialingContext context) => Softphone.OnBeforeCallDialing(context);

    /// <summary>The SDK's <c>onBeforeCallHangup</c>, in the tab that decides: whether the hang-up goes ahead.</summary>
    [JSInvokable]
    public Task<HangUpDecision> DecideHangUp(BeforeHangUpContext context) => Softphone.DecideHangUp(context);
}
