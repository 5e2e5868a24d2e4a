namespace Ccc.Sdk;

/// <summary>
/// An OpenAPI call before authentication: action, version and its parameters. Send one with
/// <see cref="CccClient.SendAsync(ApiRequest, CancellationToken)"/> when a typed method does not fit (an action or a
/// parameter newer than the SDK's description, or a response to forward unchanged).
/// </summary>
public sealed class ApiRequest
{
    /// <summary>Creates a request for <paramref name="action"/>.</summary>
    /// <param name="action">The OpenAPI action, e.g. <c>MakeCall</c>.</param>
    /// <param name="version">The API version; CCC's is <c>2020-07-01</c>.</param>
    public ApiRequest(string action, string version = CccApi.Version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        Action = action;
        Version = version;
    }

    /// <summary>The OpenAPI action name.</summary>
    public string Action { get; }

    /// <summary>The API version.</summary>
    public string Version { get; }

    /// <summary>
    /// The HTTP method the action is sent with: <see cref="HttpMethod.Post"/> (the default, and what most actions use)
    /// or <see cref="HttpMethod.Get"/> for the actions the cloud's description declares as GET. A GET request carries no
    /// body: <see cref="Form"/> must then be empty.
    /// </summary>
    public HttpMethod Method { get; set; } = HttpMethod.Post;

    /// <summary>Parameters sent in the query string (unencoded).</summary>
    public List<KeyValuePair<string, string>> Query { get; } = [];

    /// <summary>Parameters sent as an <c>application/x-www-form-urlencoded</c> body, for the actions the cloud defines so.</summary>
    public List<KeyValuePair<string, string>> Form { get; } = [];

    /// <summary>Adds a query parameter; a <see langword="null"/> value is skipped.</summary>
    public ApiRequest With(string name, string? value)
    {
        if (value is not null)
        {
            Query.Add(new(name, value));
        }

        return this;
    }

    /// <summary>Adds a form-body parameter; a <see langword="null"/> value is skipped.</summary>
    public ApiRequest WithForm(string name, string? value)
    {
        if (value is not null)
        {
            Form.Add(new(name, value));
        }

        return this;
    }
}
