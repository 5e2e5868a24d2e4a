using System.Text.Json;

namespace Ccc.Sdk.Softphone;

/// <summary>A call as the Workbench SDK reports it in <c>onCallComing</c>, <c>onCallDialing</c>, <c>onCallEstablish</c> and
/// <c>onCallRelease</c> (the last two carry only <see cref="CallContext"/>).</summary>
public sealed record CallDetail
{
    /// <summary>The calling number (the customer on an inbound call).</summary>
    public string? Caller { get; init; }

    /// <summary>The called number (the customer on an outbound call).</summary>
    public string? Callee { get; init; }

    /// <summary>The SDK's call type, as sent (e.g. inbound, outbound or internal).</summary>
    public string? CallType { get; init; }

    /// <summary>The id of the call's job (<c>JobId</c> of the OpenAPI): the payload's <c>jobId</c>, else the one inside
    /// <see cref="CallContext"/> (the cloud's <c>onCallEstablish</c>/<c>onCallRelease</c> carry only the context).</summary>
    public string? JobId { get; init; }

    /// <summary>The CCC <c>CallContext</c> object, as sent; <see cref="JsonValueKind.Null"/> or <see cref="JsonValueKind.Undefined"/> when absent.</summary>
    public JsonElement CallContext { get; init; }
}
