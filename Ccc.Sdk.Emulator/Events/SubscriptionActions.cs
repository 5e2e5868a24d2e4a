using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.Events;

/// <summary>One entry of UpdateSubscription's <c>EventList</c>: the cloud's model <c>{Disabled, Name, Topic}</c>.</summary>
internal sealed class EventListItemDto
{
    public required bool Disabled { get; init; }
    public required string Name { get; init; }
    public required string Topic { get; init; }
}

/// <summary>
/// UpdateSubscription's <c>Data</c>, exactly the cloud's model (api/ccc-api-2020-07-01.json): <c>{AccessPoint,
/// EventList[{Disabled, Name, Topic}], InstanceId, MqInstanceId, MqType, ProducerId, Topic, Username}</c>, all
/// strings but the list. Never the Password (nor the AliyunUid, which the model does not have). The control API's
/// read-back (<c>GET /_emulator/subscriptions/{instanceId}</c>) serves the same object.
/// </summary>
internal sealed class SubscriptionDto
{
    public required string AccessPoint { get; init; }
    public required List<EventListItemDto> EventList { get; init; }
    public required string InstanceId { get; init; }
    public required string MqInstanceId { get; init; }
    public required string MqType { get; init; }
    public required string ProducerId { get; init; }
    public required string Topic { get; init; }
    public required string Username { get; init; }
}

/// <summary>
/// UpdateSubscription (docs/reference/events.md), with the cloud's parameters: a RocketMQ 5 subscription (access point,
/// topic, group, user name, password: stored, never delivered to) or a webhook address (pushed to). The read-back is
/// not an OpenAPI action (the cloud has none): it is the control API's, see decisions/0004.
/// </summary>
internal static class SubscriptionActions
{
    public static void Register(ActionRegistry registry)
    {
        // Parameters (AliyunUid a long, AccessPoint and EventSubscriptionsJson required) and Params come from the description.
        registry.Add("UpdateSubscription", UpdateSubscription);
    }

    private static object UpdateSubscription(ActionContext context)
    {
        var instance = context.Instance;
        var accessPoint = context.Require("AccessPoint").Trim();
        var producerId = context.Get("ProducerId") ?? "";
        var topic = context.Get("DefaultTopic") ?? "";
        var mqType = context.Get("MqType");
        var looksLikeUrl = accessPoint.Contains("://", StringComparison.Ordinal);

        // A webhook: PID_Webhook / Topic_Webhook, or an address with "://" and no MqType. An explicit MqType (e.g.
        // rocketmq5) without the webhook markers is a message queue, whatever its access point looks like.
        var webhook = producerId == EventSubscription.WebhookProducerId || topic == EventSubscription.WebhookTopic || (looksLikeUrl && mqType is null);
        if (webhook)
        {
            if (!Uri.TryCreate(accessPoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            {
                throw ApiErrors.ParameterFormat("AccessPoint", "A webhook AccessPoint must be an absolute http:// or https:// URL");
            }

            if (producerId.Length > 0 && producerId != EventSubscription.WebhookProducerId)
            {
                throw ApiErrors.ParameterInvalid("ProducerId", $"A webhook subscription uses ProducerId {EventSubscription.WebhookProducerId}");
            }

            if (topic.Length > 0 && topic != EventSubscription.WebhookTopic)
            {
                throw ApiErrors.ParameterInvalid("DefaultTopic", $"A webhook subscription uses DefaultTopic {EventSubscription.WebhookTopic}");
            }

            producerId = EventSubscription.WebhookProducerId;
            topic = EventSubscription.WebhookTopic;
        }
        else
        {
            // RocketMQ (MqType e.g. rocketmq5; ProducerId is the group): stored and read back through the control API,
            // never delivered to (the emulator does not speak MQ).
            if (producerId.Length == 0)
            {
                throw ApiErrors.ParameterBlank("ProducerId");
            }

            if (topic.Length == 0)
            {
                throw ApiErrors.ParameterBlank("DefaultTopic");
            }
        }

        var json = context.Require("EventSubscriptionsJson");
        var items = ParseEventSubscriptions(json, topic);
        var subscription = new EventSubscription
        {
            InstanceId = instance.InstanceId,
            AccessPoint = accessPoint,
            IsWebhook = webhook,
            EventSubscriptionsJson = json,
            EventSubscriptions = items,
            EnabledTypes = items.GroupBy(i => i.Name, StringComparer.Ordinal)
                .Where(g => !g.Last().Disabled)
                .Select(g => g.Key)
                .ToHashSet(StringComparer.Ordinal),
            ProducerId = producerId,
            DefaultTopic = topic,
            MqType = mqType ?? "",
            MqInstanceId = context.Get("MqInstanceId") ?? "",
            Username = context.Get("Username") ?? "",
            Password = context.Get("Password") ?? "",
            AliyunUid = context.Get("AliyunUid") is { } uid ? long.Parse(uid, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null,
            PublicHost = context.PublicHost,
        };
        context.State.Events.Subscribe(subscription);
        return ToDto(subscription);
    }

    /// <summary>
    /// <c>[{"Name":"Dialing","Disabled":false},…]</c>; Name must be an event name of docs/reference/events.md, Disabled a
    /// boolean (default false), Topic a string (default <paramref name="defaultTopic"/>: the EventList's Topic).
    /// </summary>
    private static List<(string Name, bool Disabled, string Topic)> ParseEventSubscriptions(string json, string defaultTopic)
    {
        const string Shape = "Expected a JSON array like [{\"Name\":\"Dialing\",\"Disabled\":false}]";
        var document = JsonText.TryParse(json) ?? throw ApiErrors.ParameterFormat("EventSubscriptionsJson", Shape + " (valid Unicode).");

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw ApiErrors.ParameterFormat("EventSubscriptionsJson", Shape + ".");
            }

            var items = new List<(string, bool, string)>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object
                    || !element.TryGetProperty("Name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw ApiErrors.ParameterFormat("EventSubscriptionsJson", Shape + "; every item needs a string Name.");
                }

                var disabled = false;
                if (element.TryGetProperty("Disabled", out var flag))
                {
                    disabled = flag.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw ApiErrors.ParameterFormat("EventSubscriptionsJson", "Disabled must be true or false."),
                    };
                }

                var itemTopic = defaultTopic;
                if (element.TryGetProperty("Topic", out var t))
                {
                    itemTopic = t.ValueKind == JsonValueKind.String
                        ? t.GetString() is { Length: > 0 } given ? given : defaultTopic
                        : throw ApiErrors.ParameterFormat("EventSubscriptionsJson", "Topic must be a string.");
                }

                var type = name.GetString()!;
                if (!EventPayload.SubscribableTypes.Contains(type))
                {
                    throw ApiErrors.ParameterInvalid("EventSubscriptionsJson", $"Unknown event type '{type}'");
                }

                items.Add((type, disabled, itemTopic));
            }

            return items;
        }
    }

    /// <summary>The cloud's model of the stored subscription (no Password, no AliyunUid).</summary>
    internal static SubscriptionDto ToDto(EventSubscription s) => new()
    {
        AccessPoint = s.AccessPoint,
        EventList = s.EventSubscriptions.Select(i => new EventListItemDto { Disabled = i.Disabled, Name = i.Name, Topic = i.Topic }).ToList(),
        InstanceId = s.InstanceId,
        MqInstanceId = s.MqInstanceId,
        MqType = s.MqType,
        ProducerId = s.ProducerId,
        Topic = s.DefaultTopic,
        Username = s.Username,
    };
}
