using System.Text.Json;

namespace Ccc.Sdk;

/// <summary>Filters of <c>ListUsers</c>.</summary>
public sealed class ListUsersRequest : CccRequest
{
    /// <summary>A fuzzy match on login name or display name.</summary>
    public string? SearchPattern { get; set; }

    /// <summary>Only users of this skill group.</summary>
    public string? SkillGroupId { get; set; }

    internal override string Action => "ListUsers";

    internal override void WriteParameters(ApiRequest request) =>
        request.With("SearchPattern", SearchPattern).With("SkillGroupId", SkillGroupId);
}

/// <summary>Parameters of <c>GetUser</c>: one of <see cref="UserId"/> or <see cref="Extension"/>.</summary>
public sealed class GetUserRequest : CccRequest
{
    /// <summary>The user id, <c>loginName@instanceId</c>.</summary>
    public string? UserId { get; set; }

    /// <summary>The user's extension number.</summary>
    public string? Extension { get; set; }

    internal override string Action => "GetUser";

    internal override void WriteParameters(ApiRequest request) =>
        request.With("UserId", UserId).With("Extension", Extension); // both optional in the cloud's model: the service decides
}

/// <summary>Parameters of <c>CreateUser</c>.</summary>
public sealed class CreateUserRequest : CccRequest
{
    /// <summary>Required. The RAM login name before the <c>@</c> (4–32 characters of <c>[A-Za-z0-9._-]</c>).</summary>
    public string? LoginName { get; set; }

    /// <summary>Required. The display name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Required. The e-mail address.</summary>
    public string? Email { get; set; }

    /// <summary>Required. The role id, e.g. <c>Agent@ccc-test</c>.</summary>
    public string? RoleId { get; set; }

    /// <summary>The work mode: <c>ON_SITE</c>, <c>OFF_SITE</c> or <c>OFFICE_PHONE</c>.</summary>
    public string? WorkMode { get; set; }

    /// <summary>The mobile number.</summary>
    public string? Mobile { get; set; }

    /// <summary>Skill groups and levels, sent as JSON text.</summary>
    public IList<SkillLevelAssignment>? SkillLevelList { get; set; }

    /// <summary>Whether to reset the RAM password (default false).</summary>
    public bool? ResetPassword { get; set; }

    /// <summary>The display id.</summary>
    public string? DisplayId { get; set; }

    /// <summary>The nickname.</summary>
    public string? Nickname { get; set; }

    /// <summary>The avatar URL.</summary>
    public string? AvatarUrl { get; set; }

    /// <summary>Whether to e-mail the new user.</summary>
    public bool? NeedEmailNotification { get; set; }

    internal override string Action => "CreateUser";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("LoginName", Required(LoginName, nameof(LoginName)))
            .With("DisplayName", Required(DisplayName, nameof(DisplayName)))
            .With("Email", Required(Email, nameof(Email)))
            .With("RoleId", Required(RoleId, nameof(RoleId)))
            .With("WorkMode", WorkMode)
            .With("Mobile", Mobile)
            .With("SkillLevelList", SkillLevelList is null ? null : JsonSerializer.Serialize(SkillLevelList.ToList(), CccJsonContext.Wire.ListSkillLevelAssignment))
            .With("ResetPassword", Bool(ResetPassword))
            .With("DisplayId", DisplayId)
            .With("Nickname", Nickname)
            .With("AvatarUrl", AvatarUrl)
            .With("NeedEmailNotification", Bool(NeedEmailNotification));
}
