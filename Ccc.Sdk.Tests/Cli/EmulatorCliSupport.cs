using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Tests.Cli;

/// <summary>A long-running <c>ccc</c> process (listen, emulator start) whose output lines the test reads as they come.</summary>
internal sealed class RunningCli : IAsyncDisposable
{
    private readonly Process _process;

    private RunningCli(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Stderr.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public ConcurrentQueue<string> Stdout { get; } = new();

    public ConcurrentQueue<string> Stderr { get; } = new();

    public string Output => $"--- stdout\n{string.Join('\n', Stdout)}\n--- stderr\n{string.Join('\n', Stderr)}";

    public static RunningCli Start(params string[] args)
    {
        var process = CliRunner.Start(args);
        process.StandardInput.Close();
        return new RunningCli(process);
    }

    /// <summary>Waits (at most <paramref name="seconds"/>) for a stdout line that matches; returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (Stdout.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No line with {what} (exited: {_process.HasExited}).\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGTERM (as a service manager or <c>kill</c> stops it); the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // the output handlers have run
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One push the test receiver took: its id, type, contact and whether <see cref="CccWebhookVerifier"/> accepted it.</summary>
internal sealed record VerifiedPush(string WebhookId, string EventType, string? ContactId, bool Verified);

/// <summary>
/// A user's webhook receiver as a small Kestrel app on 127.0.0.1:<see cref="Port"/>: it verifies every push with
/// Ccc.Sdk's <see cref="CccWebhookVerifier"/> and the secret <c>ccc listen</c> printed (401 when it does not verify,
/// 200 when it does). It can be stopped and started again on the same port (a receiver that is down, then back).
/// </summary>
internal sealed class VerifyingReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public VerifyingReceiver(int port) => Port = port;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/ccc/events";

    /// <summary>The secret to verify with (set once listen printed it).</summary>
    public string? Secret { get; set; }

    public ConcurrentQueue<VerifiedPush> Pushes { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.MapPost("/ccc/events", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var headers = context.Request.Headers;
            var verified = true;
            try
            {
                new CccWebhookVerifier([Secret ?? "whsec_" + Convert.ToBase64String(new byte[32])]).Verify(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], body);
            }
            catch (CccWebhookVerificationException)
            {
                verified = false;
            }

            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            Pushes.Enqueue(new VerifiedPush(headers["webhook-id"].ToString(), root.GetProperty("eventType").GetString()!,
                root.TryGetProperty("contactId", out var c) ? c.GetString() : null, verified));
            context.Response.StatusCode = verified ? 200 : 401;
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async Task<VerifiedPush> WaitForAsync(Func<VerifiedPush, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (Pushes.FirstOrDefault(match) is { } push)
            {
                return push;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver got no {what}; it got: {string.Join(" | ", Pushes)}");
            }

            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

/// <summary>Something that answers HTTP but is not an emulator: every request gets 404.</summary>
internal sealed class NotAnEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NotAnEmulator(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<NotAnEmulator> StartAsync()
    {
        var port = Ccc.Sdk.TestSupport.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.StatusCode = 404;
            return context.Response.WriteAsync("Not Found");
        });
        await app.StartAsync();
        return new NotAnEmulator(app, $"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
