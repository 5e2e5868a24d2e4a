using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ccc.Sdk.Softphone;

/// <summary>Masks customer numbers the way the cloud's console does when an instance hides them (rule A2).</summary>
internal static class NumberMasking
{
    private const string Stars = "****";

    /// <summary>Keeps the first 3 and last 4 characters of a number of 8 or more (<c>13800000001</c> → <c>138****0001</c>);
    /// a shorter number keeps only its last 2 (<c>****01</c>), so a short number never shows in full.</summary>
    public static string? Mask(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return number;
        }
        return number.Length >= 8
            ? string.Concat(number.AsSpan(0, 3), Stars, number.AsSpan(number.Length - 4))
            : string.Concat(Stars, number.AsSpan(Math.Max(0, number.Length - 2)));
    }

    /// <summary>Masks the customer's number in the detail, and every occurrence of it in the call context, so the
    /// number does not leak through the raw context either. Internal (agent-to-agent) calls are left alone.</summary>
    public static CallDetail MaskCustomer(CallDetail detail, bool customerIsCaller)
    {
        if (detail.CallType is { } type && type.Contains("internal", StringComparison.OrdinalIgnoreCase))
        {
            return detail;
        }
        var customer = customerIsCaller ? detail.Caller : detail.Callee;
        if (string.IsNullOrEmpty(customer))
        {
            return detail;
        }
        var masked = Mask(customer)!;
        return detail with
        {
            Caller = customerIsCaller ? masked : detail.Caller,
            Callee = customerIsCaller ? detail.Callee : masked,
            CallContext = Replace(detail.CallContext, customer, masked),
        };
    }

    private static JsonElement Replace(JsonElement element, string number, string masked)
    {
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return element;
        }
        var node = JsonNode.Parse(element.GetRawText())!;
        node = ReplaceIn(node, number, masked);
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static JsonNode ReplaceIn(JsonNode node, string number, string masked)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is { } child && ReplaceIn(child, number, masked) is var replaced && !ReferenceEquals(replaced, child))
                    {
                        obj[key] = replaced;
                    }
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } child && ReplaceIn(child, number, masked) is var replaced && !ReferenceEquals(replaced, child))
                    {
                        array[i] = replaced;
                    }
                }
                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Contains(number, StringComparison.Ordinal):
                return JsonValue.Create(text.Replace(number, masked, StringComparison.Ordinal));
            default:
                return node;
        }
    }
}
