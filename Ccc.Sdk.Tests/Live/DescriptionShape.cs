using System.Text.Json;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Tests.Live;

/// <summary>
/// Checks a raw response body against the response schema of its action in the cloud's description
/// (<c>api/ccc-api-2020-07-01.json</c>, through the emulator's loader): every field is one the description has, with
/// its JSON type (<c>null</c> is accepted anywhere). Against a real instance this is the conformance check of the
/// description itself; against the emulator, of the emulator.
/// </summary>
internal static class DescriptionShape
{
    /// <summary>
    /// The violations of <paramref name="rawBody"/> (empty when it conforms), as <c>path: problem</c>, each once
    /// (array indexes are written <c>[*]</c>, so ten items with the same fault make one line).
    /// </summary>
    public static List<string> Violations(string action, string rawBody)
    {
        var schema = ApiDescription.Default.Actions.TryGetValue(action, out var described)
            ? described.Response
            : throw new ArgumentException($"{action} is not in the description.", nameof(action));
        using var document = JsonDocument.Parse(rawBody);
        var violations = new List<string>();
        Check(document.RootElement, schema, action, violations);
        return violations.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Fails with every violation listed when <paramref name="rawBody"/> does not conform.</summary>
    public static void AssertConforms(string action, string? rawBody)
    {
        Assert.False(string.IsNullOrEmpty(rawBody), $"{action}: no raw body to check");
        var violations = Violations(action, rawBody!);
        Assert.True(violations.Count == 0, $"{action} answered outside the cloud's description:\n  " + string.Join("\n  ", violations));
    }

    private static void Check(JsonElement value, ApiSchema schema, string path, List<string> violations)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        switch (schema.Type)
        {
            case SchemaType.Any:
                return;
            case SchemaType.String:
                Expect(value.ValueKind == JsonValueKind.String);
                return;
            case SchemaType.Boolean:
                Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False);
                return;
            case SchemaType.Integer:
                Expect(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _));
                return;
            case SchemaType.Long:
                Expect(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _));
                return;
            case SchemaType.Number:
                Expect(value.ValueKind == JsonValueKind.Number);
                return;
            case SchemaType.Map:
                Expect(value.ValueKind == JsonValueKind.Object);
                return;
            case SchemaType.Array:
                if (Expect(value.ValueKind == JsonValueKind.Array) && schema.Items is { } items)
                {
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(item, items, $"{path}[*]", violations);
                    }
                }

                return;
            case SchemaType.Object:
                if (Expect(value.ValueKind == JsonValueKind.Object) && schema.Properties is { } properties)
                {
                    foreach (var property in value.EnumerateObject())
                    {
                        if (properties.TryGetValue(property.Name, out var child))
                        {
                            Check(property.Value, child, $"{path}.{property.Name}", violations);
                        }
                        else
                        {
                            violations.Add($"{path}.{property.Name}: not in the description");
                        }
                    }
                }

                return;
            default:
                violations.Add($"{path}: unknown schema type {schema.Type}");
                return;
        }

        bool Expect(bool ok)
        {
            if (!ok)
            {
                // The kind only, never the value: a real instance's answers carry personal data (numbers, names).
                violations.Add($"{path}: {schema.Type.ToString().ToLowerInvariant()} expected, got {Kind(value)}");
            }

            return ok;
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out _) => "an integer",
        JsonValueKind.Number when value.TryGetInt64(out _) => "an integer beyond 32 bits",
        JsonValueKind.Number => "a fractional number",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
