using System.Text.Json;
using Ccc.Sdk.Samples.Crm.History;
using Ccc.Sdk.Samples.Crm.Supervision;

namespace Ccc.Sdk.Samples.Crm.Emulator;

/// <summary>
/// Embedded-emulator mode only: subscribes the emulator's event push to the CRM's own webhook endpoint, the way an
/// operator subscribes the cloud (<c>UpdateSubscription</c>, through <see cref="CccClient.UpdateSubscriptionAsync"/>).
/// Against the cloud this is the operator's job.
/// </summary>
public static class EmulatorWebhooks
{
    /// <summary>The path the CRM receives events on.</summary>
    public const string Path = "/ccc/events";

    /// <summary>The event types the CRM uses: the call events of the in-progress view, <c>RecordingReady</c> and
    /// <c>CDRReady</c>, and the agent and queue events of the supervisor view.</summary>
    public static IReadOnlyList<string> EventTypes { get; } =
        [.. CallProgressEventHandler.EventTypes.Concat(WallboardEventHandler.EventTypes).Append("CDRReady").Distinct(StringComparer.Ordinal)];

    /// <summary>The webhook URL on one of the addresses the CRM listens on: loopback for a wildcard host.</summary>
    /// <param name="listening">The addresses the server bound (<c>app.Urls</c> after start).</param>
    /// <returns>The URL, e.g. <c>http://127.0.0.1:5126/ccc/events</c>.</returns>
    /// <exception cref="InvalidOperationException">The CRM listens on no HTTP address.</exception>
    public static Uri WebhookUrl(IEnumerable<string> listening)
    {
        var addresses = listening.Select(a => a.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal))
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .ToList();
        var address = addresses.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The CRM listens on no address the emulator could post events to.");
        var builder = new UriBuilder(address) { Path = Path };
        if (builder.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            builder.Host = "127.0.0.1";
        }

        return builder.Uri;
    }

    /// <summary>Subscribes the instance's event push to <paramref name="webhookUrl"/>.</summary>
    /// <param name="ccc">The client of the embedded emulator.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="webhookUrl">The CRM's webhook endpoint.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="CccException">The emulator refused the subscription.</exception>
    public static async Task SubscribeAsync(CccClient ccc, string instanceId, Uri webhookUrl, CancellationToken cancellationToken = default)
    {
        string subscriptions = JsonSerializer.Serialize(EventTypes.Select(name => new Dictionary<string, object> { ["Name"] = name, ["Disabled"] = false }));
        await ccc.UpdateSubscriptionAsync(
            new UpdateSubscriptionRequest
            {
                InstanceId = instanceId,
                AccessPoint = webhookUrl.ToString(),
                ProducerId = "PID_Webhook",
                DefaultTopic = "Topic_Webhook",
                EventSubscriptionsJson = subscriptions,
            },
            cancellationToken);
    }
}
