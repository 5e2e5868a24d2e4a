using System.Text.Json.Serialization;

namespace Ccc.Sdk.Emulator.Compliance;

/// <summary>
/// ListDoNotCallNumbers item (api/ccc-api-2020-07-01.json): <c>{CreateTime, CreatedTime, Creator, Number, Remark,
/// Scope}</c>. Numbers put on the list by the control API carry no creation details, so those fields are left out.
/// </summary>
internal sealed class DoNotCallNumberDto
{
    public required string Number { get; init; }

    public required string Scope { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CreateTime { get; init; }

    /// <summary>The same instant as <see cref="CreateTime"/> (the model has both names).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CreatedTime { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Creator { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Remark { get; init; }
}

/// <summary>ListBlacklistCallTaggings item: <c>{Blacklisted, JobId, Number}</c>; <c>JobId</c> only for a tagged number that named a call.</summary>
internal sealed class BlacklistCallTaggingDto
{
    public required string Number { get; init; }

    public required bool Blacklisted { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? JobId { get; init; }
}
