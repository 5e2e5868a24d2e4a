using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;

namespace Ccc.Sdk.Softphone;

/// <summary>The browser softphone (the CCC Workbench SDK) seen from .NET: its callbacks as events, its methods as commands.</summary>
/// <remarks>
/// <para><see cref="StartAsync"/> imports <c>_content/Ccc.Sdk.Softphone/softphone.js</c>, which loads the SDK script once per
/// page and constructs the SDK in the given container through the adapter of its generation (<c>new WorkbenchSdk(...)</c>
/// for 2.x, <c>new CCCWorkbenchSDK(...)</c> for 3.x; <see cref="Generation"/>), with the same events and commands for both.
/// Until then commands throw
/// <see cref="InvalidOperationException"/>; after <see cref="DisposeAsync"/> they throw <see cref="ObjectDisposedException"/>.</para>
/// <para>Only one tab of a browser per CRM origin and instance constructs the SDK (<see cref="IsOwner"/>); in the other tabs
/// commands are relayed to it and its events are raised here too. A second start in the same page for the same container
/// (a new Blazor circuit after a dropped one) takes over the SDK already running there instead of constructing another.</para>
/// <para>Event handlers run one after another in the order they were added; an exception thrown by a handler is logged and
/// does not reach the SDK or the other handlers. Commands return once the SDK method was called; the SDK reports the outcome
/// through <see cref="StatusChanged"/> and <see cref="Error"/>.</para>
/// </remarks>
public partial class Softphone : IAsyncDisposable
{
    /// <summary>The path of the bridge module, as a static web asset of this library.</summary>
    public const string ModulePath = "./_content/Ccc.Sdk.Softphone/softphone.js";

    private readonly IJSRuntime _jsRuntime;
    private readonly SoftphoneOptions _options;
    private readonly ILogger _logger;
    private IJSObjectReference? _module;
    private IJSObjectReference? _handle;
    private DotNetObjectReference<SoftphoneCallbacks>? _selfReference;
    private SoftphoneCallbacks? _callbacks;
    private bool _disposed;

