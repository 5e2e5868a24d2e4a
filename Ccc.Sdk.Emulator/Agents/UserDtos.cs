namespace Ccc.Sdk.Emulator.Agents;

// Wire shapes of the user actions (docs/reference/api-conventions.md#shapes-and-enums; field names exactly as the cloud's response models).

internal sealed record UserSkillLevelDto(string SkillGroupId, string SkillGroupName, int SkillLevel);

internal sealed record PersonalOutboundNumberDto(string Number, bool Active, string Usage, string Province, string City);

/// <summary>ListUsers item.</summary>
internal sealed class UserListItemDto
{
    public required string UserId { get; init; }
    public required string LoginName { get; init; }
    public required string DisplayName { get; init; }
    public required string DisplayId { get; init; }
    public required string Email { get; init; }
    public required string Mobile { get; init; }
    public required string Extension { get; init; }
    public required string WorkMode { get; init; }
    public required string RoleId { get; init; }
    public required string RoleName { get; init; }
    public required long RamId { get; init; }
    public required bool Primary { get; init; }
    public required bool PrimaryAccount { get; init; }
    public required string DeviceId { get; init; }
    public required string DeviceExt { get; init; }
    public required string DeviceState { get; init; }
    public required IReadOnlyList<UserSkillLevelDto> SkillLevelList { get; init; }
    public required IReadOnlyList<PersonalOutboundNumberDto> PersonalOutboundNumberList { get; init; }
}

/// <summary>GetUser Data.</summary>
internal sealed class UserDetailDto
{
    public required string UserId { get; init; }
    public required string LoginName { get; init; }
    public required string DisplayName { get; init; }
    public required string DisplayId { get; init; }
    public required string Nickname { get; init; }
    public required string AvatarUrl { get; init; }
    public required string Email { get; init; }
    public required string Mobile { get; init; }
    public required string Extension { get; init; }
    public required string WorkMode { get; init; }
    public required string RoleId { get; init; }
    public required string RoleName { get; init; }
    public required string InstanceId { get; init; }
    public required string DeviceId { get; init; }
    public required string DeviceExt { get; init; }
    public required string DeviceState { get; init; }
}

/// <summary>CreateUser Data.</summary>
internal sealed class CreatedUserDto
{
    public required string UserId { get; init; }
    public required string LoginName { get; init; }
    public required string DisplayName { get; init; }
    public required string Email { get; init; }
    public required string Mobile { get; init; }
    public required string Extension { get; init; }
    public required string WorkMode { get; init; }
    public required string Nickname { get; init; }
    public required string AvatarUrl { get; init; }
}

/// <summary>ListSkillLevelsOfUser item.</summary>
internal sealed class UserSkillLevelItemDto
{
    public required string SkillGroupId { get; init; }
    public required string SkillGroupName { get; init; }

    /// <summary>1–10 for a member (lower is stronger); 0 in the <c>IsMember=false</c> list. A JSON string, as the cloud's model types it.</summary>
    public required string SkillLevel { get; init; }
    public required string MediaType { get; init; }
}
