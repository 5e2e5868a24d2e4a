using System.Globalization;
using System.Text;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Generator;

/// <summary>Writes one action's file: its request class, the types of its response and its <c>CccClient</c> method.</summary>
internal sealed class ActionEmitter
{
    private static readonly HashSet<string> EnvelopeFields = new(StringComparer.Ordinal) { "Code", "HttpStatusCode", "Message", "RequestId", "Params" };
    private static readonly HashSet<string> PageFields = new(StringComparer.Ordinal) { "List", "PageNumber", "PageSize", "TotalCount" };
    private static readonly HashSet<string> ObjectMembers = new(StringComparer.Ordinal) { "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone" };
    private static readonly HashSet<string> ReservedMembers = new(ObjectMembers.Concat(["Action", "WriteParameters", "InstanceId"]), StringComparer.Ordinal);

    private readonly ApiAction _action;
    private readonly GeneratorOverrides _overrides;
    private readonly TypeNames _names;
    private readonly List<ModelType> _types = [];
    private readonly Dictionary<string, string> _shapes = new(StringComparer.Ordinal);
    private readonly List<(string Property, string Type)> _contextTypes = [];

    public ActionEmitter(ApiAction action, GeneratorOverrides overrides, TypeNames names)
    {
        _action = action;
        _overrides = overrides;
        _names = names;
    }

    private string A => _action.Name;