    /// <summary>Creates a softphone; nothing happens in the browser until <see cref="StartAsync"/>.</summary>
    /// <param name="jsRuntime">The page's JavaScript runtime.</param>
    /// <param name="options">How the SDK is loaded and configured.</param>
    /// <param name="logger">Where failures of event handlers and of the bridge are reported; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="jsRuntime"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public Softphone(IJSRuntime jsRuntime, SoftphoneOptions options, ILogger<Softphone>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(jsRuntime);
        ArgumentNullException.ThrowIfNull(options);
        _jsRuntime = jsRuntime;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        IsVisible = options.DefaultVisible;
        AttachAutoRegister();
    }

    /// <summary>For mocking only.</summary>
    protected Softphone()
    {
        _jsRuntime = null!;
        _options = new SoftphoneOptions();
        _logger = NullLogger.Instance;
    }

    /// <summary>The options the softphone was created with.</summary>
    public SoftphoneOptions Options => _options;

    /// <summary>Whether <see cref="StartAsync"/> has completed and the softphone was not disposed.</summary>
    public bool IsStarted => _handle is not null && !_disposed;

    /// <summary>Whether the SDK's own panel is shown: <see cref="SoftphoneOptions.DefaultVisible"/>, then the last
    /// <see cref="ChangeVisibleAsync"/>.</summary>
    public bool IsVisible { get; private set; }

    /// <summary>Whether this tab runs the SDK. One tab of a browser per CRM origin and instance owns the SDK (its WebRTC
    /// registration); the others relay their commands to it and receive its events. <see langword="false"/> until
    /// <see cref="StartAsync"/> has completed and after disposal; always <see langword="true"/> once started in a browser
    /// without Web Locks or BroadcastChannel.</summary>
    public bool IsOwner { get; private set; }

    /// <summary>The generation of the Workbench SDK the page runs, i.e. the adapter <c>softphone.js</c> chose
    /// (<see cref="SoftphoneOptions.Generation"/>, else told by the script's address or the global it defined):
    /// <see cref="WorkbenchGeneration.V2"/> or <c>WorkbenchGeneration.V3</c>. <see langword="null"/> until
    /// <see cref="StartAsync"/> has completed.</summary>
    public WorkbenchGeneration? Generation { get; private set; }

    /// <summary>The receiver <c>softphone.js</c> calls back (the <c>DotNetObjectReference</c> target).</summary>
    internal SoftphoneCallbacks Callbacks => _callbacks ??= new SoftphoneCallbacks(this);

    /// <summary><see cref="IsOwner"/> changed: the tab became the owner (at start, or when the owner's tab closed) or a
    /// follower.</summary>
    public event Func<bool, Task>? OwnershipChanged;

    /// <summary>The SDK is initialised (<c>onInit</c>), in every tab. A CRM that checks in automatically calls
    /// <see cref="RegisterAsync"/> here when <see cref="IsOwner"/>; after a reload or a change of owner the bridge registers
    /// again by itself with the last arguments, unless the handler registered.</summary>
    public event Func<Task>? Initialized;

    /// <summary>The softphone is registered (<c>onRegister</c>).</summary>
    public event Func<RegisterConfig, Task>? Registered;

    /// <summary>The agent checked in (<c>onLogIn</c>).</summary>
    public event Func<Task>? LoggedIn;

    /// <summary>The agent checked out (<c>onLogOut</c>; used by integrations, not in the 2.x SDK's list).</summary>
    public event Func<Task>? LoggedOut;

    /// <summary>The agent is idle, ready for calls (<c>onReady</c>).</summary>
    public event Func<Task>? Ready;

    /// <summary>The agent is on a break (<c>onBreak</c>).</summary>
    public event Func<Task>? OnBreak;

    /// <summary>An incoming call rings (<c>onCallComing</c>): the moment for screen-pop. The customer is
    /// <see cref="CallDetail.Caller"/>, masked when <see cref="SoftphoneOptions.MaskCustomerNumbers"/> is set.
    /// Unanswered for 30 seconds, the call is re-queued and the agent set to break.</summary>
    public event Func<CallDetail, Task>? CallComing;

    /// <summary>An outbound call rings at the customer (<c>onCallDialing</c>). The customer is <see cref="CallDetail.Callee"/>,
    /// masked when <see cref="SoftphoneOptions.MaskCustomerNumbers"/> is set.</summary>
    public event Func<CallDetail, Task>? CallDialing;

    /// <summary>The call was answered (<c>onCallEstablish</c>); only <see cref="CallDetail.CallContext"/> is set, and
    /// <see cref="CallDetail.JobId"/> read from it.</summary>
    public event Func<CallDetail, Task>? CallEstablished;

    /// <summary>The call was released (<c>onCallRelease</c>); only <see cref="CallDetail.CallContext"/> is set, and
    /// <see cref="CallDetail.JobId"/> read from it.</summary>
    public event Func<CallDetail, Task>? CallReleased;

    /// <summary>The call ended (<c>onHangUp</c>), with how it ended.</summary>
    public event Func<HangUpType, Task>? HungUp;

    /// <summary>The agent is about to hang up (<c>onBeforeCallHangup</c>), in every tab; raised before (or while)
    /// <see cref="BeforeHangUp"/> decides, so the call may stay up after it. <see cref="HungUp"/> tells that it ended.</summary>
    public event Func<BeforeHangUp, Task>? HangingUp;

    /// <summary>The agent's status changed (<c>onStatusChange</c>).</summary>
    public event Func<StatusChange, Task>? StatusChanged;

    /// <summary>The SDK reported an error (<c>onErrorNotify</c>).</summary>
    public event Func<SoftphoneError, Task>? Error;

    /// <summary><see cref="IsVisible"/> changed.</summary>
    public event Func<bool, Task>? VisibilityChanged;

    /// <summary>Decides whether and what an outbound call dials (<c>onBeforeCallDialing</c>): return
    /// <see cref="DialDecision.Dial"/>, <see cref="DialDecision.DialInstead"/> (e.g. add a prefix) or
    /// <see cref="DialDecision.Refuse"/>. Unset: every call is dialed as entered. A hook that throws refuses the call
    /// (the failure is logged), so a broken dialing rule never dials the wrong number.</summary>
    public Func<BeforeDialingContext, ValueTask<DialDecision>>? BeforeDialing { get; set; }

    /// <summary>Decides whether a hang-up goes ahead (<c>onBeforeCallHangup</c>, which lets the page delay or refuse it):
    /// return <see cref="HangUpDecision.HangUp"/> or <see cref="HangUpDecision.Refuse"/> (the call stays up). The SDK waits
    /// while the hook runs. Unset: every hang-up goes ahead. A hook that throws, or takes longer than
    /// <see cref="SoftphoneOptions.BeforeHangUpTimeout"/>, lets the hang-up go ahead (the failure is logged), so an agent
    /// who wants to end a call is never stuck in it. Decided by the tab whose <see cref="HangUpAsync"/> started the hang-up,
    /// else (the SDK's own panel) by the tab that owns the SDK.</summary>
    public Func<BeforeHangUpContext, ValueTask<HangUpDecision>>? BeforeHangUp { get; set; }

    /// <summary>Loads the SDK into the element with id <paramref name="containerId"/> and wires its callbacks to this object.</summary>
    /// <param name="containerId">The id of the container element (<c>dom</c>); it must exist in the page.</param>
    /// <param name="cancellationToken">Cancels the JavaScript calls.</param>
    /// <exception cref="ArgumentException"><paramref name="containerId"/> is null or blank.</exception>
    /// <exception cref="InvalidOperationException">The softphone was already started, or
    /// <see cref="SoftphoneOptions.Generation"/> is not a defined value.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    /// <exception cref="JSException">The module or the SDK script could not be loaded, or the SDK could not be constructed; the
    /// softphone can be started again.</exception>
    /// <exception cref="SoftphoneStartException">The bridge refused the script: a Workbench SDK 1.x address
    /// (<see cref="SoftphoneErrorCodes.UnsupportedGeneration"/>), or a <see cref="SoftphoneOptions.Generation"/> the
    /// script's address contradicts (<see cref="SoftphoneErrorCodes.GenerationMismatch"/>); the refusal is also raised as
    /// <see cref="Error"/>.</exception>
    public virtual async Task StartAsync(string containerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Enum.IsDefined(_options.Generation))
        {
            throw new InvalidOperationException($"SoftphoneOptions.Generation is {(int)_options.Generation}, which is not a WorkbenchGeneration.");
        }
        if (_handle is not null || _selfReference is not null)
        {
            throw new InvalidOperationException("The softphone was already started.");
        }
        var selfReference = DotNetObjectReference.Create(Callbacks);
        _selfReference = selfReference;
        IJSObjectReference? module = null;
        try
        {
            module = await _jsRuntime.InvokeAsync<IJSObjectReference>("import", cancellationToken, ModulePath).ConfigureAwait(false);
            var handle = await module.InvokeAsync<IJSObjectReference>("create", cancellationToken, selfReference, ToScriptOptions(containerId)).ConfigureAwait(false);
            var generation = await ReadGenerationAsync(handle, cancellationToken).ConfigureAwait(false);
            if (_disposed)
            {
                // Disposed while the SDK was loading: tear down what was just created.
                await handle.InvokeVoidAsync("dispose", CancellationToken.None).ConfigureAwait(false);
                await handle.DisposeAsync().ConfigureAwait(false);
                await module.DisposeAsync().ConfigureAwait(false);
                throw new ObjectDisposedException(GetType().FullName);
            }
            _module = module;
            _handle = handle;
            Generation = generation;
        }
        catch (Exception ex) when (!_disposed)
        {
            // A failed start can be tried again (e.g. the SDK script was unreachable).
            _selfReference = null;
            selfReference.Dispose();
            if (module is not null)
            {
                await module.DisposeAsync().ConfigureAwait(false);
            }
            if (ex is JSException js)
            {
                await ThrowIfRefusedAsync(js).ConfigureAwait(false);
            }
            throw;
        }
    }

    // A refusal by softphone.js (a 1.x script, a generation mismatch) becomes a typed exception, and is reported through Error too.
    private async Task ThrowIfRefusedAsync(JSException exception)
    {
        var refusal = SoftphoneStartException.ReadRefusal(exception.Message);
        if (refusal is null)
        {
            return;
        }
        _logger.LogError("The softphone refused to start: {Message}", refusal.ErrorMsg);
        await RaiseAsync(Error, refusal, nameof(Error)).ConfigureAwait(false);
        throw new SoftphoneStartException(refusal, exception);
    }

    /// <summary>Registers the softphone, checks in to <paramref name="skillGroups"/> and makes the agent ready (<c>register</c>).</summary>
    /// <param name="skillGroups">The skill groups to check in to, e.g. from <c>ListSkillLevelsOfUser</c>.</param>
    /// <param name="accessPoint">The media access point: a <c>region</c> from <c>GetTurnServerList</c>, or <c>default</c>.</param>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="skillGroups"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task RegisterAsync(IEnumerable<SkillGroupLogin> skillGroups, string accessPoint = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skillGroups);
        _registerRequested = true; // AutoRegister: an Initialized handler registered first
        return InvokeAsync("register", cancellationToken, (object)skillGroups.ToArray(), accessPoint);
    }

    /// <summary>Checks the agent in to <paramref name="skillGroups"/> (<c>logIn</c>).</summary>
    /// <param name="skillGroups">The skill groups to check in to.</param>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="skillGroups"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task LogInAsync(IEnumerable<SkillGroupLogin> skillGroups, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skillGroups);
        return InvokeAsync("logIn", cancellationToken, (object)skillGroups.ToArray());
    }

    /// <summary>Checks the agent out (<c>logOut</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task LogOutAsync(CancellationToken cancellationToken = default) => InvokeAsync("logOut", cancellationToken);

    /// <summary>Makes the agent idle, ready for calls (<c>ready</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task ReadyAsync(CancellationToken cancellationToken = default) => InvokeAsync("ready", cancellationToken);

    /// <summary>Puts the agent on a break (<c>applyForBreak</c>).</summary>
    /// <param name="reason">The break reason.</param>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task TakeBreakAsync(string reason = "default", CancellationToken cancellationToken = default) =>
        InvokeAsync("applyForBreak", cancellationToken, reason);

    /// <summary>Dials <paramref name="callee"/> (<c>call</c>); <see cref="BeforeDialing"/> decides first.</summary>
    /// <param name="callee">The number to dial.</param>
    /// <param name="caller">The caller id shown to the callee; <c>auto</c> picks a bound number of the callee's area, else any.</param>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="ArgumentException"><paramref name="callee"/> is null or blank.</exception>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task CallAsync(string callee, string caller = "auto", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callee);
        return InvokeAsync("call", cancellationToken, callee, caller);
    }

    /// <summary>Answers the ringing call (<c>answer</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task AnswerAsync(CancellationToken cancellationToken = default) => InvokeAsync("answer", cancellationToken);

    /// <summary>Hangs up the call (<c>hangUp</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task HangUpAsync(CancellationToken cancellationToken = default) => InvokeAsync("hangUp", cancellationToken);

    /// <summary>Puts the call on hold (<c>callHold</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task HoldAsync(CancellationToken cancellationToken = default) => InvokeAsync("callHold", cancellationToken);

    /// <summary>Takes the call off hold (<c>callRetrieve</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task RetrieveAsync(CancellationToken cancellationToken = default) => InvokeAsync("callRetrieve", cancellationToken);

    /// <summary>Sends DTMF digits on the call (<c>sendDtmf</c>).</summary>
    /// <param name="digits">The digits (<c>0</c>-<c>9</c>, <c>*</c>, <c>#</c>).</param>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="ArgumentException"><paramref name="digits"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task SendDtmfAsync(string digits, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(digits);
        return InvokeAsync("sendDtmf", cancellationToken, digits);
    }

    /// <summary>Transfers the call without consulting (<c>thirdCallTransfer</c>).</summary>
    /// <param name="callee">An agent's extension, or an external number.</param>
    /// <param name="caller">Empty for an agent; <c>auto</c> (or a bound number) for an external number.</param>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="ArgumentException"><paramref name="callee"/> is null or blank.</exception>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task BlindTransferAsync(string callee, string caller = "", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callee);
        return InvokeAsync("thirdCallTransfer", cancellationToken, callee, caller);
    }

    /// <summary>Starts a consult call before transferring (<c>initiateAttendedTransfer</c>); finish with
    /// <see cref="CompleteAttendedTransferAsync"/> or <see cref="CancelAttendedTransferAsync"/>.</summary>
    /// <param name="callee">An agent's extension, or an external number.</param>
    /// <param name="caller">Empty for an agent; <c>auto</c> (or a bound number) for an external number.</param>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="ArgumentException"><paramref name="callee"/> is null or blank.</exception>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task InitiateAttendedTransferAsync(string callee, string caller = "", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callee);
        return InvokeAsync("initiateAttendedTransfer", cancellationToken, callee, caller);
    }

    /// <summary>Hands the customer over to the consulted party (<c>thirdCallTransferFinished</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task CompleteAttendedTransferAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync("thirdCallTransferFinished", cancellationToken);

    /// <summary>Ends the consult call and returns to the customer (<c>thirdCallRetrieve</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task CancelAttendedTransferAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync("thirdCallRetrieve", cancellationToken);

    /// <summary>Mutes the agent's microphone on the call (<c>muteAgent</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task MuteAsync(CancellationToken cancellationToken = default) => InvokeAsync("muteAgent", cancellationToken);

    /// <summary>Unmutes the agent's microphone (2.x <c>umMuteAgent</c>, the SDK's spelling; 3.x <c>unmuteAgent</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual Task UnmuteAsync(CancellationToken cancellationToken = default) => InvokeAsync("umMuteAgent", cancellationToken);

    /// <summary>Shows or hides the SDK's own panel (<c>changeVisible</c>) and raises <see cref="VisibilityChanged"/>.</summary>
    /// <param name="visible">Whether the panel is shown.</param>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual async Task ChangeVisibleAsync(bool visible, CancellationToken cancellationToken = default)
    {
        await InvokeAsync("changeVisible", cancellationToken, visible).ConfigureAwait(false);
        if (IsVisible != visible)
        {
            IsVisible = visible;
            await RaiseAsync(VisibilityChanged, visible, nameof(VisibilityChanged)).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the agent's current status (<c>getStatusCode</c>, a number or the cloud's <c>{code, lastCode}</c>:
    /// its <c>code</c>).</summary>
    /// <param name="cancellationToken">Cancels the JavaScript call.</param>
    /// <returns>The status; a code the SDK adds later arrives as its number.</returns>
    /// <exception cref="InvalidOperationException">The softphone was not started.</exception>
    /// <exception cref="ObjectDisposedException">The softphone was disposed.</exception>
    public virtual async Task<SoftphoneStatus> GetStatusCodeAsync(CancellationToken cancellationToken = default)
    {
        var code = await Handle().InvokeAsync<int>("getStatusCode", cancellationToken).ConfigureAwait(false);
        return (SoftphoneStatus)code;
    }

    // ---- the bridge's callbacks: softphone.js calls SoftphoneCallbacks (its DotNetObjectReference target), which forwards
    // here. Internal, so that the public type shows events and commands only.

    internal Task OnRoleChanged(bool owner)
    {
        if (_disposed || IsOwner == owner)
        {
            return Task.CompletedTask;
        }
        IsOwner = owner;
        return RaiseAsync(OwnershipChanged, owner, nameof(OwnershipChanged));
    }

    internal Task OnInit()
    {
        _registerRequested = false;
        return RaiseAsync(Initialized, nameof(Initialized));
    }

    internal Task OnRegister(JsonElement config) => RaiseAsync(Registered, new RegisterConfig(config), nameof(Registered));

    internal Task OnLogIn() => RaiseAsync(LoggedIn, nameof(LoggedIn));

    internal Task OnLogOut() => RaiseAsync(LoggedOut, nameof(LoggedOut));

    internal Task OnReady() => RaiseAsync(Ready, nameof(Ready));

    internal Task OnBreakCallback() => RaiseAsync(OnBreak, nameof(OnBreak));

    internal Task OnCallComing(CallDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var shown = _options.MaskCustomerNumbers ? NumberMasking.MaskCustomer(detail, customerIsCaller: true) : detail;
        return RaiseAsync(CallComing, shown, nameof(CallComing));
    }

    internal Task OnCallDialing(CallDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var shown = _options.MaskCustomerNumbers ? NumberMasking.MaskCustomer(detail, customerIsCaller: false) : detail;
        return RaiseAsync(CallDialing, shown, nameof(CallDialing));
    }

    internal Task OnCallEstablish(CallDetail detail) => RaiseAsync(CallEstablished, detail ?? new CallDetail(), nameof(CallEstablished));

    internal Task OnCallRelease(CallDetail detail) => RaiseAsync(CallReleased, detail ?? new CallDetail(), nameof(CallReleased));

    internal Task OnHangUp(string? type)
    {
        var hangUpType = type?.ToLowerInvariant() switch
        {
            "ringing" => HangUpType.Ringing,
            "dialing" => HangUpType.Dialing,
            "inbound" => HangUpType.Inbound,
            "outbound" => HangUpType.Outbound,
            _ => HangUpType.Unknown,
        };
        return RaiseAsync(HungUp, hangUpType, nameof(HungUp));
    }

    internal Task OnBeforeCallHangup(BeforeHangUp request) => RaiseAsync(HangingUp, request ?? new BeforeHangUp(), nameof(HangingUp));

    internal Task OnStatusChange(StatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return RaiseAsync(StatusChanged, change, nameof(StatusChanged));
    }

    internal Task OnErrorNotify(SoftphoneError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return RaiseAsync(Error, error, nameof(Error));
    }

    internal async Task<DialDecision> OnBeforeCallDialing(BeforeDialingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (BeforeDialing is not { } hook)
        {
            return new DialDecision(true, context.Callee);
        }
        try
        {
            var decision = await hook(context).ConfigureAwait(false);
            return decision.Allow ? decision with { Callee = decision.Callee ?? context.Callee } : DialDecision.Refuse();
        }
#pragma warning disable CA1031 // A failing dialing rule must refuse the call, whatever it threw.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "The BeforeDialing hook failed; the call was not dialed.");
            return DialDecision.Refuse();
        }
    }

    internal async Task<HangUpDecision> DecideHangUp(BeforeHangUpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (BeforeHangUp is not { } hook)
        {
            return HangUpDecision.HangUp();
        }
        var timeout = _options.BeforeHangUpTimeout > TimeSpan.Zero ? _options.BeforeHangUpTimeout : TimeSpan.FromSeconds(10);
        try
        {
            var decision = await hook(context).AsTask().WaitAsync(timeout).ConfigureAwait(false);
            return decision ?? HangUpDecision.HangUp();
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The BeforeHangUp hook did not decide within {Timeout}; the call was hung up.", timeout);
            return HangUpDecision.HangUp();
        }
#pragma warning disable CA1031 // A failing hang-up rule must not keep the agent in the call, whatever it threw.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "The BeforeHangUp hook failed; the call was hung up.");
            return HangUpDecision.HangUp();
        }
    }

    /// <summary>Tears the SDK down in the page (the handle's <c>dispose()</c>) and releases the JavaScript objects and the
    /// reference the page holds to this object. Never throws when the page is already gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        IsOwner = false;
        GC.SuppressFinalize(this);
        try
        {
            if (_handle is not null)
            {
                await _handle.InvokeVoidAsync("dispose").ConfigureAwait(false);
                await _handle.DisposeAsync().ConfigureAwait(false);
            }
            if (_module is not null)
            {
                await _module.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit or page is gone, and the JavaScript objects with it.
        }
        finally
        {
            _selfReference?.Dispose();
            _handle = null;
            _module = null;
            _selfReference = null;
        }
    }

    private object ToScriptOptions(string containerId)
    {
        object? afterCallRule = _options.AfterCallRule is { } rule
            && int.TryParse(rule, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : _options.AfterCallRule;
        return new Dictionary<string, object?>
        {
            ["scriptUrl"] = _options.ScriptUrl,
            ["generation"] = ScriptGeneration(_options.Generation),
            ["cssUrl"] = _options.CssUrl,
            ["dom"] = containerId,
            ["instanceId"] = _options.InstanceId,
            ["regionId"] = _options.RegionId,
            ["ajaxOrigin"] = _options.AjaxOrigin,
            ["ajaxPath"] = _options.AjaxPath,
            ["ajaxMethod"] = _options.AjaxMethod,
            ["ajaxHeaders"] = _options.AjaxHeaders is { } headers ? new Dictionary<string, string>(headers, StringComparer.Ordinal) : null,
            ["ajaxOtherParams"] = _options.AjaxOtherParams is { } other ? new Dictionary<string, string>(other, StringComparer.Ordinal) : null,
            ["withCredentials"] = _options.WithCredentials,
            ["defaultVisible"] = _options.DefaultVisible,
            ["afterCallRule"] = afterCallRule,
            ["autoAnswerCall"] = _options.AutoAnswerCallSeconds,
            ["exportErrorOfApi"] = _options.ExportErrorOfApi,
            // The page waits a little longer than DecideHangUp, which answers by itself at its timeout.
            ["hangUpWaitMs"] = (int)Math.Min(int.MaxValue - 2000, (_options.BeforeHangUpTimeout > TimeSpan.Zero ? _options.BeforeHangUpTimeout : TimeSpan.FromSeconds(10)).TotalMilliseconds) + 2000,
        };
    }

#pragma warning disable CCCSOFTPHONE001 // V3 is experimental: the bridge itself maps it (docs/decisions/0019-workbench-3x-adapter.md).
    // options.generation of softphone.js.
    private static string ScriptGeneration(WorkbenchGeneration generation) => generation switch
    {
        WorkbenchGeneration.V2 => "2.x",
        WorkbenchGeneration.V3 => "3.x",
        WorkbenchGeneration.Auto => "auto",
        _ => throw new ArgumentOutOfRangeException(nameof(generation), generation, "Not a WorkbenchGeneration."),
    };

    // What the handle's generation() answers: the adapter the page chose.
    private static async Task<WorkbenchGeneration?> ReadGenerationAsync(IJSObjectReference handle, CancellationToken cancellationToken)
    {
        string? generation;
        try
        {
            generation = await handle.InvokeAsync<string?>("generation", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The SDK was constructed but the start fails: tear it down in the page, so a retry starts clean.
            await DisposeQuietlyAsync(handle).ConfigureAwait(false);
            throw;
        }
        return generation switch
        {
            "2.x" => WorkbenchGeneration.V2,
            "3.x" => WorkbenchGeneration.V3,
            _ => null,
        };
    }
#pragma warning restore CCCSOFTPHONE001

    private static async Task DisposeQuietlyAsync(IJSObjectReference handle)
    {
        try
        {
            await handle.InvokeVoidAsync("dispose", CancellationToken.None).ConfigureAwait(false);
            await handle.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or OperationCanceledException)
        {
            // the page is gone or refused: nothing left to tear down
        }
    }

    private IJSObjectReference Handle()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _handle ?? throw new InvalidOperationException("The softphone was not started; call StartAsync first.");
    }

    private async Task InvokeAsync(string method, CancellationToken cancellationToken, params object?[] args) =>
        await Handle().InvokeVoidAsync(method, cancellationToken, args).ConfigureAwait(false);

    private Task RaiseAsync(Func<Task>? handlers, string eventName) =>
        RaiseCoreAsync(handlers, static (Func<Task> h, object? _) => h(), null, eventName);

    private Task RaiseAsync<T>(Func<T, Task>? handlers, T payload, string eventName) =>
        RaiseCoreAsync(handlers, static (Func<T, Task> h, T p) => h(p), payload, eventName);

    private async Task RaiseCoreAsync<THandler, TPayload>(THandler? handlers, Func<THandler, TPayload, Task> invoke, TPayload payload, string eventName)
        where THandler : Delegate
    {
        if (handlers is null)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<THandler>())
        {
            try
            {
                await invoke(handler, payload).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failing CRM handler must not break the SDK's callback or the other handlers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogError(ex, "A handler of the softphone's {Event} event failed.", eventName);
            }
        }
    }
}
