using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// The one response envelope of every OpenAPI action (docs/reference/api-conventions.md#response-envelope):
/// <c>{RequestId, Code, HttpStatusCode, Message, Data?, Params?}</c>. <c>Data</c> is absent on errors;
/// <c>Params</c> is present exactly when the action's response model has it, and <c>HttpStatusCode</c> is a JSON
/// string for the actions whose model types it so (<see cref="ApiAction.HasParams"/>, <see cref="ApiAction.HttpStatusCodeIsString"/>).
/// </summary>
internal sealed class Envelope
{
    public required string RequestId { get; init; }

    public required string Code { get; init; }

    public required int HttpStatusCode { get; init; }

    public required string Message { get; init; }

    /// <summary>The action's Data (any type listed in <see cref="EmulatorJsonContext"/>); absent when null.</summary>
    public object? Data { get; init; }

    /// <summary>
    /// The member <see cref="Data"/> is written as: <c>Data</c>, or, for a model without Data whose only object member
    /// is another one, that member (the SinceMidnight reports' <c>PagedAgentSummaryReport</c>).
    /// </summary>
    public string DataName { get; init; } = "Data";

    /// <summary>Absent when null.</summary>
    public IReadOnlyList<string>? Params { get; init; }

    /// <summary>Whether <see cref="HttpStatusCode"/> is written as a JSON string (the model of seven actions says so).</summary>
    public bool HttpStatusCodeAsString { get; init; }

    /// <summary>Whether <c>Message</c> is left out: on a success of an action whose model has none (GetCampaign's).</summary>
    public bool OmitMessage { get; init; }

    /// <summary>A fresh request id shaped like the cloud's (uppercase GUID).</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("D").ToUpperInvariant();

    /// <summary>A success envelope shaped by the action's response model (none: no Params, numeric status).</summary>
    public static Envelope Success(string requestId, object? data, ApiAction? model) => new()
    {
        RequestId = requestId,
        Code = CccApi.Ok,
        HttpStatusCode = 200,
        Message = "",
        Data = data,
        DataName = PayloadName(model),
        Params = model?.HasParams == true ? [] : null,
        HttpStatusCodeAsString = model?.HttpStatusCodeIsString == true,
        OmitMessage = model?.Response.Properties?.ContainsKey("Message") == false,
    };

    private static string PayloadName(ApiAction? model) =>
        model is { Data: null, Response.Properties: { } members }
            && members.Where(m => m.Value.Type == SchemaType.Object).Select(m => m.Key).ToList() is [var only]
            ? only
            : "Data";

    /// <summary>An error envelope shaped by the action's response model (none: no Params, numeric status).</summary>
    public static Envelope Error(string requestId, ApiException error, ApiAction? model) => new()
    {
        RequestId = requestId,
        Code = error.Code,
        HttpStatusCode = error.HttpStatusCode,
        Message = error.Message,
        Params = model?.HasParams == true ? error.MessageParams : null,
        HttpStatusCodeAsString = model?.HttpStatusCodeIsString == true,
    };

    /// <summary>An error envelope outside any action (control API, host guard, phone page).</summary>
    public static Envelope Error(string requestId, ApiException error, bool withParams) => new()
    {
        RequestId = requestId,
        Code = error.Code,
        HttpStatusCode = error.HttpStatusCode,
        Message = error.Message,
        Params = withParams ? error.MessageParams : null,
    };

    /// <summary>The envelope as UTF-8 JSON, written once (the bytes the response validator checks and the client gets).</summary>
    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("RequestId", RequestId);
            writer.WriteString("Code", Code);
            if (HttpStatusCodeAsString)
            {
                writer.WriteString("HttpStatusCode", HttpStatusCode.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteNumber("HttpStatusCode", HttpStatusCode);
            }

            if (!OmitMessage)
            {
                writer.WriteString("Message", Message);
            }

            if (Data is not null)
            {
                writer.WritePropertyName(DataName);
                JsonSerializer.Serialize(writer, Data, Data.GetType(), EmulatorJsonContext.Default);
            }

            if (Params is not null)
            {
                writer.WriteStartArray("Params");
                foreach (var p in Params)
                {
                    writer.WriteStringValue(p);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the envelope as the HTTP response (status = <see cref="HttpStatusCode"/>).</summary>
    public Task WriteAsync(HttpResponse response, CancellationToken cancellationToken) =>
        WriteAsync(response, HttpStatusCode, RequestId, ToUtf8Json(), cancellationToken);

    /// <summary>Writes already-serialised envelope bytes as the HTTP response.</summary>
    public static async Task WriteAsync(HttpResponse response, int status, string requestId, byte[] body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json;charset=utf-8";
        response.Headers["x-acs-request-id"] = requestId;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
