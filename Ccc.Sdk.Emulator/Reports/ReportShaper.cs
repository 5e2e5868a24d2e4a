using System.Globalization;
using System.Text.Json.Nodes;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Emulator.Reports;

/// <summary>
/// Writes report figures in an action's own response model: for each property of the model's item that the figures
/// have, the value in the model's type (long, integer, number, or a string of the number); every field the figures do
/// not have is left out. So an answer never has a field the model lacks, never a wrong type, and never a constant.
/// </summary>
internal static class ReportShaper
{
    /// <summary>One report item: <paramref name="header"/> values (strings or numbers) and the figure groups the schema names.</summary>
    public static JsonObject Item(ApiSchema item, ReportFigures figures, IReadOnlyDictionary<string, object> header)
    {
        var result = new JsonObject();
        foreach (var (name, schema) in item.Properties ?? new Dictionary<string, ApiSchema>())
        {
            if (header.TryGetValue(name, out var value))
            {
                result[name] = Value(value, schema.Type);
            }
            else if (schema.Type == SchemaType.Object && figures.Groups.TryGetValue(name, out var fields))
            {
                result[name] = Group(schema, fields, figures);
            }
        }

        return result;
    }

    private static JsonObject Group(ApiSchema schema, Dictionary<string, double> fields, ReportFigures figures)
    {
        var group = new JsonObject();
        foreach (var (name, fieldSchema) in schema.Properties ?? new Dictionary<string, ApiSchema>())
        {
            if (fields.TryGetValue(name, out var value))
            {
                group[name] = Value(value, fieldSchema.Type);
            }
            else if (name == "BreakCodeDetailList" && fieldSchema.Items?.Properties is { } detail)
            {
                var list = new JsonArray();
                foreach (var (code, (count, duration)) in figures.BreakCodes)
                {
                    var entry = new JsonObject();
                    foreach (var (key, type) in new (string, object)[] { ("BreakCode", code), ("Count", count), ("Duration", duration) })
                    {
                        if (detail.TryGetValue(key, out var keySchema))
                        {
                            entry[key] = Value(type, keySchema.Type);
                        }
                    }

                    list.Add(entry);
                }

                group[name] = list;
            }
        }

        return group;
    }

    /// <summary>A value in the schema's type: whole numbers for long/integer, decimals for number, invariant text for string.</summary>
    public static JsonNode? Value(object value, SchemaType type)
    {
        if (value is bool flag)
        {
            return type == SchemaType.Boolean ? JsonValue.Create(flag) : throw new InvalidOperationException("A boolean value for a " + type + " field.");
        }

        if (value is string text)
        {
            return type == SchemaType.String ? JsonValue.Create(text) : throw new InvalidOperationException("A text value for a " + type + " field.");
        }

        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        return type switch
        {
            SchemaType.Long => JsonValue.Create((long)Math.Round(number, MidpointRounding.AwayFromZero)),
            SchemaType.Integer => JsonValue.Create((int)Math.Round(number, MidpointRounding.AwayFromZero)),
            SchemaType.Number => JsonValue.Create(number),
            SchemaType.String => JsonValue.Create(number.ToString("0.####", CultureInfo.InvariantCulture)),
            SchemaType.Boolean => JsonValue.Create(number != 0),
            _ => throw new InvalidOperationException("A number for a " + type + " field."),
        };
    }
}
