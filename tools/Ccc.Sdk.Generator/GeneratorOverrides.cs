using System.Text.Json;

namespace Ccc.Sdk.Generator;

/// <summary>
/// <c>api/overrides.json</c>: which actions have a hand-written method, and the richer .NET types and readable names
/// the generator uses where the description's wire types say less than they mean. Every entry must match the
/// description (checked by <see cref="VerifyAllUsed"/> after generation), so a stale override fails the tool.
/// </summary>
internal sealed class GeneratorOverrides
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private GeneratorOverrides(
        IReadOnlyDictionary<string, SdkModelOverride> sdkModels,
        IReadOnlyDictionary<string, MemberOverride> parameters,
        IReadOnlyDictionary<string, MemberOverride> fields,
        IReadOnlyDictionary<string, string> types)
    {
        SdkModels = sdkModels;
        Parameters = parameters;
        Fields = fields;
        Types = types;
    }

    /// <summary>
    /// Actions whose result is a hand-written SDK model (shared across actions): the generator writes their request class
    /// and, unless <see cref="SdkModelOverride.HandWrittenMethod"/>, their method, but none of their response types.
    /// </summary>
    public IReadOnlyDictionary<string, SdkModelOverride> SdkModels { get; }

    /// <summary>Actions whose <c>CccClient</c> method is hand-written (on a generated request class).</summary>
    public IEnumerable<string> HandWrittenMethods => SdkModels.Where(m => m.Value.HandWrittenMethod).Select(m => m.Key);

    /// <summary>Parameter overrides by <c>Action.Parameter</c>.</summary>
    public IReadOnlyDictionary<string, MemberOverride> Parameters { get; }

    /// <summary>Response field overrides by schema path, e.g. <c>Action.Data.List[].StartTime</c>.</summary>
    public IReadOnlyDictionary<string, MemberOverride> Fields { get; }

    /// <summary>Generated type names by schema path, e.g. <c>Action.Data.List[]</c>.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Reads the overrides file.</summary>
    /// <exception cref="InvalidDataException">The file is not in the expected shape.</exception>
    public static GeneratorOverrides Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray());
            var root = document.RootElement;
            if (root.TryGetProperty("handWritten", out _))
            {
                throw new InvalidDataException("api/overrides.json: handWritten is replaced by sdkModels (docs/decisions/0009-generated-client.md).");
            }

            var sdkModels = new Dictionary<string, SdkModelOverride>(StringComparer.Ordinal);
            if (root.TryGetProperty("sdkModels", out var models))
            {
                foreach (var model in models.EnumerateObject())
                {
                    string result = model.Value.GetProperty("result").GetString()!;
                    string method = model.Value.TryGetProperty("method", out var m) ? m.GetString()! : "generated";
                    if (method is not ("generated" or "handWritten"))
                    {
                        throw new InvalidDataException($"api/overrides.json: sdkModels.{model.Name} has an unknown method '{method}' (generated or handWritten).");
                    }

                    bool validate = model.Value.TryGetProperty("validate", out var v) && v.GetBoolean();
                    string? summary = model.Value.TryGetProperty("summary", out var sm) ? sm.GetString() : null;
                    if (summary is not null && method == "handWritten")
                    {
                        throw new InvalidDataException($"api/overrides.json: sdkModels.{model.Name} has a summary but a hand-written method (its docs are hand-written).");
                    }

                    sdkModels.Add(model.Name, new SdkModelOverride(result, method == "handWritten", validate, summary));
                }
            }

            return new GeneratorOverrides(
                sdkModels,
                ReadMembers(root, "parameters"),
                ReadMembers(root, "fields"),
                root.TryGetProperty("types", out var types)
                    ? types.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
                    : new Dictionary<string, string>(StringComparer.Ordinal));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException("api/overrides.json is not in the expected shape: " + e.Message, e);
        }
    }

    /// <summary>The parameter override for <paramref name="key"/> (<c>Action.Parameter</c>), marking it used.</summary>
    public MemberOverride? Parameter(string key) => Use(Parameters, "parameters", key);

    /// <summary>The field override for <paramref name="path"/>, marking it used.</summary>
    public MemberOverride? Field(string path) => Use(Fields, "fields", path);

    /// <summary>The type name for <paramref name="path"/>, marking it used.</summary>
    public string? TypeName(string path)
    {
        if (Types.TryGetValue(path, out var name))
        {
            _used.Add("types:" + path);
            return name;
        }

        return null;
    }

    /// <summary>Throws when an override matched nothing in the description (a typo, or the description changed).</summary>
    public void VerifyAllUsed(IEnumerable<string> actionNames)
    {
        var actions = actionNames.ToHashSet(StringComparer.Ordinal);
        var stale = SdkModels.Keys.Where(a => !actions.Contains(a)).Select(a => "sdkModels: " + a)
            .Concat(Parameters.Keys.Where(k => !_used.Contains("parameters:" + k)).Select(k => "parameters: " + k))
            .Concat(Fields.Keys.Where(k => !_used.Contains("fields:" + k)).Select(k => "fields: " + k))
            .Concat(Types.Keys.Where(k => !_used.Contains("types:" + k)).Select(k => "types: " + k))
            .ToList();
        if (stale.Count > 0)
        {
            throw new InvalidDataException("api/overrides.json has entries that match nothing the generator writes: " + string.Join("; ", stale));
        }
    }

    private MemberOverride? Use(IReadOnlyDictionary<string, MemberOverride> map, string section, string key)
    {
        if (map.TryGetValue(key, out var value))
        {
            _used.Add(section + ":" + key);
            return value;
        }

        return null;
    }

    private static Dictionary<string, MemberOverride> ReadMembers(JsonElement root, string section)
    {
        var result = new Dictionary<string, MemberOverride>(StringComparer.Ordinal);
        if (!root.TryGetProperty(section, out var members))
        {
            return result;
        }

        foreach (var member in members.EnumerateObject())
        {
            string? name = member.Value.TryGetProperty("name", out var n) ? n.GetString() : null;
            string? clrType = member.Value.TryGetProperty("clrType", out var c) ? c.GetString() : null;
            string? typeInfo = member.Value.TryGetProperty("typeInfo", out var ti) ? ti.GetString() : null;
            OverrideType type = OverrideType.None;
            if (member.Value.TryGetProperty("type", out var t))
            {
                type = t.GetString() switch
                {
                    "jsonStringList" => OverrideType.JsonStringList,
                    "epochMilliseconds" => OverrideType.EpochMilliseconds,
                    "jsonText" => OverrideType.JsonText,
                    var other => throw new InvalidDataException($"api/overrides.json: {section}.{member.Name} has an unknown type '{other}' (jsonStringList, epochMilliseconds or jsonText)."),
                };
            }

            if (type == OverrideType.JsonText && (clrType is null || typeInfo is null))
            {
                throw new InvalidDataException($"api/overrides.json: {section}.{member.Name} is jsonText: it needs clrType and typeInfo.");
            }

            if (clrType is not null && type is not (OverrideType.JsonStringList or OverrideType.JsonText))
            {
                throw new InvalidDataException($"api/overrides.json: {section}.{member.Name}: clrType goes with jsonStringList or jsonText only.");
            }

            result.Add(member.Name, new MemberOverride(name, type, clrType, typeInfo));
        }

        return result;
    }
}

