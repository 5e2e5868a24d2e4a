using System.Text.Json;
using System.Text.RegularExpressions;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Agents;

/// <summary>ListUsers, GetUser, CreateUser, ListSkillLevelsOfUser.</summary>
internal static partial class UserActions
{
    public static void Register(ActionRegistry registry)
    {
        registry.Add("ListUsers", ListUsers);
        registry.Add("GetUser", GetUser);
        registry.Add("CreateUser", CreateUser);
        // The workbench's sign-in list (docs/reference/workbench-sdk.md#methods-2x).
        registry.Add("ListSkillLevelsOfUser", ListSkillLevelsOfUser);
        UserAdminActions.Register(registry);
    }

    /// <summary>
    /// The agent's skill groups with its level in each (<c>IsMember</c> true, the default), or the instance's groups
    /// it is not in (<c>IsMember</c> false, level 0). <c>SearchPattern</c> matches the group's name or display name.
    /// </summary>
    private static object ListSkillLevelsOfUser(ActionContext context)
    {
        var paging = context.GetPaging();
        var userId = context.UserIdOrCaller();
        var member = context.GetBool("IsMember") ?? true;
        var pattern = context.Get("SearchPattern");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            var levels = agent.SkillLevels.ToDictionary(s => s.SkillGroupId, s => s.Level, StringComparer.Ordinal);
            var items = instance.SkillGroups.Values
                .Where(g => levels.ContainsKey(g.SkillGroupId) == member)
                .Where(g => pattern is null
                    || g.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase)
                    || g.DisplayName.Contains(pattern, StringComparison.OrdinalIgnoreCase))
                .OrderBy(g => g.SkillGroupId, StringComparer.Ordinal)
                .Select(g => new UserSkillLevelItemDto
                {
                    SkillGroupId = g.SkillGroupId,
                    SkillGroupName = g.Name,
                    SkillLevel = levels.GetValueOrDefault(g.SkillGroupId).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MediaType = g.MediaType,
                })
                .ToList();
            return paging.Apply(items);
        }
    }

    private static object ListUsers(ActionContext context)
    {
        var paging = context.GetPaging();
        var pattern = context.Get("SearchPattern");
        var skillGroupId = context.Get("SkillGroupId");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var users = instance.Users.Values
                .Where(u => pattern is null
                    || u.LoginName.Contains(pattern, StringComparison.OrdinalIgnoreCase)
                    || u.DisplayName.Contains(pattern, StringComparison.OrdinalIgnoreCase))
                .Where(u => skillGroupId is null || u.SkillLevels.Any(s => s.SkillGroupId == skillGroupId))
                .OrderBy(u => u.UserId, StringComparer.Ordinal)
                .Select(u => ToListItem(instance, u))
                .ToList();
            return paging.Apply(users);
        }
    }

    private static object GetUser(ActionContext context)
    {
        var userId = context.Get("UserId");
        var extension = context.Get("Extension");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            Agent agent;
            if (userId is not null)
            {
                agent = instance.GetUser(userId);
            }
            else if (extension is not null)
            {
                agent = instance.Users.Values.FirstOrDefault(u => u.Extension == extension)
                    ?? throw ApiErrors.UserNotFound(extension, instance.InstanceId);
            }
            else if (context.Caller.UserId is { } own)
            {
                agent = instance.GetUser(own); // neither is required by the model: the agent mapped to the calling key
            }
            else
            {
                throw ApiErrors.ParameterBlank("UserId");
            }

            return new UserDetailDto
            {
                UserId = agent.UserId,
                LoginName = agent.LoginName,
                DisplayName = agent.DisplayName,
                DisplayId = agent.DisplayId,
                Nickname = agent.Nickname,
                AvatarUrl = agent.AvatarUrl,
                Email = agent.Email,
                Mobile = agent.Mobile,
                Extension = agent.Extension,
                WorkMode = agent.WorkMode,
                RoleId = agent.RoleId,
                RoleName = instance.Roles.GetValueOrDefault(agent.RoleId, ""),
                InstanceId = instance.InstanceId,
                DeviceId = agent.DeviceId,
                DeviceExt = agent.Extension,
                DeviceState = agent.DeviceState,
            };
        }
    }

    private static object CreateUser(ActionContext context)
    {
        var loginName = context.Require("LoginName");
        if (!LoginNamePattern().IsMatch(loginName))
        {
            throw ApiErrors.ParameterFormat("LoginName", "Use 4-32 characters of A-Z a-z 0-9 . _ -.");
        }

        var email = context.Require("Email");
        if (!EmailPattern().IsMatch(email))
        {
            throw ApiErrors.ParameterFormat("Email", "Not an email address.");
        }

        var mobile = context.Get("Mobile");
        if (mobile is not null && !AgentStateActions.MobilePattern().IsMatch(mobile))
        {
            throw ApiErrors.ParameterFormat("Mobile", "Use 5-20 digits, optionally after '+'.");
        }

        var workMode = context.GetEnum("WorkMode", WorkModes.All) ?? WorkModes.OnSite;
        var roleId = context.Require("RoleId");
        var levels = ParseSkillLevels(context.Get("SkillLevelList"));
        var instance = context.Instance;
        lock (instance.Gate)
        {
            if (!instance.Roles.ContainsKey(roleId))
            {
                throw ApiErrors.RoleNotFound(roleId, instance.InstanceId);
            }

            foreach (var level in levels)
            {
                instance.GetSkillGroup(level.SkillGroupId);
            }

            var userId = loginName + "@" + instance.InstanceId;
            if (instance.Users.ContainsKey(userId))
            {
                throw ApiErrors.UserAlreadyExists(userId);
            }

            var now = context.NowMilliseconds;
            var agent = new Agent
            {
                UserId = userId,
                LoginName = loginName,
                DisplayName = context.Require("DisplayName"),
                DisplayId = context.Get("DisplayId") ?? "",
                Nickname = context.Get("Nickname") ?? "",
                AvatarUrl = context.Get("AvatarUrl") ?? "",
                Email = email,
                Mobile = mobile ?? "",
                Extension = instance.NextExtension(),
                WorkMode = workMode,
                RoleId = roleId,
                RamId = 2_000_000_000_000_000L + instance.Users.Count,
                StateTime = now,
                Heartbeat = now,
            };
            agent.SkillLevels.AddRange(levels);
            instance.Users.Add(userId, agent);
            return new CreatedUserDto
            {
                UserId = agent.UserId,
                LoginName = agent.LoginName,
                DisplayName = agent.DisplayName,
                Email = agent.Email,
                Mobile = agent.Mobile,
                Extension = agent.Extension,
                WorkMode = agent.WorkMode,
                Nickname = agent.Nickname,
                AvatarUrl = agent.AvatarUrl,
            };
        }
    }

    /// <summary>Caller holds the instance lock.</summary>
    internal static UserListItemDto ToListItem(CccInstance instance, Agent u) => new()
    {
        UserId = u.UserId,
        LoginName = u.LoginName,
        DisplayName = u.DisplayName,
        DisplayId = u.DisplayId,
        Email = u.Email,
        Mobile = u.Mobile,
        Extension = u.Extension,
        WorkMode = u.WorkMode,
        RoleId = u.RoleId,
        RoleName = instance.Roles.GetValueOrDefault(u.RoleId, ""),
        RamId = u.RamId,
        Primary = false,
        PrimaryAccount = false,
        DeviceId = u.DeviceId,
        DeviceExt = u.Extension,
        DeviceState = u.DeviceState,
        SkillLevelList = u.SkillLevels
            .Select(s => new UserSkillLevelDto(s.SkillGroupId, instance.SkillGroups.TryGetValue(s.SkillGroupId, out var g) ? g.Name : "", s.Level))
            .ToList(),
        PersonalOutboundNumberList = u.PersonalNumbers
            .Select(n => instance.PhoneNumbers.GetValueOrDefault(n))
            .OfType<Numbers.PhoneNumber>()
            .Select(n => new PersonalOutboundNumberDto(n.Number, n.Active, n.Usage, n.Province, n.City))
            .ToList(),
    };

    /// <summary><c>[{"skillGroupId":"...","skillLevel":5}]</c>; property names compared ignoring case; levels 1–10.</summary>
    internal static List<SkillLevel> ParseSkillLevels(string? json, string name = "SkillLevelList")
    {
        if (json is null)
        {
            return [];
        }

        var result = new List<SkillLevel>();
        try
        {
            using var document = JsonText.TryParse(json) ?? throw ApiErrors.ParameterFormat(name, "Not valid JSON (or a string is not valid Unicode).");
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw ApiErrors.ParameterFormat(name, "Expected a JSON array.");
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw ApiErrors.ParameterFormat(name, "Each item must be an object.");
                }

                string? skillGroupId = null;
                int level = 5;
                foreach (var property in item.EnumerateObject())
                {
                    if (property.NameEquals("skillGroupId") || string.Equals(property.Name, "SkillGroupId", StringComparison.OrdinalIgnoreCase))
                    {
                        skillGroupId = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    }
                    else if (string.Equals(property.Name, "skillLevel", StringComparison.OrdinalIgnoreCase))
                    {
                        if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out level))
                        {
                            throw ApiErrors.ParameterFormat(name, "skillLevel must be an integer.");
                        }
                    }
                }

                if (string.IsNullOrEmpty(skillGroupId))
                {
                    throw ApiErrors.ParameterFormat(name, "Each item needs a skillGroupId.");
                }

                ActionContext.CheckRange("skillLevel", level, 1, 10);
                result.Add(new SkillLevel(skillGroupId, level));
            }
        }
        catch (JsonException)
        {
            throw ApiErrors.ParameterFormat(name, "Not valid JSON.");
        }

        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{4,32}$")]
    private static partial Regex LoginNamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
