using System.Text;
using Ccc.Sdk.Emulator.Calls;
using Microsoft.AspNetCore.Http.Features;

namespace Ccc.Sdk.Emulator.Control;

/// <summary>
/// The live dashboard (docs/emulator.md#dashboard): <c>GET /_emulator/</c> (the page; <c>/_emulator</c> redirects
/// there), its script and stylesheet <c>/_emulator/dashboard.js|css</c>, the read-only queue list
/// <c>GET /_emulator/queue[?instanceId=]</c> and the Server-Sent Events feed <c>GET /_emulator/stream</c> that tells the
/// page when to fetch the lists again. Local only, like every <c>/_emulator</c> path (<see cref="Hosting.LocalOnlyGuard"/>).
/// The page runs no inline script (its Content-Security-Policy forbids it) and puts wire text into the page as text only.
/// </summary>
internal sealed partial class ControlApi
{
    /// <summary>The page's policy: its own script, stylesheet and fetches; nothing inline, nothing from elsewhere.</summary>
    internal const string DashboardContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string DashboardResourcePrefix = "Ccc.Sdk.Emulator.Control.Assets.";

    /// <summary>How often an idle stream sends a comment line (a gone client is noticed at the latest then).</summary>
    private static readonly TimeSpan StreamKeepAlive = TimeSpan.FromSeconds(15);

    private static readonly Lazy<byte[]> DashboardHtml = new(() => DashboardAsset("dashboard.html"));
    private static readonly Lazy<byte[]> DashboardScript = new(() => DashboardAsset("dashboard.js"));
    private static readonly Lazy<byte[]> DashboardCss = new(() => DashboardAsset("dashboard.css"));

    /// <summary><c>GET /_emulator/</c>: the page; <c>GET /_emulator</c> redirects to it (its relative URLs need the slash).</summary>
    private static async Task DashboardPageAsync(HttpContext context, CancellationToken ct)
    {
        RequireQuery(context.Request);
        if (string.IsNullOrEmpty(context.Request.Path.Value))
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = context.Request.PathBase + "/";
            return;
        }

        await ServeDashboardAssetAsync(context, DashboardHtml.Value, "text/html; charset=utf-8", ct).ConfigureAwait(false);
    }

    private static async Task ServeDashboardAssetAsync(HttpContext context, byte[] content, string contentType, CancellationToken ct)
    {
        RequireQuery(context.Request);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = DashboardContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /_emulator/queue[?instanceId=]</c>: the calls waiting in each instance's queue, in queue order:
    /// <c>[{contactId, instanceId, position, callingNumber, calledNumber, skillGroupId, targetUserId, enqueueTime, waitMs}]</c>
    /// (<c>targetUserId</c> is empty for a skill group's queue; <c>waitMs</c> on the emulator's clock).
    /// </summary>
    private async Task ListQueueAsync(HttpContext context, CancellationToken ct)
    {
        var instances = InstancesOf(context.Request);
        var now = _state.NowMilliseconds;
        await WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartArray();
            foreach (var instance in instances)
            {
                lock (instance.Gate)
                {
                    var position = 0;
                    foreach (var call in instance.Calls.Queue)
                    {
                        w.WriteStartObject();
                        w.WriteString("contactId", call.JobId);
                        w.WriteString("instanceId", instance.InstanceId);
                        w.WriteNumber("position", ++position);
                        w.WriteString("callingNumber", call.CallingNumber);
                        w.WriteString("calledNumber", call.CalledNumber);
                        w.WriteString("skillGroupId", call.SkillGroupId);
                        w.WriteString("targetUserId", call.TargetUserId);
                        w.WriteString("enqueueTime", Events.EventPayload.IsoTime(call.QueueStart));
                        w.WriteNumber("waitMs", Math.Max(0, now - call.QueueStart));
                        w.WriteEndObject();
                    }
                }
            }

            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /_emulator/stream</c>: Server-Sent Events. First <c>event: hello</c> (the client is subscribed from then
    /// on), then one <c>event: call</c> per engine event and one <c>event: agent</c> per agent state change, and a
    /// comment line when idle. Ends when the client goes, the emulator stops, or the client falls too far behind.
    /// </summary>
    private async Task StreamAsync(HttpContext context, CancellationToken ct)
    {
        RequireQuery(context.Request);
        var streams = DashboardStreams.For(_state);
        using var client = streams.Open(Engine)
            ?? throw new ControlApiException(429, "TooManyStreams", $"At most {DashboardStreams.MaxClients} dashboard streams may be open at once; close one.");
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        var token = linked.Token;

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            var hello = DashboardClient.Format("hello", w => w.WriteString("time", Events.EventPayload.IsoTime(_state.NowMilliseconds)));
            await WriteTextAsync(response, "retry: 2000\n" + hello, token).ConfigureAwait(false);

            var reader = client.Messages;
            Task<bool>? waiting = null;
            var text = new StringBuilder();
            while (true)
            {
                waiting ??= reader.WaitToReadAsync(token).AsTask();
                if (await Task.WhenAny(waiting, Task.Delay(StreamKeepAlive, token)).ConfigureAwait(false) != waiting)
                {
                    await WriteTextAsync(response, ": keep-alive\n\n", token).ConfigureAwait(false);
                    continue;
                }

                if (!await waiting.ConfigureAwait(false))
                {
                    return; // Dropped (too far behind): the browser's EventSource reconnects and fetches the lists again.
                }

                waiting = null;
                text.Clear();
                while (text.Length < 64 * 1024 && reader.TryRead(out var message))
                {
                    text.Append(message);
                }

                await WriteTextAsync(response, text.ToString(), token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away or the emulator is stopping: the stream just ends.
        }
    }

    private static async Task WriteTextAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }

    private static byte[] DashboardAsset(string fileName)
    {
        using var stream = typeof(ControlApi).Assembly.GetManifestResourceStream(DashboardResourcePrefix + fileName)
            ?? throw new InvalidOperationException("The emulator was built without Control/Assets/" + fileName + ".");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
