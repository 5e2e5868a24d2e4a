using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// The gateway's check of a request against the action's description, before any handler runs
/// (docs/decisions/0007-request-validation.md): a required parameter absent or empty is <c>Missing{Name}</c>; a value
/// not of its described type is <c>InvalidParameter.Format</c>. A parameter counts wherever it arrived (query or form
/// body, as the cloud's RPC gateway merges both); parameters the description does not have are ignored.
/// </summary>
internal static class RequestValidation
{
    /// <exception cref="ApiException">MissingX or InvalidParameter.Format for the first parameter that fails.</exception>
    public static void Check(ApiAction action, RequestParameters parameters)
    {
        foreach (var declared in action.Parameters)
        {
            var value = parameters[declared.Name];
            if (string.IsNullOrEmpty(value))
            {
                if (declared.IsRequired)
                {
                    throw ApiErrors.Missing(declared.Name);
                }

                continue;
            }

            if (Problem(declared, value) is { } problem)
            {
                throw ApiErrors.InvalidParameterType(declared.Name, problem);
            }
        }
    }

    /// <summary>Why <paramref name="value"/> is not of the parameter's type, or null when it is.</summary>
    private static string? Problem(ApiParameter parameter, string value)
    {
        var type = parameter.Schema.Type;
        switch (type)
        {
            case SchemaType.String:
            case SchemaType.Any when !parameter.IsJson:
                return null;
            case SchemaType.Integer:
                return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : "must be an integer (32-bit)";
            case SchemaType.Long:
                return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : "must be a long (64-bit integer)";
            case SchemaType.Number:
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? null : "must be a number";
            case SchemaType.Boolean:
                return string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)
                    ? null
                    : "must be a boolean (true or false)";
            default:
                return JsonProblem(parameter, value);
        }
    }

    private static string? JsonProblem(ApiParameter parameter, string value)
    {
        var expected = SchemaConformance.Describe(parameter.Schema.Type);
        using var document = JsonText.TryParse(value, maxDepth: 32);
        if (document is null)
        {
            return $"must be JSON text (a JSON {expected}); it does not parse";
        }

        if (!SchemaConformance.IsOfType(document.RootElement, parameter.Schema.Type))
        {
            return $"must be a JSON {expected}; its root is {document.RootElement.ValueKind.ToString().ToLowerInvariant()}";
        }

        // Members of the wrong JSON type are refused; members the description does not list are ignored, as for parameters.
        var violation = SchemaConformance.Check(document.RootElement, parameter.Schema, "", refuseExtraProperties: false);
        return violation is null ? null : $"must be a JSON {expected} as described; at {violation.Path}: {violation.Problem}";
    }
}
