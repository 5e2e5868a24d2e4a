using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// <c>ccc listen --forward-to URL [--events A,B]</c> (as Stripe's <c>listen</c>): points the instance's event push at a
/// loopback listener of the tool (UpdateSubscription, the cloud's action), prints the receiver's secret once, forwards
/// every push unchanged (body and <c>webhook-*</c> headers) to <c>--forward-to</c>, prints one line per event and
/// answers the emulator with the receiver's status, so the emulator's retries behave as with a direct push. Ctrl+C
/// puts the previous subscription back and exits 0 (decisions/0024).
/// </summary>
internal sealed class ListenCommand(IAnsiConsole console) : AsyncCommand<ListenCommand.Settings>
{
    /// <summary>How long the receiver may take: under the emulator's 10 s attempt timeout, so the tool answers first.</summary>
    internal static readonly TimeSpan ReceiverTimeout = TimeSpan.FromSeconds(9);

    private const int MaxBodyBytes = 1024 * 1024;

    internal sealed class Settings : EmulatorSettings
    {
        [CommandOption("--forward-to <URL>")]
        [Description("Your receiver's address, e.g. http://localhost:5000/ccc/events. Required.")]
        public string ForwardTo { get; set; } = "";

        [CommandOption("--events <NAMES>")]
        [Description("The event types to subscribe, comma-separated (e.g. CDRReady,AgentReady). Default: those already subscribed, else all.")]
        public string? Events { get; set; }

        public Uri ForwardUri => new(ForwardTo);

        public override ValidationResult Validate() =>
            ForwardTo.Length == 0 ? ValidationResult.Error("--forward-to is required (your receiver's address, e.g. http://localhost:5000/ccc/events).")
            : !Uri.TryCreate(ForwardTo, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                ? ValidationResult.Error($"--forward-to must be an absolute http:// or https:// address, not '{ForwardTo}'.")
            : base.Validate();
    }

