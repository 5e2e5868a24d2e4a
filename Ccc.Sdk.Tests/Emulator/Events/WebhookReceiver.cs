using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Tests.Emulator.Events;

/// <summary>One request the receiver got.</summary>
internal sealed record ReceivedPush(string? WebhookId, string? Timestamp, string? Signature, string? ContentType, string? UserAgent, byte[] Body, int AnsweredStatus)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    public string EventType => Json.GetProperty("eventType").GetString()!;

    public override string ToString() => $"{WebhookId} {AnsweredStatus} {Encoding.UTF8.GetString(Body)}";
}

/// <summary>
/// A real Kestrel webhook receiver on 127.0.0.1:0 (minimal API) that records every request and answers with the
/// next queued status (default 200), optionally after a real delay.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses = new();

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedPush> Requests { get; } = new();

    /// <summary>How long the receiver waits before answering (real time).</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ReceivedPush> Received => Requests.ToArray();

    /// <summary>Requests answered 2xx.</summary>
    public IReadOnlyList<ReceivedPush> Accepted => Requests.Where(r => r.AnsweredStatus is >= 200 and < 300).ToArray();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var receiver = self!;
            if (receiver.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(receiver.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the sender gave up (its timeout) or stopped
                }
            }

            var status = receiver._statuses.TryDequeue(out var s) ? s : 200;
            var headers = context.Request.Headers;
            receiver.Requests.Enqueue(new ReceivedPush(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"],
                context.Request.ContentType, headers.UserAgent, buffer.ToArray(), status));
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new WebhookReceiver(app, address.TrimEnd('/') + "/hook");
        return self;
    }

    /// <summary>The next requests are answered with these statuses, in order.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    /// <summary>Waits (real time, at most 10 s) until <paramref name="condition"/> holds.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; received: {string.Join(" | ", Received.Select(r => r.ToString()))}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
