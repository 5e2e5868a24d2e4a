using System.Text.Json;
using Ccc.Sdk.Emulator.Agents;
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

/// <summary>ListUserLevelsOfSkillGroup item: the description's model (SkillLevel an integer, RamId a string).</summary>
internal sealed class UserLevelOfSkillGroupDto
{
    public required string UserId { get; init; }
    public required string LoginName { get; init; }
    public required string DisplayName { get; init; }
    public required string RamId { get; init; }
    public required string RoleId { get; init; }
    public required string RoleName { get; init; }
    public required string SkillGroupId { get; init; }
    public required string SkillGroupName { get; init; }
    public required int SkillLevel { get; init; }
}

/// <summary>
/// ListSkillGroups, ListBriefSkillGroups, GetSkillGroup, CreateSkillGroup, ModifySkillGroup, DeleteSkillGroup,
/// AddUsersToSkillGroup, RemoveUsersFromSkillGroup, ListUserLevelsOfSkillGroup.
/// </summary>
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
        registry.Add("AddUsersToSkillGroup", AddUsersToSkillGroup);
        registry.Add("RemoveUsersFromSkillGroup", RemoveUsersFromSkillGroup);
        registry.Add("ListUserLevelsOfSkillGroup", ListUserLevelsOfSkillGroup);
    }

    /// <summary>
    /// <c>UserSkillLevelList</c> is JSON text <c>[{"userId":"...","skillLevel":5}]</c>; an agent already in the group
    /// gets the new level. All users are checked before any change.
    /// </summary>
    private static object AddUsersToSkillGroup(ActionContext context)
    {
        var skillGroupId = context.Require("SkillGroupId");
        var levels = ParseUserLevels(context.Require("UserSkillLevelList"));
        var instance = context.Instance;
        lock (instance.Gate)
        {
            instance.GetSkillGroup(skillGroupId);
            var agents = levels.Select(l => (Agent: instance.GetUser(l.UserId), l.Level)).ToList();
            foreach (var (agent, level) in agents)
            {
                agent.SkillLevels.RemoveAll(s => s.SkillGroupId == skillGroupId);
                agent.SkillLevels.Add(new SkillLevel(skillGroupId, level));
            }

            return null!;
        }
    }

    /// <summary>
    /// <c>UserIdList</c> is a JSON string array. The agents leave the group and, if signed in to it, are signed out of it
    /// at once, so routing offers them no more calls from it.
    /// </summary>
    private static object RemoveUsersFromSkillGroup(ActionContext context)
    {
        var skillGroupId = context.Require("SkillGroupId");
        var userIds = context.GetJsonStringArray("UserIdList") ?? throw ApiErrors.ParameterBlank("UserIdList");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            instance.GetSkillGroup(skillGroupId);
            var agents = userIds.Select(instance.GetUser).ToList();
            foreach (var agent in agents)
            {
                agent.SkillLevels.RemoveAll(s => s.SkillGroupId == skillGroupId);
                agent.SignedSkillGroupIds.Remove(skillGroupId);
            }

            return null!;
        }
    }

    /// <summary>The group's agents with their level (<c>IsMember</c> true), or the other agents (false, level 0).</summary>
    private static object ListUserLevelsOfSkillGroup(ActionContext context)
    {
        var paging = context.GetPaging();
        var skillGroupId = context.Require("SkillGroupId");
        var member = context.GetBool("IsMember") ?? true;
        var pattern = context.Get("SearchPattern");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var group = instance.GetSkillGroup(skillGroupId);
            var items = instance.Users.Values
                .Where(u => u.SkillLevels.Any(s => s.SkillGroupId == skillGroupId) == member)
                .Where(u => pattern is null
                    || u.LoginName.Contains(pattern, StringComparison.OrdinalIgnoreCase)
                    || u.DisplayName.Contains(pattern, StringComparison.OrdinalIgnoreCase))
                .OrderBy(u => u.UserId, StringComparer.Ordinal)
                .Select(u => new UserLevelOfSkillGroupDto
                {
                    UserId = u.UserId,
                    LoginName = u.LoginName,
                    DisplayName = u.DisplayName,
                    RamId = u.RamId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    RoleId = u.RoleId,
                    RoleName = instance.Roles.GetValueOrDefault(u.RoleId, ""),
                    SkillGroupId = group.SkillGroupId,
                    SkillGroupName = group.Name,
                    SkillLevel = u.SkillLevels.FirstOrDefault(s => s.SkillGroupId == skillGroupId)?.Level ?? 0,
                })
                .ToList();
            return paging.Apply(items);
        }
    }

    private static List<(string UserId, int Level)> ParseUserLevels(string json)
    {
        const string name = "UserSkillLevelList";
        var result = new List<(string UserId, int Level)>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                throw ApiErrors.ParameterFormat(name, "Expected a non-empty JSON array.");
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw ApiErrors.ParameterFormat(name, "Each item must be an object.");
                }

                string? userId = null;
                var level = 5;
                foreach (var property in item.EnumerateObject())
                {
                    if (string.Equals(property.Name, "userId", StringComparison.OrdinalIgnoreCase))
                    {
                        userId = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    }
                    else if (string.Equals(property.Name, "skillLevel", StringComparison.OrdinalIgnoreCase)
                        && (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out level)))
                    {
                        throw ApiErrors.ParameterFormat(name, "skillLevel must be an integer.");
                    }
                }

                if (string.IsNullOrEmpty(userId))
                {
                    throw ApiErrors.ParameterFormat(name, "Each item needs a userId.");
                }

                ActionContext.CheckRange("skillLevel", level, 1, 10);
                result.Add((userId, level));
            }
        }
        catch (JsonException)
        {
            throw ApiErrors.ParameterFormat(name, "Not valid JSON.");
        }

        return result;
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
            var group = instance.GetSkillGroup(skillGroupId);
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
            instance.GetSkillGroup(skillGroupId);

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
            var group = instance.GetSkillGroup(skillGroupId);
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
