using System.Text.Json;
using Ccc.Sdk.Softphone;
using Microsoft.JSInterop;
using Microsoft.JSInterop.Infrastructure;
using Moq;

namespace Ccc.Sdk.Tests.Softphone;

/// <summary>The page as the softphone sees it: a mocked JS runtime that imports a mocked module, whose <c>create</c>
/// returns a mocked handle. Records what <c>create</c> was given.</summary>
internal sealed class JsFake
{
    public Mock<IJSRuntime> Runtime { get; } = new();
    public Mock<IJSObjectReference> Module { get; } = new();
    public Mock<IJSObjectReference> Handle { get; } = new();
    public object? CreatedWithReference { get; private set; }
    public IDictionary<string, object?>? CreatedWithOptions { get; private set; }
    public int StatusCode { get; set; } = 3;

    /// <summary>What the handle's <c>generation()</c> answers: the adapter the page chose.</summary>
    public string? Generation { get; set; } = "2.x";

    public JsFake()
    {
        Runtime.Setup(r => r.InvokeAsync<IJSObjectReference>("import", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .ReturnsAsync(Module.Object);
        Module.Setup(m => m.InvokeAsync<IJSObjectReference>("create", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .Callback((string _, CancellationToken _, object?[]? args) =>
            {
                CreatedWithReference = args![0];
                CreatedWithOptions = (IDictionary<string, object?>)args[1]!;
            })
            .ReturnsAsync(Handle.Object);
        Handle.Setup(h => h.InvokeAsync<IJSVoidResult>(It.IsAny<string>(), It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .ReturnsAsync(Mock.Of<IJSVoidResult>());
        Handle.Setup(h => h.InvokeAsync<IJSVoidResult>(It.IsAny<string>(), It.IsAny<object?[]?>()))
            .ReturnsAsync(Mock.Of<IJSVoidResult>());
        Handle.Setup(h => h.InvokeAsync<string?>("generation", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .ReturnsAsync(() => Generation);
        Handle.Setup(h => h.InvokeAsync<int>("getStatusCode", It.IsAny<CancellationToken>(), It.IsAny<object?[]?>()))
            .ReturnsAsync(() => StatusCode);
    }

    public static SoftphoneOptions Options(Action<SoftphoneOptions>? configure = null)
    {
        var options = new SoftphoneOptions { ScriptUrl = "https://emulator.test/workbenchSdk.js", InstanceId = "ccc-test" };
        configure?.Invoke(options);
        return options;
    }

    public async Task<Ccc.Sdk.Softphone.Softphone> StartedAsync(Action<SoftphoneOptions>? configure = null)
    {
        var softphone = new Ccc.Sdk.Softphone.Softphone(Runtime.Object, Options(configure));
        await softphone.StartAsync("phone");
        return softphone;
    }

    /// <summary>Verifies one call of <paramref name="method"/> on the handle, comparing the arguments as JSON.</summary>
    public void VerifyHandleCall(string method, params object?[] expected)
    {
        var json = JsonSerializer.Serialize(expected);
        Handle.Verify(h => h.InvokeAsync<IJSVoidResult>(method, It.IsAny<CancellationToken>(),
            It.Is<object?[]?>(a => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == json)), Times.Once);
    }
}
