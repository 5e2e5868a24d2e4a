using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ccc.Sdk;

/// <summary>Hand-written helpers of the generated methods whose <c>Data</c> is an array or a string, or whose response has fields outside <c>Data</c>.</summary>
internal static class GeneratedResponses
{
    /// <summary>Reads <c>Data</c>, received as JSON, into <typeparamref name="T"/>; <paramref name="fallback"/> when the response has none.</summary>
    public static CccResponse<T> Read<T>(CccResponse<JsonElement> response, JsonTypeInfo<T> typeInfo, T fallback)
    {
        var data = response.Value;
        bool absent = data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            || (data.ValueKind == JsonValueKind.Object && !data.EnumerateObject().Any());
        T value = absent ? fallback : Deserialize(data.GetRawText(), typeInfo, response.RequestId, response.HttpStatusCode, response.Params) ?? fallback;
        return new CccResponse<T>(value, response.RequestId, response.Params, response.HttpStatusCode);
    }

    /// <summary>Reads the whole response body (from <see cref="CccResponse{T}.RawContent"/>) into <typeparamref name="T"/>.</summary>
    public static CccResponse<T> ReadWhole<T>(CccResponse<JsonElement> response, string action, JsonTypeInfo<T> typeInfo)
    {
        T value = Deserialize(response.RawContent ?? "{}", typeInfo, response.RequestId, response.HttpStatusCode, response.Params, action)
            ?? JsonSerializer.Deserialize("{}", typeInfo)!;
        return new CccResponse<T>(value, response.RequestId, response.Params, response.HttpStatusCode);
    }

    private static T? Deserialize<T>(string json, JsonTypeInfo<T> typeInfo, string? requestId, int status, IReadOnlyList<string> parameters, string? action = null)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new CccServiceException(
                CccException.Format(action ?? typeof(T).Name, "InvalidResponse", $"The response does not have the documented shape ({ex.Message}).", requestId, status),
                "InvalidResponse", requestId, status, action, parameters, ex);
        }
    }
}
