using System.Net.Http.Headers;

namespace Ccc.Sdk.Pipeline;

/// <summary>One HTTP response: status, body bytes and headers.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The whole body.</param>
/// <param name="ContentType">The body's content type, if any.</param>
/// <param name="Headers">The response headers.</param>
internal sealed record WireResponse(int Status, byte[] Body, string? ContentType, HttpResponseHeaders Headers)
{
    /// <summary>The first value of a header, or <see langword="null"/>.</summary>
    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
