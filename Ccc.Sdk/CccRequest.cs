using System.Globalization;
using System.Text.Json;

namespace Ccc.Sdk;

/// <summary>The base of every typed request: the action it calls and the instance it addresses.</summary>
public abstract class CccRequest
{
    /// <summary>
    /// The CCC instance id (e.g. <c>ccc-test</c>); <see langword="null"/> uses <see cref="CccClientOptions.InstanceId"/>.
    /// Ignored by the few actions that take no instance (e.g. <c>ListInstances</c>).
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>The OpenAPI action this request calls.</summary>
    internal abstract string Action { get; }

    /// <summary>Whether the action takes an <c>InstanceId</c> (all but seven do): when not, none is sent or needed.</summary>
    internal virtual bool TakesInstanceId => true;

    /// <summary>Adds the action's own parameters (not <c>InstanceId</c>, <c>PageNumber</c>, <c>PageSize</c>).</summary>
    /// <exception cref="ArgumentException">A required parameter is missing.</exception>
    internal abstract void WriteParameters(ApiRequest request);

    /// <summary>Formats a boolean as the cloud expects (<c>true</c>/<c>false</c>).</summary>
    internal static string? Bool(bool? value) => value switch { true => "true", false => "false", null => null };

    /// <summary>Formats an integer invariantly.</summary>
    internal static string? Int(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a list as the JSON text the cloud expects in list-valued parameters, e.g. <c>["a","b"]</c>.</summary>
    internal static string? JsonList(IEnumerable<string>? values) =>
        values is null ? null : JsonSerializer.Serialize(values.ToList(), CccJsonContext.Wire.ListString);

    /// <summary>Throws when a required parameter is missing.</summary>
    internal static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} is required.", name) : value;
}
