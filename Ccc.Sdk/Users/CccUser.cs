using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>A user (agent or administrator) of a CCC instance, as returned by <c>ListUsers</c>, <c>GetUser</c> and
/// <c>CreateUser</c> (each action fills the fields it knows; the others stay <see langword="null"/>).</summary>
public sealed class CccUser
{
    /// <summary>The user id, <c>loginName@instanceId</c> (e.g. <c>agent@ccc-test</c>).</summary>
    public string? UserId { get; set; }

    /// <summary>The RAM login name before the <c>@</c>.</summary>
    public string? LoginName { get; set; }

    /// <summary>The display name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The display id (agent number shown to colleagues).</summary>
    public string? DisplayId { get; set; }

    /// <summary>The nickname.</summary>
    public string? Nickname { get; set; }

    /// <summary>The avatar URL.</summary>
    public string? AvatarUrl { get; set; }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; set; }

    /// <summary>The mobile number (used in <c>OFF_SITE</c> work mode).</summary>
    public string? Mobile { get; set; }

    /// <summary>The extension number.</summary>
    public string? Extension { get; set; }

    /// <summary>The work mode: <c>ON_SITE</c>, <c>OFF_SITE</c> or <c>OFFICE_PHONE</c>.</summary>
    public string? WorkMode { get; set; }

    /// <summary>The role id, e.g. <c>Agent@ccc-test</c>.</summary>
    public string? RoleId { get; set; }

    /// <summary>The role name.</summary>
    public string? RoleName { get; set; }

    /// <summary>The RAM user id.</summary>
    public long? RamId { get; set; }

    /// <summary>Whether the user is the instance's primary account.</summary>
    public bool? Primary { get; set; }

    /// <summary>Whether the user is an Alibaba Cloud primary account.</summary>
    public bool? PrimaryAccount { get; set; }

    /// <summary>The instance id (<c>GetUser</c>).</summary>
    public string? InstanceId { get; set; }

    /// <summary>The id of the device the user is signed in on.</summary>
    public string? DeviceId { get; set; }

    /// <summary>The device's extension.</summary>
    public string? DeviceExt { get; set; }

    /// <summary>The device state.</summary>
    public string? DeviceState { get; set; }

    /// <summary>The user's skill groups and levels (<c>ListUsers</c>).</summary>
    public IReadOnlyList<UserSkillLevel>? SkillLevelList { get; set; }

    /// <summary>The user's personal outbound numbers (<c>ListUsers</c>).</summary>
    public IReadOnlyList<PersonalOutboundNumber>? PersonalOutboundNumberList { get; set; }
}

/// <summary>A skill group a user belongs to, with the user's level in it.</summary>
public sealed class UserSkillLevel
{
    /// <summary>The skill group id, <c>name@instanceId</c>.</summary>
    public string? SkillGroupId { get; set; }

    /// <summary>The skill group name.</summary>
    public string? SkillGroupName { get; set; }

    /// <summary>The level (1–10; higher is served first).</summary>
    public int? SkillLevel { get; set; }
}

/// <summary>A phone number assigned to one user for outbound calls.</summary>
public sealed class PersonalOutboundNumber
{
    /// <summary>The number.</summary>
    public string? Number { get; set; }

    /// <summary>Whether the number is active.</summary>
    public bool? Active { get; set; }

    /// <summary>The usage: <c>Inbound</c>, <c>Outbound</c> or <c>Bidirection</c>.</summary>
    public string? Usage { get; set; }

    /// <summary>The province of the number.</summary>
    public string? Province { get; set; }

    /// <summary>The city of the number.</summary>
    public string? City { get; set; }
}

/// <summary>A skill group assignment sent by <c>CreateUser</c> (serialised as <c>{"skillGroupId":…,"skillLevel":…}</c>).</summary>
/// <param name="SkillGroupId">The skill group id, <c>name@instanceId</c>.</param>
/// <param name="SkillLevel">The level, 1–10.</param>
public sealed record SkillLevelAssignment(
    [property: JsonPropertyName("skillGroupId")] string SkillGroupId,
    [property: JsonPropertyName("skillLevel")] int SkillLevel);
