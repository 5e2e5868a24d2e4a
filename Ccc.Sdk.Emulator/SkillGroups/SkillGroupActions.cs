using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.SkillGroups;

/// <summary>ListSkillGroups item (docs/reference/api-conventions.md#shapes-and-enums).</summary>
internal sealed class SkillGroupDto
{
    public required string SkillGroupId { get; init; }
    public required string SkillGroupName { get; init; }
    public required string DisplayName { get; init; }
    public required string Description { get; init; }
    public required string InstanceId { get; init; }
    public required string MediaType { get; init; }
    public required int PhoneNumberCount { get; init; }
    public required int UserCount { get; init; }
}

/// <summary>GetSkillGroup Data: the description's model (Name, not SkillGroupName; no counts).</summary>
internal sealed class SkillGroupDetailDto
{
    public required string SkillGroupId { get; init; }
    public required string Name { get; init; }
    public required string DisplayName { get; init; }
    public required string Description { get; init; }
    public required string InstanceId { get; init; }
    public required string MediaType { get; init; }
}

/// <summary>ListSkillGroups, ListBriefSkillGroups, GetSkillGroup.</summary>
internal static class SkillGroupActions
{
    public static void Register(ActionRegistry registry)
    {
        // No Params: the cloud's ListSkillGroups response model has none (docs/reference/api-conventions.md#response-envelope).
        registry.Add("ListSkillGroups", ListSkillGroups);
        // Same filters and item model as ListSkillGroups in the description.
        registry.Add("ListBriefSkillGroups", ListSkillGroups);
        registry.Add("GetSkillGroup", GetSkillGroup);
    }

    private static object GetSkillGroup(ActionContext context)
    {
        var skillGroupId = context.Get("SkillGroupId") ?? throw ApiErrors.ParameterBlank("SkillGroupId");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var group = instance.SkillGroups.GetValueOrDefault(skillGroupId)
                ?? throw ApiErrors.SkillGroupNotFound(skillGroupId, instance.InstanceId);
            return new SkillGroupDetailDto
            {
                SkillGroupId = group.SkillGroupId,
                Name = group.Name,
                DisplayName = group.DisplayName,
                Description = group.Description,
                InstanceId = instance.InstanceId,
                MediaType = group.MediaType,
            };
        }
    }

    private static object ListSkillGroups(ActionContext context)
    {
        var paging = context.GetPaging();
        var pattern = context.Get("SearchPattern");
        var mediaType = context.Get("MediaType");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var groups = instance.SkillGroups.Values
                .Where(g => pattern is null
                    || g.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase)
                    || g.DisplayName.Contains(pattern, StringComparison.OrdinalIgnoreCase))
                .Where(g => mediaType is null || string.Equals(g.MediaType, mediaType, StringComparison.OrdinalIgnoreCase))
                .OrderBy(g => g.SkillGroupId, StringComparer.Ordinal)
                .Select(g => new SkillGroupDto
                {
                    SkillGroupId = g.SkillGroupId,
                    SkillGroupName = g.Name,
                    DisplayName = g.DisplayName,
                    Description = g.Description,
                    InstanceId = instance.InstanceId,
                    MediaType = g.MediaType,
                    PhoneNumberCount = instance.PhoneNumbers.Values.Count(n => n.SkillGroupIds.Contains(g.SkillGroupId)),
                    UserCount = instance.MembersOf(g.SkillGroupId).Count(),
                })
                .ToList();
            return paging.Apply(groups);
        }
    }
}
