using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator.Events;

namespace Ccc.Sdk.Emulator.Control;

/// <summary>
/// <c>/_emulator/subscriptions/{instanceId}</c>: the read-back of what UpdateSubscription stored (the cloud has no
/// read action, so it lives here and not in the OpenAPI: decisions/0004), the event push's secrets (the cloud's API has
/// no field for them), counters, rotation and test mode. See docs/emulator-events.md.
/// </summary>
internal sealed partial class ControlApi
{
    private static readonly string[] RotateProperties = ["secret", "overlapSeconds"];
    private static readonly string[] ChaosProperties = ["duplicate", "reorder", "drop", "seed"];

    private async Task SubscriptionsAsync(HttpContext context, string method, string instanceId, string[] rest, CancellationToken ct)
    {
        var deliverer = _state.Events.Find(instanceId)
            ?? throw ControlApiException.NotFound($"Instance '{instanceId}' has no event subscription; call UpdateSubscription first.");
        switch (rest)
        {
            case []:
                RequireMethod(method, "GET");
                break;
            case ["rotate-secret"]:
                RequireMethod(method, "POST");
                await RotateAsync(context, deliverer, ct).ConfigureAwait(false);
                break;
            case ["secrets", var index]:
                RequireMethod(method, "DELETE");
                if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || !RemoveSecret(deliverer, i))
                {
                    throw ControlApiException.NotFound($"No secret at index '{index}'.");
                }

                break;
            case ["chaos"]:
                if (HttpMethods.IsPut(method))
                {
                    using var body = await ReadBodyAsync(context, ct).ConfigureAwait(false);
                    deliverer.Chaos = ParseChaos(body.RootElement);
                }
                else
                {
                    RequireMethod(method, "GET");
                }

                break;
            default:
                throw ControlApiException.NotFound($"No control endpoint at '{context.Request.PathBase}{context.Request.Path}'.");
        }

        var snapshot = deliverer.Snapshot();
        await WriteAsync(context.Response, 200, w => WriteSubscription(w, snapshot), ct).ConfigureAwait(false);
    }

    private async Task RotateAsync(HttpContext context, WebhookDeliverer deliverer, CancellationToken ct)
    {
        string? secret = null;
        var overlap = _state.Events.Settings.SecretOverlap;
        if (HasBody(context.Request))
        {
            using var body = await ReadBodyAsync(context, ct).ConfigureAwait(false);
            var root = body.RootElement;
            RequireObject(root, RotateProperties);
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("secret"))
                {
                    secret = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    if (secret is null || WebhookSigner.KeyOf(secret) is null)
                    {
                        throw ControlApiException.BadRequest("'secret' must be 'whsec_' followed by a base64 key of at least 24 bytes.");
                    }
                }
                else if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var seconds) || seconds < 0)
                {
                    throw ControlApiException.BadRequest("'overlapSeconds' must be a whole number of seconds, 0 or more.");
                }
                else
                {
                    overlap = TimeSpan.FromSeconds(seconds);
                }
            }
        }

        deliverer.Rotate(secret, overlap);
    }

    private static bool RemoveSecret(WebhookDeliverer deliverer, int index)
    {
        try
        {
            return deliverer.RemoveSecret(index);
        }
        catch (InvalidOperationException e)
        {
            throw ControlApiException.Conflict("LastSecret", e.Message);
        }
    }

    private static ChaosSettings ParseChaos(JsonElement root)
    {
        RequireObject(root, ChaosProperties);
        double Rate(string name)
        {
            if (!root.TryGetProperty(name, out var value))
            {
                return 0;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var rate) || rate < 0 || rate > 1)
            {
                throw ControlApiException.BadRequest($"'{name}' must be a number from 0 to 1.");
            }

            return rate;
        }

        var seed = 0;
        if (root.TryGetProperty("seed", out var s) && (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out seed)))
        {
            throw ControlApiException.BadRequest("'seed' must be a whole number.");
        }

        return new ChaosSettings(Rate("duplicate"), Rate("reorder"), Rate("drop"), seed);
    }

    private static void RequireObject(JsonElement root, string[] allowed)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ControlApiException.BadRequest("The body must be a JSON object.");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw ControlApiException.BadRequest($"Unknown property '{property.Name}'; allowed: {string.Join(", ", allowed)}.");
            }
        }
    }

    private static void WriteSubscription(Utf8JsonWriter w, DelivererSnapshot s)
    {
        w.WriteStartObject();
        w.WriteString("instanceId", s.Subscription.InstanceId);
        w.WriteString("accessPoint", s.Subscription.AccessPoint);
        w.WriteBoolean("isWebhook", s.Subscription.IsWebhook);

        // The read-back: exactly UpdateSubscription's Data (the cloud's model), then what that model does not carry.
        w.WritePropertyName("subscription");
        JsonSerializer.Serialize(w, SubscriptionActions.ToDto(s.Subscription), Gateway.EmulatorJsonContext.Default.SubscriptionDto);
        w.WriteString("eventSubscriptionsJson", s.Subscription.EventSubscriptionsJson);
        if (s.Subscription.AliyunUid is { } uid)
        {
            w.WriteNumber("aliyunUid", uid);
        }
        else
        {
            w.WriteNull("aliyunUid");
        }

        w.WriteBoolean("passwordSet", s.Subscription.Password.Length > 0); // never the password itself
        w.WriteStartArray("eventTypes");
        foreach (var type in s.Subscription.EnabledTypes.Order(StringComparer.Ordinal))
        {
            w.WriteStringValue(type);
        }

        w.WriteEndArray();
        w.WriteStartArray("secrets");
        foreach (var secret in s.Secrets)
        {
            w.WriteStringValue(secret.Secret);
        }

        w.WriteEndArray();
        w.WriteStartArray("secretExpiries");
        foreach (var secret in s.Secrets)
        {
            if (secret.ExpiresAt is { } at)
            {
                w.WriteStringValue(EventPayload.IsoTime(at.ToUnixTimeMilliseconds()));
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteEndArray();
        WriteCounters(w, s);
        w.WriteStartObject("chaos");
        w.WriteNumber("duplicate", s.Chaos.Duplicate);
        w.WriteNumber("reorder", s.Chaos.Reorder);
        w.WriteNumber("drop", s.Chaos.Drop);
        w.WriteNumber("seed", s.Chaos.Seed);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A subscription's delivery counters, as both the per-instance view and the list show them.</summary>
    private static void WriteCounters(Utf8JsonWriter w, DelivererSnapshot s)
    {
        w.WriteNumber("pending", s.Pending);
        w.WriteNumber("delivered", s.Delivered);
        w.WriteNumber("failed", s.Failed);
        w.WriteNumber("dropped", s.Dropped);
        w.WriteNumber("overflow", s.Overflow);
        w.WriteNumber("attempts", s.Attempts);
        w.WriteNumber("waitingForRetry", s.Waiting);
    }
}
