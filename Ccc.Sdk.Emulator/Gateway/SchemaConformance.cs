using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>Where a JSON value departs from the description, and how.</summary>
/// <param name="Path">The JSON path, e.g. <c>Data.List[0].StateTime</c>.</param>
/// <param name="Problem">What is wrong, e.g. <c>expected long, found string</c>.</param>
internal sealed record SchemaViolation(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}

/// <summary>
/// Checks JSON values against the description's schemas (docs/decisions/0008-response-conformance.md): every value of
/// its described type (<c>integer</c> integral within int32, <c>long</c> integral within int64, <c>number</c> any
/// number, <c>map</c> any object, <c>any</c> anything; JSON null allowed for every type) and, when asked, no object
/// property the description lacks, at any depth.
/// </summary>
internal static class SchemaConformance
{
    /// <summary>The first violation below <paramref name="value"/>, or null when it conforms.</summary>
    /// <param name="value">The JSON value.</param>
    /// <param name="schema">Its described schema.</param>
    /// <param name="path">The value's own path (empty for a root).</param>
    /// <param name="refuseExtraProperties">Whether an object property the schema does not list is a violation.</param>
    public static SchemaViolation? Check(JsonElement value, ApiSchema schema, string path, bool refuseExtraProperties)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (!IsOfType(value, schema.Type))
        {
            return new SchemaViolation(Display(path), $"expected {Describe(schema.Type)}, found {Describe(value, schema.Type)}");
        }

        switch (schema.Type)
        {
            case SchemaType.Array when schema.Items is { } items:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Check(item, items, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]", refuseExtraProperties) is { } violation)
                    {
                        return violation;
                    }

                    index++;
                }

                return null;
            case SchemaType.Object when schema.Properties is { } properties:
                foreach (var property in value.EnumerateObject())
                {
                    var propertyPath = path.Length == 0 ? property.Name : path + "." + property.Name;
                    if (!properties.TryGetValue(property.Name, out var propertySchema))
                    {
                        if (refuseExtraProperties)
                        {
                            return new SchemaViolation(propertyPath, "the description has no such property");
                        }

                        continue;
                    }

                    if (Check(property.Value, propertySchema, propertyPath, refuseExtraProperties) is { } violation)
                    {
                        return violation;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Whether a (non-null) JSON value is of the described type.</summary>
    public static bool IsOfType(JsonElement value, SchemaType type) => type switch
    {
        SchemaType.String => value.ValueKind == JsonValueKind.String,
        SchemaType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
        SchemaType.Long => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        SchemaType.Number => value.ValueKind == JsonValueKind.Number,
        SchemaType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        SchemaType.Array => value.ValueKind == JsonValueKind.Array,
        SchemaType.Object or SchemaType.Map => value.ValueKind == JsonValueKind.Object,
        _ => true,
    };

    /// <summary>The type as messages name it: <c>integer (32-bit)</c>, <c>long (64-bit integer)</c>, ...</summary>
    public static string Describe(SchemaType type) => type switch
    {
        SchemaType.String => "string",
        SchemaType.Integer => "integer (32-bit)",
        SchemaType.Long => "long (64-bit integer)",
        SchemaType.Number => "number",
        SchemaType.Boolean => "boolean (true or false)",
        SchemaType.Array => "array",
        SchemaType.Object => "object",
        SchemaType.Map => "map (object)",
        _ => "any",
    };

    private static string Describe(JsonElement value, SchemaType expected) => value.ValueKind switch
    {
        JsonValueKind.Number when expected is SchemaType.Integer or SchemaType.Long && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d => "an integer out of its range",
        JsonValueKind.Number when expected is SchemaType.Integer or SchemaType.Long => "a non-integral number",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Display(string path) => path.Length == 0 ? "(root)" : path;
}