    public GeneratedAction Emit()
    {
        var data = _action.Data;
        bool paged = _action.IsPaged
            && data is { Type: SchemaType.Object, Properties: { } dp }
            && dp.TryGetValue("List", out var list) && list.Type == SchemaType.Array
            && dp.ContainsKey("TotalCount")
            && dp.Keys.All(PageFields.Contains);
        bool whole = !paged && _action.Response.Properties!.Keys.Any(k => k != "Data" && !EnvelopeFields.Contains(k));

        // A page outside Data (e.g. ListAgentSummaryReportsSinceMidnight's PagedAgentSummaryReport): the only field besides
        // the envelope and Success, shaped { List, PageNumber, PageSize, TotalCount }.
        string? outside = null;
        if (whole && _action.IsPaged && !_action.Response.Properties!.ContainsKey("Data"))
        {
            var extra = _action.Response.Properties!.Where(p => !EnvelopeFields.Contains(p.Key) && p.Key != "Success").ToList();
            if (extra is [{ Value: { Type: SchemaType.Object, Properties: { } op } } only]
                && op.TryGetValue("List", out var outsideList) && outsideList.Type == SchemaType.Array
                && op.ContainsKey("TotalCount") && op.Keys.All(PageFields.Contains))
            {
                outside = only.Key;
            }
        }

        var parameters = _action.Parameters
            .Where(p => p.Name != "InstanceId" && !((paged || outside is not null) && p.Name is "PageNumber" or "PageSize"))
            .Select(MapParameter)
            .ToList();

        string method;
        var model = _overrides.SdkModels.GetValueOrDefault(A);
        if (model is not null)
        {
            method = model.HandWrittenMethod ? string.Empty : EmitSdkModelMethod(model, parameters, paged);
        }
        else if (paged)
        {
            var itemSchema = data!.Properties!["List"].Items;
            string item = itemSchema is null ? "JsonElement" : MapType(itemSchema, $"{A}.Data.List[]", A + "Item", request: false);
            string info = Context($"CccPagedData<{item}>", "Paged" + TypeKey(item));
            method = EmitPagedMethod(item, info, parameters);
        }
        else if (whole)
        {
            var envelope = new ApiSchema(
                SchemaType.Object,
                _action.Response.Properties!.Where(p => !EnvelopeFields.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                null);
            string type = DefineType(envelope, $"{A}", A + "Response", request: false, "The response of <c>" + A + "</c> beyond the envelope's <c>RequestId</c>, <c>Code</c>, <c>Message</c> and <c>Params</c> (this action's response has fields outside <c>Data</c>).");
            string info = Context(type, TypeKey(type));
            if (outside is not null)
            {
                var items = envelope.Properties![outside].Properties!["List"].Items;
                string item = items is null ? "JsonElement" : MapType(items, $"{A}.{outside}.List[]", A + "Item", request: false);
                string field = Identifier(outside);
                method = EmitPagedMethod(item, info, parameters, "CccGeneratedJsonContext", $"ListOutsideData({{0}}, CccGeneratedJsonContext.Default.{info}, r => (r.{field}?.List, r.{field}?.TotalCount), cancellationToken)", outside);
            }
            else
            {
                method = EmitSendMethod(type, parameters, $"SendWholeAsync(request, CccGeneratedJsonContext.Default.{info}, cancellationToken)", async: false,
                "The action's response fields (<c>Data</c> and the others it describes).");
            }
        }
        else
        {
            method = EmitDataMethod(data, parameters);
        }

        var code = new StringBuilder();
        code.Append(ClientGenerator.Header).Append('\n');
        code.Append("using System.Text.Json;\nusing System.Text.Json.Serialization;\n\nnamespace Ccc.Sdk;\n\n");
        if (method.Length > 0)
        {
            code.Append(method).Append('\n');
        }

        code.Append(EmitRequest(parameters, paged || outside is not null, model));
        foreach (var type in _types)
        {
            code.Append('\n').Append(EmitType(type));
        }

        return new GeneratedAction(A, A + "Async", code.ToString(), _contextTypes);
    }

    /// <summary>The method of an action whose result is a hand-written model (paged: its items).</summary>
    private string EmitSdkModelMethod(SdkModelOverride model, List<Parameter> parameters, bool paged)
    {
        if (paged)
        {
            return EmitPagedMethod(model.Result, "CccPagedData" + model.Result, parameters, "CccJsonContext");
        }

        return EmitSendMethod(model.Result, parameters, $"SendAsync(request, CccJsonContext.Default.{model.Result}, cancellationToken)", async: false,
            $"The response's <c>Data</c> (<see cref=\"{model.Result}\"/>).");
    }

    private string EmitDataMethod(ApiSchema? data, List<Parameter> parameters)
    {
        switch (data)
        {
            case null:
            {
                string info = Context("JsonElement", "JsonElement");
                return EmitSendMethod("JsonElement", parameters, $"SendAsync(request, CccGeneratedJsonContext.Default.{info}, cancellationToken)", async: false,
                    "The response describes no <c>Data</c>: an empty JSON object unless the service sends one.");
            }

            case { Type: SchemaType.Object, Properties.Count: > 0 }:
            {
                string type = MapType(data, $"{A}.Data", A + "Result", request: false);
                string info = Context(type, TypeKey(type));
                return EmitSendMethod(type, parameters, $"SendAsync(request, CccGeneratedJsonContext.Default.{info}, cancellationToken)", async: false,
                    "The response's <c>Data</c>.");
            }

            case { Type: SchemaType.Array or SchemaType.String }:
            {
                string type = MapType(data, $"{A}.Data", A + "Item", request: false);
                string info = Context(type, TypeKey(type));
                string element = Context("JsonElement", "JsonElement");
                string fallback = data.Type == SchemaType.String ? "string.Empty" : "[]";
                string empty = data.Type == SchemaType.String ? "empty" : "an empty list";
                return EmitSendMethod(type, parameters,
                    $"GeneratedResponses.Read(\n            await SendAsync(request, CccGeneratedJsonContext.Default.{element}, cancellationToken).ConfigureAwait(false),\n            CccGeneratedJsonContext.Default.{info},\n            {fallback})",
                    async: true,
                    $"The response's <c>Data</c> ({empty} when the response has none).");
            }

            default:
            {
                string info = Context("JsonElement", "JsonElement");
                return EmitSendMethod("JsonElement", parameters, $"SendAsync(request, CccGeneratedJsonContext.Default.{info}, cancellationToken)", async: false,
                    "The response's <c>Data</c>, any JSON value.");
            }
        }
    }

    private string EmitSendMethod(string resultType, List<Parameter> parameters, string call, bool async, string returns)
    {
        var w = new StringBuilder();
        bool optional = !parameters.Any(p => p.Wire.IsRequired);
        w.Append("public partial class CccClient\n{\n");
        AppendMethodDocs(w, parameters, optional);
        w.Append(CultureInfo.InvariantCulture, $"    /// <returns>{returns}</returns>\n");
        string requestParameter = optional ? $"{A}Request? request = null" : $"{A}Request request";
        string asyncKeyword = async ? "async " : string.Empty;
        w.Append(CultureInfo.InvariantCulture, $"    public virtual {asyncKeyword}Task<CccResponse<{resultType}>> {A}Async({requestParameter}, CancellationToken cancellationToken = default)");
        string requestExpression = optional ? $"request ?? new {A}Request()" : "request";
        call = call.Replace("(request,", $"({requestExpression},", StringComparison.Ordinal);
        w.Append(" =>\n        ").Append(call).Append(";\n}\n");
        return w.ToString();
    }

    private string EmitPagedMethod(string item, string info, List<Parameter> parameters, string context = "CccGeneratedJsonContext", string? call = null, string? pageField = null)
    {
        var w = new StringBuilder();
        bool optional = !parameters.Any(p => p.Wire.IsRequired);
        w.Append("public partial class CccClient\n{\n");
        AppendMethodDocs(w, parameters, optional, paged: true);
        w.Append(pageField is null
            ? "    /// <returns>The items, fetched page by page (<c>PageNumber</c>, <c>PageSize</c>) as they are enumerated.</returns>\n"
            : $"    /// <returns>The items of <c>{pageField}.List</c>, fetched page by page (<c>PageNumber</c>, <c>PageSize</c>) as they are enumerated.</returns>\n");
        string requestParameter = optional ? $"{A}Request? request = null" : $"{A}Request request";
        string requestExpression = optional ? $"request ?? new {A}Request()" : "request";
        w.Append(CultureInfo.InvariantCulture, $"    public virtual CccPageable<{item}> {A}Async({requestParameter}, CancellationToken cancellationToken = default) =>\n");
        string listCall = call is null ? $"List({requestExpression}, {context}.Default.{info}, cancellationToken)" : string.Format(CultureInfo.InvariantCulture, call, requestExpression);
        w.Append(CultureInfo.InvariantCulture, $"        {listCall};\n}}\n");
        return w.ToString();
    }

    private void AppendMethodDocs(StringBuilder w, List<Parameter> parameters, bool optional, bool paged = false)
    {
        bool read = A.StartsWith("List", StringComparison.Ordinal) || A.StartsWith("Get", StringComparison.Ordinal);
        string kind = paged ? "Lists the items of" : "Calls";
        if (_overrides.SdkModels.GetValueOrDefault(A)?.Summary is { } summary)
        {
            w.Append(CultureInfo.InvariantCulture, $"    /// <summary>{summary}</summary>\n");
        }
        else
        {
            w.Append(CultureInfo.InvariantCulture, $"    /// <summary>{kind} <c>{A}</c> ({_action.Method}).");
            if (!read)
            {
                w.Append(" State-changing: never re-sent once it may have reached the service.");
            }

            w.Append("</summary>\n");
        }

        w.Append(optional
            ? "    /// <param name=\"request\">The parameters; <see langword=\"null\"/> for none (the client's default instance).</param>\n"
            : "    /// <param name=\"request\">The parameters.</param>\n");
        w.Append(paged
            ? "    /// <param name=\"cancellationToken\">Cancels the enumeration.</param>\n"
            : "    /// <param name=\"cancellationToken\">Cancels the call, including retry waits.</param>\n");
        w.Append("    /// <exception cref=\"ArgumentException\">A required parameter is missing, or no instance id is known (thrown before any request).</exception>\n");
        if (!read)
        {
            w.Append("    /// <exception cref=\"CccRequestOutcomeUnknownException\">The response was lost: the action may or may not have taken effect.</exception>\n");
        }

        w.Append(paged
            ? "    /// <exception cref=\"CccException\">A page failed (thrown while enumerating).</exception>\n"
            : "    /// <exception cref=\"CccException\">The service answered with an error, or could not be reached.</exception>\n");
    }

    private string EmitRequest(List<Parameter> parameters, bool paged, SdkModelOverride? model)
    {
        var w = new StringBuilder();
        w.Append(CultureInfo.InvariantCulture, $"/// <summary>Parameters of <c>{A}</c> ({_action.Method}).");
        if (paged)
        {
            w.Append(" <c>PageNumber</c> and <c>PageSize</c> are set by the paging of <see cref=\"CccClient.").Append(A).Append("Async\"/>.");
        }

        bool validate = model?.Validate == true;
        if (validate)
        {
            w.Append(" Checked by its hand-written <c>Validate</c> before anything is sent.");
        }

        var instance = _action.Parameters.FirstOrDefault(p => p.Name == "InstanceId");
        if (instance is null)
        {
            w.Append(" The action takes no <c>InstanceId</c>: none is sent.");
        }
        else if (instance.Location == ParameterLocation.Body)
        {
            w.Append(" <c>InstanceId</c> travels in the form body.");
        }

        w.Append("</summary>\n");
        w.Append(CultureInfo.InvariantCulture, $"public sealed {(validate ? "partial " : string.Empty)}class {A}Request : CccRequest\n{{\n");
        foreach (var p in parameters)
        {
            w.Append(CultureInfo.InvariantCulture, $"    /// <summary><c>{p.Wire.Name}</c>: {(p.Wire.Location == ParameterLocation.Body ? "form body" : "query")} parameter, {(p.Wire.IsRequired ? "required" : "optional")}; {p.Note}.</summary>\n");
            w.Append(CultureInfo.InvariantCulture, $"    public {p.Type}? {p.Name} {{ get; set; }}\n\n");
        }

        w.Append(CultureInfo.InvariantCulture, $"    internal override string Action => \"{A}\";\n\n");
        if (instance is null)
        {
            w.Append("    internal override bool TakesInstanceId => false;\n\n");
        }

        w.Append("    internal override void WriteParameters(ApiRequest request)\n    {\n");
        if (validate)
        {
            w.Append("        Validate();\n");
        }

        if (_action.Method == "GET")
        {
            w.Append("        request.Method = HttpMethod.Get;\n");
        }

        if (instance is not null && instance.Location == ParameterLocation.Body)
        {
            w.Append("        GeneratedParameters.MoveToForm(request, \"InstanceId\");\n");
        }

        foreach (var p in parameters)
        {
            string value = p.Wire.IsRequired
                ? (p.Type == "string" ? $"Required({p.Name}, nameof({p.Name}))"
                    : p.IsValueType ? $"GeneratedParameters.Required({p.Name}, nameof({p.Name}))"
                    : $"GeneratedParameters.RequiredObject({p.Name}, nameof({p.Name}))")
                : p.Name;
            string text = string.Format(CultureInfo.InvariantCulture, p.Format, value);
            string with = p.Wire.Location == ParameterLocation.Body ? "WithForm" : "With";
            w.Append(CultureInfo.InvariantCulture, $"        request.{with}(\"{p.Wire.Name}\", {text});\n");
        }

        w.Append("    }\n");
        if (validate)
        {
            w.Append("\n    /// <summary>Checks the parameters beyond the description (hand-written).</summary>\n");
            w.Append("    /// <exception cref=\"ArgumentException\">A parameter is out of range.</exception>\n");
            w.Append("    partial void Validate();\n");
        }

        w.Append("}\n");
        return w.ToString();
    }

    private static string EmitType(ModelType type)
    {
        var w = new StringBuilder();
        w.Append(CultureInfo.InvariantCulture, $"/// <summary>{type.Doc}</summary>\n");
        w.Append(CultureInfo.InvariantCulture, $"public sealed class {type.Name}\n{{\n");
        bool first = true;
        foreach (var p in type.Properties)
        {
            if (!first)
            {
                w.Append('\n');
            }

            first = false;
            w.Append(CultureInfo.InvariantCulture, $"    /// <summary><c>{p.Wire}</c> ({p.Note}).</summary>\n");
            if (p.Name != p.Wire)
            {
                w.Append(CultureInfo.InvariantCulture, $"    [JsonPropertyName(\"{p.Wire}\")]\n");
            }

            if (p.Converter is not null)
            {
                w.Append(CultureInfo.InvariantCulture, $"    [JsonConverter(typeof({p.Converter}))]\n");
            }

            // Settable, not init-only: System.Text.Json binds init-only properties like constructor parameters, case-insensitively,
            // and two fields of one model may differ only in case (LastCheckOutTime, LastCheckoutTime).
            w.Append(CultureInfo.InvariantCulture, $"    public {p.Type}? {p.Name} {{ get; set; }}\n");
        }

        w.Append("}\n");
        return w.ToString();
    }

    private Parameter MapParameter(ApiParameter p)
    {
        var o = _overrides.Parameter($"{A}.{p.Name}");
        string name = o?.Name ?? Identifier(p.Name);
        if (ReservedMembers.Contains(name))
        {
            name += "Value";
        }

        string described = Describe(p.Schema);
        switch (o?.Type ?? OverrideType.None)
        {
            case OverrideType.JsonStringList:
                Expect(p.Schema.Type == SchemaType.String, $"parameters: {A}.{p.Name} is jsonStringList but the description says {described}");
                return new Parameter(p, name, o!.ClrType ?? "IReadOnlyList<string>", false, "JsonList({0})", "described as string: a list sent as JSON text, e.g. <c>[\"a\",\"b\"]</c>");
            case OverrideType.JsonText:
                Expect(p.Schema.Type == SchemaType.String, $"parameters: {A}.{p.Name} is jsonText but the description says {described}");
                return new Parameter(p, name, o!.ClrType!, false, "GeneratedParameters.Json({0}?.ToList(), " + o.TypeInfo + ")", $"described as string: JSON text of {o.ClrType!.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)}");
            case OverrideType.EpochMilliseconds:
                Expect(p.Schema.Type is SchemaType.Long or SchemaType.String, $"parameters: {A}.{p.Name} is epochMilliseconds but the description says {described}");
                return new Parameter(p, name, "DateTimeOffset", true, "GeneratedParameters.EpochMilliseconds({0})", $"described as {described}: sent as epoch milliseconds");
        }

        if (p.IsJson || p.Schema.Type is SchemaType.Array or SchemaType.Object or SchemaType.Map or SchemaType.Any)
        {
            string suggested = p.Schema.Type == SchemaType.Array ? A + Singular(name) : A + name;
            string type = MapType(p.Schema, $"{A}.{p.Name}", suggested, request: true);
            string info = Context(type, TypeKey(type));
            return new Parameter(p, name, type, IsValue(type), "GeneratedParameters.Json({0}, CccGeneratedJsonContext.Wire." + info + ")", $"described as {described}, sent as compact JSON text");
        }

        return p.Schema.Type switch
        {
            SchemaType.Integer => new Parameter(p, name, "int", true, "Int({0})", "described as integer"),
            SchemaType.Long => new Parameter(p, name, "long", true, "Int({0})", "described as long"),
            SchemaType.Number => new Parameter(p, name, "double", true, "GeneratedParameters.Number({0})", "described as number"),
            SchemaType.Boolean => new Parameter(p, name, "bool", true, "Bool({0})", "described as boolean"),
            _ => new Parameter(p, name, "string", false, "{0}", "described as string"),
        };
    }

    /// <summary>The C# type (without the trailing <c>?</c>) of a schema node, defining object types as needed.</summary>
    private string MapType(ApiSchema s, string path, string suggested, bool request) => s.Type switch
    {
        SchemaType.String => "string",
        SchemaType.Integer => "int",
        SchemaType.Long => "long",
        SchemaType.Number => "double",
        SchemaType.Boolean => "bool",
        SchemaType.Map => "IReadOnlyDictionary<string, JsonElement>",
        SchemaType.Any => "JsonElement",
        SchemaType.Array => "IReadOnlyList<" + (s.Items is null ? "JsonElement" : MapType(s.Items, path + "[]", suggested, request)) + ">",
        SchemaType.Object when s.Properties is { Count: > 0 } => DefineType(s, path, suggested, request, null),
        _ => "JsonElement",
    };

    private string DefineType(ApiSchema s, string path, string suggested, bool request, string? doc)
    {
        string shape = (request ? "request:" : "response:") + Signature(s);
        var renamed = _overrides.TypeName(path);
        if (renamed is null && _shapes.TryGetValue(shape, out var existing))
        {
            return existing;
        }

        string name = _names.Claim(renamed ?? suggested);
        _shapes.TryAdd(shape, name);
        var type = new ModelType(name, request, doc ?? DescribeNode(path, request), []);
        _types.Add(type);
        foreach (var (wire, schema) in s.Properties!)
        {
            string fieldPath = path + "." + wire;
            string propertyName = Identifier(wire);
            if (propertyName == name || ObjectMembers.Contains(propertyName))
            {
                propertyName += "Value";
            }

            var o = request ? null : _overrides.Field(fieldPath);
            if (o?.Name is { } n)
            {
                propertyName = n;
            }

            if (o?.Type == OverrideType.EpochMilliseconds)
            {
                Expect(schema.Type is SchemaType.Long or SchemaType.String, $"fields: {fieldPath} is epochMilliseconds but the description says {Describe(schema)}");
                type.Properties.Add(new ModelProperty(propertyName, wire, "DateTimeOffset", "EpochMillisecondsConverter", $"described as {Describe(schema)}: epoch milliseconds"));
                continue;
            }

            Expect(o?.Type is null or OverrideType.None, $"fields: {fieldPath} has a type override fields cannot take");
            string child = schema.Type == SchemaType.Array ? Singular(Identifier(wire)) : Identifier(wire);
            string childName = A + child;
            if (schema.Type is SchemaType.Object or SchemaType.Array && _shapesHasName(childName))
            {
                childName = name + child;
            }

            type.Properties.Add(new ModelProperty(propertyName, wire, MapType(schema, fieldPath, childName, request), null, Describe(schema)));
        }

        return name;
    }

    private bool _shapesHasName(string name) => _types.Any(t => t.Name == name);

    private string DescribeNode(string path, bool request)
    {
        int dot = path.IndexOf('.', StringComparison.Ordinal);
        string inner = dot < 0 ? path : path[(dot + 1)..];
        return request
            ? $"<c>{inner}</c> of the <c>{A}</c> request, sent as JSON text."
            : $"<c>{inner}</c> in the response of <c>{A}</c>.";
    }

    private string Context(string type, string property)
    {
        if (!_contextTypes.Any(c => c.Property == property))
        {
            _contextTypes.Add((property, type));
        }

        return property;
    }

    /// <summary>A name for a type in the serializer context: <c>IReadOnlyList&lt;X&gt;</c> → <c>ListOfX</c>.</summary>
    private static string TypeKey(string type)
    {
        var sb = new StringBuilder();
        foreach (char c in type.Replace("IReadOnlyList<", "ListOf", StringComparison.Ordinal).Replace("IReadOnlyDictionary<string, ", "MapOf", StringComparison.Ordinal).Replace("CccPagedData<", string.Empty, StringComparison.Ordinal))
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        string key = sb.ToString();
        return key switch
        {
            "string" => "String",
            "int" => "Int32",
            "long" => "Int64",
            "double" => "Double",
            "bool" => "Boolean",
            _ => key.Replace("ListOfstring", "ListOfString", StringComparison.Ordinal),
        };
    }

    private static bool IsValue(string type) => type is "int" or "long" or "double" or "bool" or "JsonElement" or "DateTimeOffset";

    private static string Signature(ApiSchema s) => s.Type switch
    {
        SchemaType.Object when s.Properties is { Count: > 0 } => "{" + string.Join(",", s.Properties.Select(p => p.Key + ":" + Signature(p.Value))) + "}",
        SchemaType.Array => "[" + (s.Items is null ? "?" : Signature(s.Items)) + "]",
        _ => s.Type.ToString(),
    };

    private static string Describe(ApiSchema s) => s.Type switch
    {
        SchemaType.Array => "array of " + (s.Items is null ? "any" : Describe(s.Items)),
        _ => s.Type.ToString().ToLowerInvariant(),
    };

    private static string Identifier(string wire)
    {
        var sb = new StringBuilder();
        bool upper = true;
        foreach (char c in wire)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, 'N');
        }

        return sb.ToString();
    }

    private static string Singular(string name)
    {
        if (name == "List")
        {
            return "Item";
        }

        if (name.EndsWith("List", StringComparison.Ordinal))
        {
            return name[..^4];
        }

        if (name.EndsWith("ies", StringComparison.Ordinal))
        {
            return name[..^3] + "y";
        }

        if (name.EndsWith('s') && !name.EndsWith("ss", StringComparison.Ordinal) && name.Length > 1)
        {
            return name[..^1];
        }

        return name + "Item";
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidDataException("api/overrides.json: " + message + ".");
        }
    }

    private sealed record Parameter(ApiParameter Wire, string Name, string Type, bool IsValueType, string Format, string Note);

    private sealed record ModelType(string Name, bool IsRequest, string Doc, List<ModelProperty> Properties);

    private sealed record ModelProperty(string Name, string Wire, string Type, string? Converter, string Note);
}
