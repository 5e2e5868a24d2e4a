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
        IReadOnlySet<string> handWritten,
        IReadOnlyDictionary<string, MemberOverride> parameters,
        IReadOnlyDictionary<string, MemberOverride> fields,
        IReadOnlyDictionary<string, string> types)
    {
        HandWritten = handWritten;
        Parameters = parameters;
        Fields = fields;
        Types = types;
    }

    /// <summary>Actions whose SDK method is hand-written.</summary>
    public IReadOnlySet<string> HandWritten { get; }

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
            var handWritten = new HashSet<string>(StringComparer.Ordinal);
            if (root.TryGetProperty("handWritten", out var hw))
            {
                foreach (var name in hw.EnumerateArray())
                {
                    handWritten.Add(name.GetString()!);
                }
            }

            return new GeneratorOverrides(
                handWritten,
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
        var stale = HandWritten.Where(a => !actions.Contains(a)).Select(a => "handWritten: " + a)
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
            OverrideType type = OverrideType.None;
            if (member.Value.TryGetProperty("type", out var t))
            {
                type = t.GetString() switch
                {
                    "jsonStringList" => OverrideType.JsonStringList,
                    "epochMilliseconds" => OverrideType.EpochMilliseconds,
                    var other => throw new InvalidDataException($"api/overrides.json: {section}.{member.Name} has an unknown type '{other}' (jsonStringList or epochMilliseconds)."),
                };
            }

            result.Add(member.Name, new MemberOverride(name, type));
        }

        return result;
    }
}

/// <summary>One parameter's or field's override: a readable .NET name and/or a richer .NET type.</summary>
internal sealed record MemberOverride(string? Name, OverrideType Type);

/// <summary>The richer .NET types an override can give.</summary>
internal enum OverrideType
{
    /// <summary>No type change.</summary>
    None,

    /// <summary>A <c>string</c> parameter holding a JSON array of strings: <c>IReadOnlyList&lt;string&gt;</c>, sent as compact JSON text.</summary>
    JsonStringList,

    /// <summary>A <c>long</c> (or <c>string</c>) holding epoch milliseconds: <c>DateTimeOffset</c>.</summary>
    EpochMilliseconds,
}
