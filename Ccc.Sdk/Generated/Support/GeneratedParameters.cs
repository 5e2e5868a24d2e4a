using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ccc.Sdk;

/// <summary>
/// Hand-written helpers of the generated requests (Ccc.Sdk/Generated/*.cs): required checks for non-string values,
/// the wire text of numbers, times and JSON-serialised parameters, and where <c>InstanceId</c> travels.
/// </summary>
internal static class GeneratedParameters
{
    /// <summary>Throws when a required value parameter is missing.</summary>
    public static T Required<T>(T? value, string name)
        where T : struct =>
        value ?? throw new ArgumentException($"{name} is required.", name);

    /// <summary>Throws when a required list or object parameter is missing.</summary>
    public static T RequiredObject<T>(T? value, string name)
        where T : class =>
        value ?? throw new ArgumentException($"{name} is required.", name);

    /// <summary>Formats a floating-point number invariantly (round-trip form).</summary>
    public static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a time as epoch milliseconds.</summary>
    public static string? EpochMilliseconds(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a JSON-serialised parameter as compact JSON text (non-ASCII characters as themselves).</summary>
    public static string? Json<T>(T? value, JsonTypeInfo<T> typeInfo) =>
        value is null ? null : JsonSerializer.Serialize(value, typeInfo);

    /// <summary>Moves a parameter the client put in the query string into the form body (for actions whose description says so).</summary>
    public static void MoveToForm(ApiRequest request, string name)
    {
        for (int i = request.Query.Count - 1; i >= 0; i--)
        {
            if (request.Query[i].Key == name)
            {
                request.Form.Insert(0, request.Query[i]);
                request.Query.RemoveAt(i);
            }
        }
    }
}
