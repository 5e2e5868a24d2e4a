using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>The OpenAPI response envelope (reference §1.3): the one shape every CCC response and error shares.</summary>
internal sealed class CccEnvelope
{
    public string? RequestId { get; set; }

    public string? Code { get; set; }

    public int? HttpStatusCode { get; set; }

    public string? Message { get; set; }

    public JsonElement? Data { get; set; }

    public List<string>? Params { get; set; }

    /// <summary>Whether the envelope says success: <c>Code</c> absent or <c>OK</c>.</summary>
    [JsonIgnore]
    public bool IsOk => Code is null || string.Equals(Code, "OK", StringComparison.OrdinalIgnoreCase);
}
