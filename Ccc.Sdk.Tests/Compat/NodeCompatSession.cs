using System.Diagnostics;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Compat;

/// <summary>
/// Runs Ccc.Sdk.Tests/Compat/node/session.js: one long-lived Node.js process with Alibaba's @alicloud/openapi-client,
/// sending one call per <see cref="SendAsync"/>, so a test can chain calls on earlier answers.
/// </summary>
internal sealed class NodeCompatSession : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private NodeCompatSession(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts the session against <paramref name="endpoint"/> in signature mode <paramref name="mode"/> (<c>v3</c> or <c>v2</c>).</summary>
    public static NodeCompatSession Start(Uri endpoint, string accessKeyId, string accessKeySecret, string mode)
    {
        var start = NodeCompatClient.StartInfo("session.js", endpoint, accessKeyId, accessKeySecret, mode);
        return new NodeCompatSession(Process.Start(start)!);
    }

    /// <summary>Sends one action; returns the client's result (<c>{action, ok, statusCode, body}</c> or <c>{action, ok: false, code, …}</c>).</summary>
    public async Task<JsonElement> SendAsync(string action, IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> body)
    {
        string line = JsonSerializer.Serialize(new { action, query, body });
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(CallTimeout);
        string? answer;
        try
        {
            answer = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The Node.js client did not answer {action} within {CallTimeout.TotalSeconds} s.");
        }

        if (answer is null)
        {
            await _process.WaitForExitAsync();
            Assert.Fail($"node exited with {_process.ExitCode} before answering {action}: {await _stderr}");
        }

        using var document = JsonDocument.Parse(answer!);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
