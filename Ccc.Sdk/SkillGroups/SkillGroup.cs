namespace Ccc.Sdk;

/// <summary>A skill group of a CCC instance (<c>ListSkillGroups</c>).</summary>
public sealed class SkillGroup
{
    /// <summary>The skill group id, <c>name@instanceId</c>.</summary>
    public string? SkillGroupId { get; set; }

    /// <summary>The skill group name.</summary>
    public string? SkillGroupName { get; set; }

    /// <summary>The display name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The description.</summary>
    public string? Description { get; set; }

    /// <summary>The instance id.</summary>
    public string? InstanceId { get; set; }

    /// <summary>The media type, e.g. <c>VOICE</c>.</summary>
    public string? MediaType { get; set; }

    /// <summary>How many numbers are bound to the group.</summary>
    public int? PhoneNumberCount { get; set; }

    /// <summary>How many users are in the group.</summary>
    public int? UserCount { get; set; }
}
