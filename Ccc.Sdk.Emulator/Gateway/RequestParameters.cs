namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>Where a request parameter arrived: V3 signs only the query, RPC V1 signs both.</summary>
internal enum ParameterSource
{
    Query,
    Form,
}

/// <summary>One decoded request parameter.</summary>
internal readonly record struct RequestParameter(string Name, string Value, ParameterSource Source);

/// <summary>
/// All parameters of one request, from the query and (for form bodies) the body, each name at most once.
/// </summary>
internal sealed class RequestParameters
{
    private readonly Dictionary<string, RequestParameter> _byName = new(StringComparer.Ordinal);

    public IReadOnlyCollection<RequestParameter> All => _byName.Values;

    /// <exception cref="ApiException">InvalidParameter.Duplicate when the name was already given.</exception>
    public void Add(string name, string value, ParameterSource source)
    {
        if (!_byName.TryAdd(name, new RequestParameter(name, value, source)))
        {
            throw ApiErrors.DuplicateParameter(name);
        }
    }

    public string? this[string name] => _byName.TryGetValue(name, out var p) ? p.Value : null;

    public bool Contains(string name) => _byName.ContainsKey(name);

    public IEnumerable<RequestParameter> FromSource(ParameterSource source) => _byName.Values.Where(p => p.Source == source);
}