    /// <summary>One forwarded event, as <c>--json</c> prints it (one object per line).</summary>
    internal sealed record ForwardLine(string? Time, string? EventType, string? ContactId, string? WebhookId, int? Status, long Ms, string? Error, bool Delivered);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        var previous = await PreviousAsync(control, cancellationToken).ConfigureAwait(false);
        var types = await EventTypesAsync(control, settings.Events, previous, cancellationToken).ConfigureAwait(false);
        var (client, _) = settings.CreateClient(control.Endpoint, Console.Error);
        using (client)
        using (var receiver = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = ReceiverTimeout }) { Timeout = ReceiverTimeout })
        {
            var forwarder = new Forwarder(console, settings.Json, settings.ForwardUri, receiver);
            var app = await StartListenerAsync(forwarder, cancellationToken).ConfigureAwait(false);
            await using (app.ConfigureAwait(false))
            {
                var address = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)) + "/");
                await client.UpdateSubscriptionAsync(new UpdateSubscriptionRequest
                {
                    AccessPoint = address.ToString(),
                    EventSubscriptionsJson = EventList(types),
                }, cancellationToken).ConfigureAwait(false);
                try
                {
                    var secret = await SecretAsync(control, cancellationToken).ConfigureAwait(false);
                    var notes = settings.Json ? Console.Error : console.Profile.Out.Writer;
                    notes.WriteLine($"Forwarding {control.InstanceId}'s events ({types.Count} types) from {address} to {settings.ForwardTo}; Ctrl+C to stop.");
                    notes.WriteLine($"Your receiver's secret: {secret}");
                    notes.WriteLine("  (the emulator's own local signing secret, not a cloud credential: configure your receiver's webhook verifier with it)");
                    notes.Flush();
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C / SIGTERM: put the previous subscription back below.
                }
                finally
                {
                    await RestoreAsync(client, previous, address, types).ConfigureAwait(false);
                }

                (settings.Json ? Console.Error : console.Profile.Out.Writer).WriteLine(previous is null
                    ? "Stopped; nothing is pushed any more (the subscription's event types are all off again)."
                    : "Stopped; the previous subscription is back.");
                return ExitCodes.Success;
            }
        }
    }

    /// <summary>The subscription before listen (GET /_emulator/subscriptions/{instance}), or null when there is none.</summary>
    private static async Task<JsonElement?> PreviousAsync(EmulatorControl control, CancellationToken ct)
    {
        using var previous = await control.GetAsync("/_emulator/subscriptions/" + Uri.EscapeDataString(control.InstanceId), ct, notFoundIsNull: true).ConfigureAwait(false);
        if (previous is null)
        {
            return null;
        }

        var root = previous.RootElement.Clone();
        if (!root.GetProperty("isWebhook").GetBoolean() && root.GetProperty("passwordSet").GetBoolean())
        {
            throw CliException.Configuration($"instance {control.InstanceId}'s subscription is a message queue with a password, which the control API never shows, so listen could not put it back; "
                + "the emulator does not push to a message queue anyway: subscribe a webhook address first (UpdateSubscription), or use another instance.");
        }

        return root;
    }

    /// <summary>--events (checked against GET /_emulator/event-types), else the previous webhook's types, else all.</summary>
    private static async Task<List<string>> EventTypesAsync(EmulatorControl control, string? requested, JsonElement? previous, CancellationToken ct)
    {
        using var known = await control.GetAsync("/_emulator/event-types", ct).ConfigureAwait(false);
        var all = known!.RootElement.EnumerateArray().Select(t => t.GetString() ?? "").ToList();
        if (requested is not null)
        {
            var names = requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            var unknown = names.Where(n => !all.Contains(n, StringComparer.Ordinal)).ToList();
            if (names.Count == 0 || unknown.Count > 0)
            {
                throw CliException.Usage($"--events: unknown event type{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.DefaultIfEmpty("(none given)"))}; known: {string.Join(", ", all)}.");
            }

            return names;
        }

        if (previous is { } p && p.GetProperty("isWebhook").GetBoolean() && p.GetProperty("eventTypes").GetArrayLength() > 0)
        {
            return p.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString() ?? "").ToList();
        }

        return all;
    }

    private static string EventList(IEnumerable<string> types) =>
        "[" + string.Join(',', types.Select(t => $"{{\"Name\":\"{JsonEncodedText.Encode(t)}\"}}")) + "]";

    private static async Task<string> SecretAsync(EmulatorControl control, CancellationToken ct)
    {
        using var subscription = await control.GetAsync("/_emulator/subscriptions/" + Uri.EscapeDataString(control.InstanceId), ct).ConfigureAwait(false);
        var secrets = subscription!.RootElement.GetProperty("secrets");
        // During a rotation every active secret signs; the newest is the one to configure.
        return secrets[secrets.GetArrayLength() - 1].GetString() ?? "";
    }

    /// <summary>
    /// Puts the subscription back as it was (UpdateSubscription with its stored parameters), or, when there was none,
    /// leaves one with every type off (the cloud has no action that deletes a subscription; its secret stays for the next listen).
    /// </summary>
    private static async Task RestoreAsync(CccClient client, JsonElement? previous, Uri address, IReadOnlyCollection<string> types)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        UpdateSubscriptionRequest request;
        if (previous is { } p)
        {
            var data = p.GetProperty("subscription");
            static string? NonEmpty(JsonElement e, string name) => e.GetProperty(name).GetString() is { Length: > 0 } v ? v : null;
            request = new UpdateSubscriptionRequest
            {
                AccessPoint = p.GetProperty("accessPoint").GetString(),
                EventSubscriptionsJson = p.GetProperty("eventSubscriptionsJson").GetString(),
                ProducerId = NonEmpty(data, "ProducerId"),
                DefaultTopic = NonEmpty(data, "Topic"),
                MqType = NonEmpty(data, "MqType"),
                MqInstanceId = NonEmpty(data, "MqInstanceId"),
                Username = NonEmpty(data, "Username"),
                AliyunUid = p.GetProperty("aliyunUid").ValueKind == JsonValueKind.Number ? p.GetProperty("aliyunUid").GetInt64() : null,
            };
        }
        else
        {
            request = new UpdateSubscriptionRequest
            {
                AccessPoint = address.ToString(),
                EventSubscriptionsJson = "[" + string.Join(',', types.Select(t => $"{{\"Name\":\"{JsonEncodedText.Encode(t)}\",\"Disabled\":true}}")) + "]",
            };
        }

        await client.UpdateSubscriptionAsync(request, limit.Token).ConfigureAwait(false);
    }

    private static async Task<WebApplication> StartListenerAsync(Forwarder forwarder, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, ToolLifetime>(); // Ctrl+C is the command's, not the listener's
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        var app = builder.Build();
        app.Run(forwarder.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);
        return app;
    }

    /// <summary>A host lifetime that leaves signals to the tool (the command stops the listener itself).</summary>
    private sealed class ToolLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Forwards one push to the receiver and prints its line.</summary>
    private sealed class Forwarder(IAnsiConsole console, bool json, Uri forwardTo, HttpClient receiver)
    {
        private static readonly JsonSerializerOptions LineOptions = new(CliOutput.JsonOptions) { WriteIndented = false };
        private readonly Lock _print = new();

        public async Task HandleAsync(HttpContext context)
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }

            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            var body = buffer.ToArray();
            using var request = new HttpRequestMessage(HttpMethod.Post, forwardTo) { Content = new ByteArrayContent(body) };
            foreach (var (name, values) in context.Request.Headers)
            {
                if (name.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase) || name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase))
                {
                    request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
                }
            }

            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            var started = Stopwatch.GetTimestamp();
            int? status = null;
            string? error = null;
            try
            {
                using var response = await receiver.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException e)
            {
                error = e.HttpRequestError switch
                {
                    HttpRequestError.ConnectionError => "receiver down: the connection was refused or dropped",
                    HttpRequestError.NameResolutionError => "receiver down: its host name could not be resolved",
                    _ => "receiver down: " + e.HttpRequestError,
                };
            }
            catch (TaskCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                error = $"the receiver did not answer within {ReceiverTimeout.TotalSeconds:0} s";
            }

            var ms = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            // The emulator sees what a direct push would have: the receiver's status, or a failure it retries.
            context.Response.StatusCode = status ?? (error!.StartsWith("the receiver did not", StringComparison.Ordinal) ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway);
            Print(body, context.Request.Headers["webhook-id"].ToString(), status, ms, error);
        }

        private void Print(byte[] body, string webhookId, int? status, long ms, string? error)
        {
            string? eventType = null, contactId = null, time = null;
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                string? Str(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                (eventType, contactId, time) = (Str("eventType"), Str("contactId"), Str("eventTime"));
            }
            catch (JsonException)
            {
                // Forwarded unchanged all the same; the line just has less to say.
            }

            var delivered = status is >= 200 and < 300;
            lock (_print)
            {
                if (json)
                {
#pragma warning disable IL2026, IL3050 // The tool is not trimmed; the line is its own record.
                    var line = JsonSerializer.Serialize(new ForwardLine(time, eventType, contactId, webhookId, status, ms, error, delivered), LineOptions);
#pragma warning restore IL2026, IL3050
                    console.Profile.Out.Writer.WriteLine(line);
                }
                else
                {
                    var shown = DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? CliOutput.Time(t) : time ?? "";
                    var answer = status is { } s ? $"{s}{(delivered ? "" : " (the emulator will retry)")}" : $"{error} (the emulator will retry)";
                    console.Profile.Out.Writer.WriteLine($"{shown}  {eventType ?? "?",-22} contact {contactId ?? "-"}  -> {answer}  {ms} ms");
                }

                console.Profile.Out.Writer.Flush();
            }
        }
    }
}
