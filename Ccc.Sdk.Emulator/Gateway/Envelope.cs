using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// The one response envelope of every OpenAPI action (docs/reference/api-conventions.md#response-envelope):
/// <c>{RequestId, Code, HttpStatusCode, Message, Data?, Params?}</c>. <c>Data</c> is absent on errors;
/// <c>Params</c> is present only on actions whose cloud response model has it.
/// </summary>
internal sealed class Envelope
{
    public required string RequestId { get; init; }

    public required string Code { get; init; }

    public required int HttpStatusCode { get; init; }

    public required string Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public object? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Params { get; init; }

    /// <summary>A fresh request id shaped like the cloud's (uppercase GUID).</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("D").ToUpperInvariant();

    public static Envelope Success(string requestId, object? data, bool withParams) => new()
    {
        RequestId = requestId,
        Code = CccApi.Ok,
        HttpStatusCode = 200,
        Message = "",
        Data = data,
        Params = withParams ? [] : null,
    };

    public static Envelope Error(string requestId, ApiException error, bool withParams) => new()
    {
        RequestId = requestId,
        Code = error.Code,
        HttpStatusCode = error.HttpStatusCode,
        Message = error.Message,
        Params = withParams ? error.MessageParams : null,
    };

    /// <summary>Writes the envelope as the HTTP response (status = <see cref="HttpStatusCode"/>).</summary>
    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = HttpStatusCode;
        response.ContentType = "application/json;charset=utf-8";
        response.Headers["x-acs-request-id"] = RequestId;
        await JsonSerializer.SerializeAsync(response.Body, this, EmulatorJsonContext.Default.Envelope, cancellationToken).ConfigureAwait(false);
    }
}