/// <summary>
/// One parameter's or field's override: a readable .NET name and/or a richer .NET type; <paramref name="ClrType"/> replaces
/// the .NET type of a list (jsonStringList, e.g. <c>IList&lt;string&gt;</c>) or names the hand-written type of JSON text
/// (jsonText, serialized through <paramref name="TypeInfo"/>, which takes a <c>List</c>).
/// </summary>
internal sealed record MemberOverride(string? Name, OverrideType Type, string? ClrType = null, string? TypeInfo = null);

/// <summary>
/// An action whose result is a hand-written SDK model: <paramref name="Result"/> is the model (the item type for a paged
/// action), serialized through <c>CccJsonContext.Default.{Result}</c> (paged: <c>CccPagedData{Result}</c>).
/// <paramref name="HandWrittenMethod"/>: the method has real logic and is written by hand on the generated request.
/// <paramref name="Validate"/>: the request class is partial and calls a hand-written <c>partial void Validate()</c> first.
/// <paramref name="Summary"/>: the generated method's XML summary (the generic one when absent).
/// </summary>
internal sealed record SdkModelOverride(string Result, bool HandWrittenMethod, bool Validate, string? Summary = null);

/// <summary>The richer .NET types an override can give.</summary>
internal enum OverrideType
{
    /// <summary>No type change.</summary>
    None,

    /// <summary>A <c>string</c> parameter holding a JSON array of strings: <c>IReadOnlyList&lt;string&gt;</c>, sent as compact JSON text.</summary>
    JsonStringList,

    /// <summary>A <c>long</c> (or <c>string</c>) holding epoch milliseconds: <c>DateTimeOffset</c>.</summary>
    EpochMilliseconds,

    /// <summary>A <c>string</c> parameter holding JSON text of a hand-written type (<see cref="MemberOverride.ClrType"/>).</summary>
    JsonText,
}
