namespace Ccc.Sdk;

/// <summary>
/// The result of a successful OpenAPI call: the typed <c>Data</c> of the envelope in <see cref="Value"/>, plus the
/// envelope's <see cref="RequestId"/> and <see cref="Params"/> (in the style of Azure's <c>Response&lt;T&gt;</c>).
/// </summary>
/// <typeparam name="T">The type of the action's <c>Data</c>.</typeparam>
public class CccResponse<T>
{
    /// <summary>Creates a response; use it to fake one in tests (e.g. with Moq).</summary>
    /// <param name="value">The typed <c>Data</c>.</param>
    /// <param name="requestId">The envelope's <c>RequestId</c>.</param>
    /// <param name="parameters">The envelope's <c>Params</c>, if any.</param>
    /// <param name="httpStatusCode">The HTTP status code.</param>
    /// <param name="rawContent">The response body as received, if kept.</param>
    public CccResponse(T value, string? requestId, IReadOnlyList<string>? parameters = null, int httpStatusCode = 200, string? rawContent = null)
    {
        Value = value;
        RequestId = requestId;
        Params = parameters ?? [];
        HttpStatusCode = httpStatusCode;
        RawContent = rawContent;
    }

    /// <summary>The action's <c>Data</c>.</summary>
    public T Value { get; }

    /// <summary>The <c>RequestId</c> the service gave the call (quote it to support).</summary>
    public string? RequestId { get; }

    /// <summary>The envelope's <c>Params</c> (empty when absent).</summary>
    public IReadOnlyList<string> Params { get; }

    /// <summary>The HTTP status code (200 on success).</summary>
    public int HttpStatusCode { get; }

    /// <summary>The JSON response body exactly as received; set by <see cref="CccClient.SendAsync"/>, otherwise <see langword="null"/>.</summary>
    public string? RawContent { get; }

    /// <summary>Returns <see cref="Value"/>.</summary>
    public static implicit operator T(CccResponse<T> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Value;
    }
}
