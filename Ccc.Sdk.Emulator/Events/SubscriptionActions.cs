using System.Text.Json;
using Ccc.Sdk.Emulator.Gateway;
using static Ccc.Sdk.Emulator.Gateway.ActionParameter;

namespace Ccc.Sdk.Emulator.Events;

/// <summary>One entry of EventSubscriptionsJson as read back.</summary>
internal sealed class EventSubscriptionItemDto
{
    public required string Name { get; init; }
    public required bool Disabled { get; init; }
}

/// <summary>
/// The subscription as UpdateSubscription and GetSubscription return it (emulator choice: the cloud documents no
/// read-back action, see docs/decisions/0004-event-subscription-read-back.md). Never carries the Password.
/// </summary>
internal sealed class SubscriptionDto
{
    public required string InstanceId { get; init; }
    public required string AccessPoint { get; init; }
    public required string EventSubscriptionsJson { get; init; }
    public required List<EventSubscriptionItemDto> EventSubscriptions { get; init; }
    public required string ProducerId { get; init; }
    public required string DefaultTopic { get; init; }
    public required string MqType { get; init; }
    public required string MqInstanceId { get; init; }
    public required string Username { get; init; }
    public required string AliyunUid { get; init; }
    public required bool PasswordSet { get; init; }
    public required bool IsWebhook { get; init; }
}

/// <summary>UpdateSubscription (docs/reference/events.md) and its read-back GetSubscription.</summary>
internal static class SubscriptionActions
{
    public static void Register(ActionRegistry registry)
    {
        registry.Add("UpdateSubscription", hasParams: false, UpdateSubscription,
            Required("InstanceId"), Required("AccessPoint"), Required("EventSubscriptionsJson"), Optional("ProducerId"),
            Optional("DefaultTopic"), Optional("MqType"), Optional("MqInstanceId"), Optional("Username"), Optional("Password"),
            Optional("AliyunUid"));
        registry.Add("GetSubscription", hasParams: false, GetSubscription, Required("InstanceId"));
    }

    private static object UpdateSubscription(ActionContext context)
    {
        var instance = context.Instance;
        var accessPoint = context.Require("AccessPoint").Trim();
        var producerId = context.Get("ProducerId") ?? "";
        var topic = context.Get("DefaultTopic") ?? "";
        var looksLikeUrl = accessPoint.Contains("://", StringComparison.Ordinal);
        var webhook = looksLikeUrl || producerId == EventSubscription.WebhookProducerId || topic == EventSubscription.WebhookTopic;
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
            // RocketMQ: stored and read back, never delivered (the emulator does not speak MQ).
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
        var items = ParseEventSubscriptions(json);
        var subscription = new EventSubscription
        {
            InstanceId = instance.InstanceId,
            AccessPoint = accessPoint,
            EventSubscriptionsJson = json,
            EventSubscriptions = items,
            EnabledTypes = items.GroupBy(i => i.Name, StringComparer.Ordinal)
                .Where(g => !g.Last().Disabled)
                .Select(g => g.Key)
                .ToHashSet(StringComparer.Ordinal),
            ProducerId = producerId,
            DefaultTopic = topic,
            MqType = context.Get("MqType") ?? "",
            MqInstanceId = context.Get("MqInstanceId") ?? "",
            Username = context.Get("Username") ?? "",
            Password = context.Get("Password") ?? "",
            AliyunUid = context.Get("AliyunUid") ?? "",
            PublicHost = context.PublicHost,
        };
        context.State.Events.Subscribe(subscription);
        return ToDto(subscription);
    }

    private static object GetSubscription(ActionContext context)
    {
        var instance = context.Instance;
        var deliverer = context.State.Events.Find(instance.InstanceId) ?? throw ApiErrors.SubscriptionNotFound(instance.InstanceId);
        return ToDto(deliverer.Subscription);
    }

    /// <summary><c>[{"Name":"Dialing","Disabled":false},…]</c>; Name must be an event name of docs/reference/events.md, Disabled a boolean (default false).</summary>
    private static List<(string Name, bool Disabled)> ParseEventSubscriptions(string json)
    {
        const string Shape = "Expected a JSON array like [{\"Name\":\"Dialing\",\"Disabled\":false}]";
        var document = JsonText.TryParse(json) ?? throw ApiErrors.ParameterFormat("EventSubscriptionsJson", Shape + " (valid Unicode).");

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw ApiErrors.ParameterFormat("EventSubscriptionsJson", Shape + ".");
            }

            var items = new List<(string, bool)>();
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

                var type = name.GetString()!;
                if (!EventPayload.SubscribableTypes.Contains(type))
                {
                    throw ApiErrors.ParameterInvalid("EventSubscriptionsJson", $"Unknown event type '{type}'");
                }

                items.Add((type, disabled));
            }

            return items;
        }
    }

    internal static SubscriptionDto ToDto(EventSubscription s) => new()
    {
        InstanceId = s.InstanceId,
        AccessPoint = s.AccessPoint,
        EventSubscriptionsJson = s.EventSubscriptionsJson,
        EventSubscriptions = s.EventSubscriptions.Select(i => new EventSubscriptionItemDto { Name = i.Name, Disabled = i.Disabled }).ToList(),
        ProducerId = s.ProducerId,
        DefaultTopic = s.DefaultTopic,
        MqType = s.MqType,
        MqInstanceId = s.MqInstanceId,
        Username = s.Username,
        AliyunUid = s.AliyunUid,
        PasswordSet = s.Password.Length > 0,
        IsWebhook = s.IsWebhook,
    };
}
