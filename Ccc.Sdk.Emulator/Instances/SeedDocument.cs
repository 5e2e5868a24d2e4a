namespace Ccc.Sdk.Emulator.Instances;

/// <summary>
/// The seed file format (JSON, see docs/emulator.md). An instance whose <c>InstanceId</c> matches a built-in
/// one replaces it; others are added. <see cref="ReplaceBuiltIn"/> drops the built-in instances first.
/// Number-location rows are added to the built-in table (a row with the same prefix wins).
/// </summary>
internal sealed class SeedDocument
{
    public bool ReplaceBuiltIn { get; set; }

    public List<SeedInstance> Instances { get; set; } = [];

    public List<SeedNumberLocation> NumberLocations { get; set; } = [];

    /// <summary>Simulated phones: number → <c>{"behavior","answerAfterMs","hangUpAfterMs"}</c> (as the control API).</summary>
    public Dictionary<string, System.Text.Json.JsonElement> Phones { get; set; } = [];
}

internal sealed class SeedInstance
{
    public string InstanceId { get; set; } = "";

    public List<string> BreakCodes { get; set; } = [];

    public List<SeedRole> Roles { get; set; } = [];

    public List<SeedSkillGroup> SkillGroups { get; set; } = [];

    public List<SeedUser> Users { get; set; } = [];

    public List<SeedPhoneNumber> PhoneNumbers { get; set; } = [];

    /// <summary>Call settings, same properties as <c>PUT /_emulator/instances/{id}/call-settings</c>; absent = defaults.</summary>
    public System.Text.Json.JsonElement? CallSettings { get; set; }
}

internal sealed class SeedRole
{
    public string RoleId { get; set; } = "";

    public string RoleName { get; set; } = "";
}

internal sealed class SeedSkillGroup
{
    /// <summary>Name before '@'; the SkillGroupId is <c>Name@InstanceId</c>.</summary>
    public string Name { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string Description { get; set; } = "";

    public string MediaType { get; set; } = "VOICE";
}

internal sealed class SeedUser
{
    /// <summary>Login name before '@'; the UserId is <c>LoginName@InstanceId</c>.</summary>
    public string LoginName { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string DisplayId { get; set; } = "";

    public string Email { get; set; } = "";

    public string Mobile { get; set; } = "";

    /// <summary>Empty: the next free extension from 8001.</summary>
    public string Extension { get; set; } = "";

    public string RoleId { get; set; } = "";

    public string WorkMode { get; set; } = "ON_SITE";

    public List<SeedSkillLevel> SkillLevels { get; set; } = [];
}

internal sealed class SeedSkillLevel
{
    public string SkillGroupId { get; set; } = "";

    public int SkillLevel { get; set; } = 5;
}

internal sealed class SeedPhoneNumber
{
    public string Number { get; set; } = "";

    public string Usage { get; set; } = "Bidirection";

    public bool Active { get; set; } = true;

    public string Provider { get; set; } = "CMCC";

    public string Province { get; set; } = "";

    public string City { get; set; } = "";

    public string ContactFlowId { get; set; } = "";

    public string ContactFlowName { get; set; } = "";

    public string Tags { get; set; } = "";

    /// <summary>Owner agent for a personal number.</summary>
    public string UserId { get; set; } = "";

    public List<string> SkillGroupIds { get; set; } = [];

    /// <summary>This number's own outbound concurrency limit (rule N3); 0 = the instance's setting.</summary>
    public int MaxOutboundConcurrency { get; set; }
}

internal sealed class SeedNumberLocation
{
    public string Prefix { get; set; } = "";

    public string Province { get; set; } = "";

    public string City { get; set; } = "";
}
