using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Ccc.Sdk.Softphone;
using Microsoft.JSInterop;
using Microsoft.JSInterop.Infrastructure;
using Moq;

#pragma warning disable CCCSOFTPHONE001 // these tests choose the experimental 3.x adapter on purpose

namespace Ccc.Sdk.Tests.Softphone;

/// <summary>When <c>softphone.js</c> refuses a Workbench SDK 1.x script, .NET receives a typed
/// <see cref="SoftphoneStartException"/> (code <see cref="SoftphoneErrorCodes.UnsupportedGeneration"/>) and an
/// <see cref="Ccc.Sdk.Softphone.Softphone.Error"/> event; other start failures stay what they were, and a start can be
/// tried again. The generation option reaches <c>create()</c>, the adapter the page chose is read back as
/// <see cref="Ccc.Sdk.Softphone.Softphone.Generation"/>, a generation the address contradicts is refused with
/// <see cref="SoftphoneErrorCodes.GenerationMismatch"/>, and the bridge's callbacks sit on the internal receiver.</summary>
public sealed class SoftphoneGenerationTests
{
    // What Blazor's JS interop puts in a JSException: the JS error's message, a newline, then its stack.
    private const string Refusal =
        "Ccc.Sdk.Softphone [UnsupportedGeneration]: https://g.alicdn.com/acca/workbench-sdk/1.1.4/workbenchSdk.min.js is the "
        + "Workbench SDK 1.x, which belongs to the old CCC 1.0 product (API 2017-07-05) and is not supported. Ccc.Sdk.Softphone "
        + "supports CCC 2.0 (API 2020-07-01): load the 2.x script //g.alicdn.com/cloudcallcenter/web-workbench-sdk/{version}/"
        + "workbenchSdk.min.js (or the emulator's /workbench/workbenchSdk.js) instead.";

