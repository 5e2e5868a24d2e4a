using System.Text.Json;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>The documented shape of each target's answers, as <see cref="EnvelopeCheck"/>s.</summary>
internal static class Envelopes
{
    /// <summary>
    /// The cloud's OpenAPI envelope (docs/emulator.md "Request handling"): JSON <c>{RequestId, Code, HttpStatusCode,
    /// Message}</c> whose <c>HttpStatusCode</c> is the response's status; only Kestrel's own refusal of a request broken
    /// at the HTTP level may be bare.
    /// </summary>
    public static string? OpenApi(FuzzRequest request, FuzzResponse response)
    {
        if (FuzzRunner.IsKestrelRefusal(request, response))
        {
            return null;
        }

        if (Json(response, out var root) is { } problem)
        {
            return problem;
        }

        foreach (var name in new[] { "RequestId", "Code", "Message" })
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
            {
                return $"no string {name} in {response.Excerpt}";
            }
        }

        if (string.IsNullOrEmpty(root.GetProperty("RequestId").GetString()))
        {
            return "empty RequestId";
        }

        if (!root.TryGetProperty("HttpStatusCode", out var status) || !status.TryGetInt32(out int code) || code != response.Status)
        {
            return $"HttpStatusCode is not {response.Status}: {response.Excerpt}";
        }

        return null;
    }

    /// <summary>
    /// The control API's refusals: the cloud's envelope, as the OpenAPI's (docs/emulator-calls.md "Control API");
    /// its 2xx answers are its own JSON and not checked.
    /// </summary>
    public static string? ControlApi(FuzzRequest request, FuzzResponse response) =>
        response.Status < 400 ? null : OpenApi(request, response);

    /// <summary>The webhook receiver's small error shape <c>{"code", "message"}</c> (docs/events.md "Receiving webhooks")
    /// for every refusal; 2xx answers are not checked.</summary>
    public static string? CodeAndMessage(FuzzRequest request, FuzzResponse response)
    {
        if (response.Status < 400 || FuzzRunner.IsKestrelRefusal(request, response))
        {
            return null;
        }

        if (Json(response, out var root) is { } problem)
        {
            return problem;
        }

        return root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString()!.Length > 0
            && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? null
            : "not {code, message}: " + response.Excerpt;
    }

    /// <summary>RFC 6749, section 5.2: JSON with a string <c>error</c>.</summary>
    public static string? OAuthError(FuzzResponse response) =>
        Json(response, out var root) is { } problem ? problem
        : root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String && error.GetString()!.Length > 0 ? null
        : "no RFC 6749 error: " + response.Excerpt;

    /// <summary>A JSON body (<c>application/json</c> or <c>application/problem+json</c>) holding one object.</summary>
    public static string? Json(FuzzResponse response, out JsonElement root)
    {
        root = default;
        if (response.MediaType is not ("application/json" or "application/problem+json"))
        {
            return $"Content-Type '{response.ContentType}', not JSON: {response.Excerpt}";
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return $"unreadable JSON ({e.Message}): {response.Excerpt}";
        }

        return root.ValueKind == JsonValueKind.Object ? null : "JSON that is not an object: " + response.Excerpt;
    }

    /// <summary>The path of a request target, decoded only as far as needed to route it, lower-case.</summary>
    public static string PathOf(FuzzRequest request)
    {
        var target = request.Target;
        int query = target.IndexOf('?', StringComparison.Ordinal);
        return (query >= 0 ? target[..query] : target).ToLowerInvariant();
    }
}
