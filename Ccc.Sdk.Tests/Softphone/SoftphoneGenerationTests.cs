using Ccc.Sdk.Softphone;
using Microsoft.JSInterop;
using Moq;

namespace Ccc.Sdk.Tests.Softphone;

/// <summary>When <c>softphone.js</c> refuses a Workbench SDK 1.x script, .NET receives a typed
/// <see cref="SoftphoneStartException"/> (code <see cref="SoftphoneErrorCodes.UnsupportedGeneration"/>) and an
/// <see cref="Ccc.Sdk.Softphone.Softphone.Error"/> event; other start failures stay what they were, and a start can be
/// tried again.</summary>
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
}
