using System.Text.Json;

namespace Ccc.Sdk.Emulator.Description;

/// <summary>
/// The cloud's own description of CCC OpenAPI 2020-07-01 (<c>api/ccc-api-2020-07-01.json</c>, taken from Alibaba's
/// official SDK models): every action, each parameter (where it travels, its JSON type, whether it is required, whether
/// it is sent JSON-serialised) and the full response schema. The emulator checks requests and its own responses
/// against it; the SDK's generator (tools/Ccc.Sdk.Generator, which compiles this file too) writes the typed client
/// from it. Replacing the JSON file is the whole upgrade to a later version of the cloud's models.
/// </summary>
internal sealed class ApiDescription
{
    /// <summary>The logical name of the embedded copy in the emulator's assembly.</summary>
    public const string ResourceName = "Ccc.Sdk.Emulator.Description.ccc-api-2020-07-01.json";

    private static readonly Lazy<ApiDescription> Embedded = new(LoadEmbedded);

    private ApiDescription(string product, string version, IReadOnlyDictionary<string, ApiAction> actions)
    {
        Product = product;
        Version = version;
        Actions = actions;
    }

    /// <summary>The description embedded in the emulator (the same bytes as <c>api/ccc-api-2020-07-01.json</c>).</summary>
    public static ApiDescription Default => Embedded.Value;

    /// <summary>The product code, <c>CCC</c>.</summary>
    public string Product { get; }

    /// <summary>The API version, <c>2020-07-01</c>.</summary>
    public string Version { get; }

    /// <summary>Every action by name (ordinal), in the file's (alphabetical) order.</summary>
    public IReadOnlyDictionary<string, ApiAction> Actions { get; }

    /// <summary>Reads a description from its JSON text.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a description of this shape.</exception>
    public static ApiDescription Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray());
            var root = document.RootElement;
            var actions = new Dictionary<string, ApiAction>(StringComparer.Ordinal);
            foreach (var action in root.GetProperty("actions").EnumerateObject())
            {
                var parameters = action.Value.GetProperty("parameters").EnumerateArray()
                    .Select(p => new ApiParameter(
                        p.GetProperty("name").GetString()!,
                        p.GetProperty("in").GetString() == "body" ? ParameterLocation.Body : ParameterLocation.Query,
                        p.GetProperty("required").GetBoolean(),
                        p.TryGetProperty("serialization", out var s) && s.GetString() == "json",
                        ReadSchema(p.GetProperty("schema"))))
                    .ToList();
                actions.Add(action.Name, new ApiAction(
                    action.Name,
                    action.Value.GetProperty("method").GetString()!,
                    parameters,
                    ReadSchema(action.Value.GetProperty("response"))));
            }

            return new ApiDescription(root.GetProperty("product").GetString()!, root.GetProperty("version").GetString()!, actions);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException("The API description is not in the expected shape: " + e.Message, e);
        }
    }

    private static ApiSchema ReadSchema(JsonElement element)
    {
        var type = element.GetProperty("type").GetString()!;
        Dictionary<string, ApiSchema>? properties = null;
        if (element.TryGetProperty("properties", out var props))
        {
            properties = new Dictionary<string, ApiSchema>(StringComparer.Ordinal);
            foreach (var property in props.EnumerateObject())
            {
                properties.Add(property.Name, ReadSchema(property.Value));
            }
        }

        var items = element.TryGetProperty("items", out var i) ? ReadSchema(i) : null;
        return new ApiSchema(ParseType(type), properties, items);
    }

    private static SchemaType ParseType(string type) => type switch
    {
        "string" => SchemaType.String,
        "integer" => SchemaType.Integer,
        "long" => SchemaType.Long,
        "number" => SchemaType.Number,
        "boolean" => SchemaType.Boolean,
        "array" => SchemaType.Array,
        "object" => SchemaType.Object,
        "map" => SchemaType.Map,
        "any" => SchemaType.Any,
        _ => throw new InvalidDataException($"Unknown schema type '{type}'."),
    };

    private static ApiDescription LoadEmbedded()
    {
        using var stream = typeof(ApiDescription).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded API description {ResourceName} is missing from the emulator's assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }
}

/// <summary>One action: its HTTP method as the cloud's SDK sends it, its parameters and its response schema (the whole envelope).</summary>
internal sealed record ApiAction(string Name, string Method, IReadOnlyList<ApiParameter> Parameters, ApiSchema Response)
{
    /// <summary>The schema of the envelope's <c>Data</c>, or <see langword="null"/> when the response has none.</summary>
    public ApiSchema? Data => Response.Properties is { } p && p.TryGetValue("Data", out var data) ? data : null;

    /// <summary>Whether the response model has <c>Params</c>.</summary>
    public bool HasParams => Response.Properties?.ContainsKey("Params") == true;

    /// <summary>Whether the response model types <c>HttpStatusCode</c> as a string (seven actions do).</summary>
    public bool HttpStatusCodeIsString => Response.Properties is { } p && p.TryGetValue("HttpStatusCode", out var s) && s.Type == SchemaType.String;

    /// <summary>Whether the action pages with <c>PageNumber</c> and <c>PageSize</c>.</summary>
    public bool IsPaged => Parameters.Any(p => p.Name == "PageNumber") && Parameters.Any(p => p.Name == "PageSize");
}

/// <summary>One request parameter.</summary>
/// <param name="Name">The wire name.</param>
/// <param name="Location">Query string or form body.</param>
/// <param name="IsRequired">Whether the cloud requires it.</param>
/// <param name="IsJson">Whether the value travels as JSON text (arrays and objects).</param>
/// <param name="Schema">Its JSON type.</param>
internal sealed record ApiParameter(string Name, ParameterLocation Location, bool IsRequired, bool IsJson, ApiSchema Schema);

/// <summary>Where a parameter travels.</summary>
internal enum ParameterLocation
{
    Query,
    Body,
}

/// <summary>A JSON schema node of the description: a type, an object's properties (ordered) or an array's items.</summary>
internal sealed record ApiSchema(SchemaType Type, IReadOnlyDictionary<string, ApiSchema>? Properties, ApiSchema? Items);

/// <summary>The description's JSON types. <c>integer</c> is 32-bit, <c>long</c> 64-bit, <c>number</c> floating point; <c>map</c> is an object with free keys; <c>any</c> is any JSON value.</summary>
internal enum SchemaType
{
    String,
    Integer,
    Long,
    Number,
    Boolean,
    Array,
    Object,
    Map,
    Any,
}
