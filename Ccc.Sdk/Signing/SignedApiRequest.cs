namespace Ccc.Sdk.Signing;

/// <summary>A request ready for the wire: every header, the encoded path and query, and the body.</summary>
/// <param name="Method">The HTTP method, <c>POST</c> or <c>GET</c> (from <see cref="ApiRequest.Method"/>; it is part of what is signed).</param>
/// <param name="PathAndQuery">The encoded path and query, e.g. <c>/?InstanceId=ccc-local</c>.</param>
/// <param name="Headers">Headers to send, including <c>Authorization</c> where the style has one; not <c>content-type</c>.</param>
/// <param name="Body">The body bytes (empty for none).</param>
/// <param name="ContentType">The body's content type, or <see langword="null"/> without a body.</param>
internal sealed record SignedApiRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string? ContentType);
