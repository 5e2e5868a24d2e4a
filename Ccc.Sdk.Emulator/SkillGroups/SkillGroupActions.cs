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

/// <summary>CreateSkillGroup Data: the description's model.</summary>
internal sealed class CreatedSkillGroupDto
{
    public required string SkillGroupId { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string InstanceId { get; init; }
    public required string MediaType { get; init; }
}

/// <summary>ListSkillGroups, ListBriefSkillGroups, GetSkillGroup, CreateSkillGroup, ModifySkillGroup, DeleteSkillGroup.</summary>
internal static class SkillGroupActions
{
    public static void Register(ActionRegistry registry)
    {
        // No Params: the cloud's ListSkillGroups response model has none (docs/reference/api-conventions.md#response-envelope).
        registry.Add("ListSkillGroups", ListSkillGroups);
        // Same filters and item model as ListSkillGroups in the description.
        registry.Add("ListBriefSkillGroups", ListSkillGroups);
        registry.Add("GetSkillGroup", GetSkillGroup);
        registry.Add("CreateSkillGroup", CreateSkillGroup);
        // ModifySkillGroup and DeleteSkillGroup: the description's response models have no Data.
        registry.Add("ModifySkillGroup", ModifySkillGroup);
        registry.Add("DeleteSkillGroup", DeleteSkillGroup);
    }

    private static object CreateSkillGroup(ActionContext context)
    {
        var name = context.Get("Name") is { Length: > 0 } n && !string.IsNullOrWhiteSpace(n) ? n.Trim() : throw ApiErrors.ParameterBlank("Name");
        var displayName = context.Get("DisplayName") is { } d && !string.IsNullOrWhiteSpace(d) ? d : throw ApiErrors.ParameterBlank("DisplayName");
        var mediaType = context.Get("MediaType") is { Length: > 0 } m ? m.ToUpperInvariant() : "VOICE";
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var id = name + "@" + instance.InstanceId;
            if (instance.SkillGroups.ContainsKey(id))
            {
                throw ApiErrors.SkillGroupAlreadyExists(id);
            }

            var group = new SkillGroup
            {
                SkillGroupId = id,
                Name = name,
                DisplayName = displayName,
                Description = context.Get("Description") ?? "",
                MediaType = mediaType,
            };
            instance.SkillGroups[id] = group;
            return new CreatedSkillGroupDto
            {
                SkillGroupId = id,
                Name = group.Name,
                Description = group.Description,
                InstanceId = instance.InstanceId,
                MediaType = group.MediaType,
            };
        }
    }

    private static object ModifySkillGroup(ActionContext context)
    {
        var skillGroupId = context.Get("SkillGroupId") ?? throw ApiErrors.ParameterBlank("SkillGroupId");
        var displayName = context.Get("DisplayName");
        var description = context.Get("Description");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var group = instance.SkillGroups.GetValueOrDefault(skillGroupId)
                ?? throw ApiErrors.SkillGroupNotFound(skillGroupId, instance.InstanceId);
            if (displayName is not null)
            {
                group.DisplayName = string.IsNullOrWhiteSpace(displayName) ? throw ApiErrors.ParameterBlank("DisplayName") : displayName;
            }

            if (description is not null)
            {
                group.Description = description;
            }

            return null!;
        }
    }

    /// <summary>
    /// Refused with InUse.SkillGroup while an agent is a member or a number is bound to the group, unless
    /// <c>Force</c> is true: then the memberships, sign-ins and number bindings are dropped with it (docs/emulator.md).
    /// </summary>
    private static object DeleteSkillGroup(ActionContext context)
    {
        var skillGroupId = context.Get("SkillGroupId") ?? throw ApiErrors.ParameterBlank("SkillGroupId");
        var force = context.GetBool("Force") ?? false;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            if (!instance.SkillGroups.ContainsKey(skillGroupId))
            {
                throw ApiErrors.SkillGroupNotFound(skillGroupId, instance.InstanceId);
            }

            var members = instance.MembersOf(skillGroupId).ToList();
            var numbers = instance.PhoneNumbers.Values.Where(n => n.SkillGroupIds.Contains(skillGroupId)).ToList();
            if (!force && (members.Count > 0 || numbers.Count > 0))
            {
                throw ApiErrors.SkillGroupInUse(skillGroupId);
            }

            foreach (var agent in members)
            {
                agent.SkillLevels.RemoveAll(s => s.SkillGroupId == skillGroupId);
                agent.SignedSkillGroupIds.Remove(skillGroupId);
            }

            foreach (var number in numbers)
            {
                number.SkillGroupIds.Remove(skillGroupId);
            }

            instance.SkillGroups.Remove(skillGroupId);
            return null!;
        }
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