    private static JsFake Failing(string message)
    {
        var js = new JsFake();
        js.Module.Setup(m => m.InvokeAsync<IJSObjectReference>("create", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .ThrowsAsync(new JSException(message));
        return js;
    }

    [Fact]
    public async Task A_refused_1x_script_reaches_NET_as_a_typed_error_and_an_Error_event()
    {
        var js = Failing(Refusal + "\nError: Ccc.Sdk.Softphone [UnsupportedGeneration]: ...\n    at create (softphone.js:740:15)");
        var softphone = new Ccc.Sdk.Softphone.Softphone(js.Runtime.Object, JsFake.Options(o =>
            o.ScriptUrl = "https://g.alicdn.com/acca/workbench-sdk/1.1.4/workbenchSdk.min.js"));
        var reported = new List<SoftphoneError>();
        softphone.Error += e => { reported.Add(e); return Task.CompletedTask; };

        var ex = await Assert.ThrowsAsync<SoftphoneStartException>(() => softphone.StartAsync("phone"));

        Assert.Equal(SoftphoneErrorCodes.UnsupportedGeneration, ex.Error.ErrorCode);
        Assert.Equal(Refusal["Ccc.Sdk.Softphone [UnsupportedGeneration]: ".Length..], ex.Error.ErrorMsg);
        Assert.Equal(ex.Error.ErrorMsg, ex.Message);
        Assert.Contains("CCC 1.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("API 2017-07-05", ex.Message, StringComparison.Ordinal);
        Assert.IsType<JSException>(ex.InnerException);
        Assert.Equal([ex.Error], reported);
        Assert.False(softphone.IsStarted);
    }

    [Fact]
    public async Task Another_start_failure_stays_a_JSException_and_raises_no_Error()
    {
        var js = Failing("Ccc.Sdk.Softphone: could not load the Workbench SDK script https://emulator.test/workbenchSdk.js");
        var softphone = new Ccc.Sdk.Softphone.Softphone(js.Runtime.Object, JsFake.Options());
        var reported = 0;
        softphone.Error += _ => { reported++; return Task.CompletedTask; };

        var ex = await Assert.ThrowsAsync<JSException>(() => softphone.StartAsync("phone"));

        Assert.IsNotType<SoftphoneStartException>(ex);
        Assert.Equal(0, reported);
    }

    [Fact]
    public async Task A_refused_start_can_be_tried_again_with_a_2x_script()
    {
        var js = Failing(Refusal);
        var softphone = new Ccc.Sdk.Softphone.Softphone(js.Runtime.Object, JsFake.Options());
        await Assert.ThrowsAsync<SoftphoneStartException>(() => softphone.StartAsync("phone"));

        js.Module.Setup(m => m.InvokeAsync<IJSObjectReference>("create", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .ReturnsAsync(js.Handle.Object);
        await softphone.StartAsync("phone");

        Assert.True(softphone.IsStarted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Ccc.Sdk.Softphone: options.scriptUrl is required.")]
    [InlineData("Ccc.Sdk.Softphone [SomethingElse]: text")]
    public void Only_the_refusal_marker_is_read_as_a_refusal(string? message)
    {
        Assert.Null(SoftphoneStartException.ReadRefusal(message));
    }

    private const string Mismatch =
        "Ccc.Sdk.Softphone [GenerationMismatch]: the generation is configured as 3.x, but "
        + "https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/2.16.0/workbenchSdk.min.js is the address of a Workbench SDK "
        + "2.x script. Set the generation to 2.x (or auto), or load the 3.x script instead.";

    [Theory]
    [InlineData(WorkbenchGeneration.Auto, "auto")]
    [InlineData(WorkbenchGeneration.V2, "2.x")]
    [InlineData(WorkbenchGeneration.V3, "3.x")]
    public async Task The_generation_option_reaches_create(WorkbenchGeneration generation, string expected)
    {
        var js = new JsFake();

        await js.StartedAsync(o => o.Generation = generation);

        Assert.Equal(expected, js.CreatedWithOptions!["generation"]);
    }

    [Theory]
    [InlineData("2.x", WorkbenchGeneration.V2)]
    [InlineData("3.x", WorkbenchGeneration.V3)]
    public async Task The_generation_the_page_chose_is_read_back_after_start(string answered, WorkbenchGeneration expected)
    {
        var js = new JsFake { Generation = answered };
        var softphone = new Ccc.Sdk.Softphone.Softphone(js.Runtime.Object, JsFake.Options());
        Assert.Null(softphone.Generation);

        await softphone.StartAsync("phone");

        Assert.Equal(expected, softphone.Generation);
        js.Handle.Verify(h => h.InvokeAsync<string?>("generation", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()), Times.Once);
    }

    [Fact]
    public async Task When_the_generation_cannot_be_read_the_constructed_SDK_is_torn_down_and_the_start_can_be_tried_again()
    {
        var js = new JsFake();
        js.Handle.Setup(h => h.InvokeAsync<string?>("generation", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .ThrowsAsync(new JSException("the page went away"));
        var softphone = new Ccc.Sdk.Softphone.Softphone(js.Runtime.Object, JsFake.Options());

        await Assert.ThrowsAsync<JSException>(() => softphone.StartAsync("phone"));

        js.Handle.Verify(h => h.InvokeAsync<IJSVoidResult>("dispose", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()), Times.Once);
        js.Handle.Verify(h => h.DisposeAsync(), Times.Once);
        Assert.False(softphone.IsStarted);
        Assert.Null(softphone.Generation);

        js.Handle.Setup(h => h.InvokeAsync<string?>("generation", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>())).ReturnsAsync("2.x");
        await softphone.StartAsync("phone");
        Assert.Equal(WorkbenchGeneration.V2, softphone.Generation);
    }

    [Fact]
    public async Task An_undefined_generation_value_is_refused_before_anything_is_imported()
    {
        var js = new JsFake();
        var softphone = new Ccc.Sdk.Softphone.Softphone(js.Runtime.Object, JsFake.Options(o => o.Generation = (WorkbenchGeneration)7));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => softphone.StartAsync("phone"));

        Assert.Contains("SoftphoneOptions.Generation is 7", ex.Message, StringComparison.Ordinal);
        js.Runtime.Verify(r => r.InvokeAsync<IJSObjectReference>("import", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()), Times.Never);
    }

    [Fact]
    public async Task A_generation_the_address_contradicts_reaches_NET_as_a_typed_error_and_an_Error_event()
    {
        var js = Failing(Mismatch + "\nError: ...\n    at create (softphone.js:310:15)");
        var softphone = new Ccc.Sdk.Softphone.Softphone(js.Runtime.Object, JsFake.Options(o =>
        {
            o.ScriptUrl = "https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/2.16.0/workbenchSdk.min.js";
            o.Generation = WorkbenchGeneration.V3;
        }));
        var reported = new List<SoftphoneError>();
        softphone.Error += e => { reported.Add(e); return Task.CompletedTask; };

        var ex = await Assert.ThrowsAsync<SoftphoneStartException>(() => softphone.StartAsync("phone"));

        Assert.Equal(SoftphoneErrorCodes.GenerationMismatch, ex.Error.ErrorCode);
        Assert.Equal(Mismatch["Ccc.Sdk.Softphone [GenerationMismatch]: ".Length..], ex.Error.ErrorMsg);
        Assert.Equal([ex.Error], reported);
        Assert.False(softphone.IsStarted);
        Assert.Null(softphone.Generation);
    }

    [Fact]
    public void V3_is_marked_experimental_under_its_own_diagnostic_and_the_others_are_not()
    {
        var attribute = typeof(WorkbenchGeneration).GetField(nameof(WorkbenchGeneration.V3))!.GetCustomAttribute<ExperimentalAttribute>();

        Assert.Equal("CCCSOFTPHONE001", attribute?.DiagnosticId);
        Assert.Null(typeof(WorkbenchGeneration).GetField(nameof(WorkbenchGeneration.V2))!.GetCustomAttribute<ExperimentalAttribute>());
        Assert.Null(typeof(WorkbenchGeneration).GetField(nameof(WorkbenchGeneration.Auto))!.GetCustomAttribute<ExperimentalAttribute>());
    }

    /// <summary>The names softphone.js invokes on its .NET object (the issue-14 contract), in no particular order.</summary>
    private static readonly string[] BridgeCallbacks =
    [
        "OnRoleChanged", "OnInit", "OnRegister", "OnLogIn", "OnLogOut", "OnReady", "OnBreak", "OnCallComing", "OnCallDialing",
        "OnCallEstablish", "OnCallRelease", "OnHangUp", "OnBeforeCallHangup", "OnStatusChange", "OnErrorNotify",
        "OnBeforeCallDialing", "DecideHangUp",
    ];

    [Fact]
    public void The_bridge_callbacks_are_on_the_internal_receiver_and_not_on_the_public_Softphone()
    {
        static string[] Invokable(Type type) => type
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<JSInvokableAttribute>() is { } a ? a.Identifier ?? m.Name : null)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Empty(Invokable(typeof(Ccc.Sdk.Softphone.Softphone)));
        Assert.Equal(BridgeCallbacks.Order(StringComparer.Ordinal), Invokable(typeof(SoftphoneCallbacks)));
        Assert.False(typeof(SoftphoneCallbacks).IsPublic);
        Assert.DoesNotContain(typeof(Ccc.Sdk.Softphone.Softphone).GetMethods(), m => BridgeCallbacks.Contains(m.Name) || m.Name == "OnBreakCallback");
    }

    [Fact]
    public async Task The_page_calls_back_the_receiver_which_raises_the_softphones_events()
    {
        var js = new JsFake();
        var softphone = await js.StartedAsync();
        var reference = (DotNetObjectReference<SoftphoneCallbacks>)js.CreatedWithReference!;
        var raised = new List<string>();
        softphone.OnBreak += () => { raised.Add("OnBreak"); return Task.CompletedTask; };
        softphone.CallComing += d => { raised.Add("CallComing " + d.JobId); return Task.CompletedTask; };

        await reference.Value.OnBreak();
        await reference.Value.OnCallComing(new CallDetail { JobId = "job-1" });

        Assert.Same(softphone, reference.Value.Softphone);
        Assert.Equal(["OnBreak", "CallComing job-1"], raised);
    }

    [Fact]
    public void A_generation_mismatch_refusal_is_read_with_its_code()
    {
        var refusal = SoftphoneStartException.ReadRefusal(Mismatch + "\n    at create");

        Assert.Equal(SoftphoneErrorCodes.GenerationMismatch, refusal?.ErrorCode);
        Assert.EndsWith("or load the 3.x script instead.", refusal!.ErrorMsg, StringComparison.Ordinal);
    }
}
