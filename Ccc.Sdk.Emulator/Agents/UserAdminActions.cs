using System.Text.Json;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Agents;

/// <summary>ListRoles item: the description's model.</summary>
internal sealed record RoleDto(string RoleId, string Name);

/// <summary>ListPrivilegesOfUser item: the description's model.</summary>
internal sealed record PrivilegeDto(string Name, string Scope, string InstanceId);

/// <summary>
/// Users administration (issue 13): ModifyUser, RemoveUsers, ResetUserPassword, ListRoles, ListPrivilegesOfUser,
/// ModifySkillLevelsOfUser, ModifyUserLevelsOfSkillGroup, AddSkillGroupsToUser, RemoveSkillGroupsFromUser. Every
/// change is checked in full before anything changes, and routing sees it at once (the engine reads the same agents
/// under the same lock). Emulator choices are in docs/emulator.md, section "Users administration".
/// </summary>
internal static class UserAdminActions
{
    /// <summary>The privileges each built-in role grants (by role name). Small, fixed and documented in docs/emulator.md.</summary>
    internal static readonly IReadOnlyDictionary<string, IReadOnlyList<(string Name, string Scope)>> PrivilegesByRole =
        new Dictionary<string, IReadOnlyList<(string Name, string Scope)>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Agent"] = [("UseWorkbench", "Self"), ("ReadOwnCallRecords", "Self"), ("ReadOwnRecordings", "Self")],
            ["Operator"] = [("UseWorkbench", "Self"), ("ReadRealtimeReports", "Instance"), ("ReadHistoricalReports", "Instance"), ("ReadCallRecords", "Instance")],
            ["Admin"] =
            [
                ("UseWorkbench", "Self"), ("ReadRealtimeReports", "Instance"), ("ReadHistoricalReports", "Instance"),
                ("ReadCallRecords", "Instance"), ("ReadRecordings", "Instance"), ("MonitorCalls", "Instance"),
                ("ManageUsers", "Instance"), ("ManageSkillGroups", "Instance"), ("ManagePhoneNumbers", "Instance"),
            ],
        };

    public static void Register(ActionRegistry registry)
    {
        // ModifyUser, ModifySkillLevelsOfUser, ModifyUserLevelsOfSkillGroup, RemoveSkillGroupsFromUser: the models'
        // Data is a string the cloud leaves empty; the emulator sends none. The others' models have no Data.
        registry.Add("ModifyUser", ModifyUser);
        registry.Add("RemoveUsers", RemoveUsers);
        registry.Add("ResetUserPassword", ResetUserPassword);
        registry.Add("ListRoles", ListRoles);
        registry.Add("ListPrivilegesOfUser", ListPrivilegesOfUser);
        registry.Add("ModifySkillLevelsOfUser", ModifySkillLevelsOfUser);
        registry.Add("ModifyUserLevelsOfSkillGroup", ModifyUserLevelsOfSkillGroup);
        registry.Add("AddSkillGroupsToUser", AddSkillGroupsToUser);
        registry.Add("RemoveSkillGroupsFromUser", RemoveSkillGroupsFromUser);
    }

    /// <summary>
    /// Changes the given profile fields; <c>WorkMode</c> is required by the model. A new work mode for a signed-in
    /// agent needs <c>Force</c> (else UserStateNotAllowed): the cloud would move a working agent's phone under it.
    /// OFF_SITE needs a mobile (given or already known), as ChangeWorkMode.
    /// </summary>
    private static object ModifyUser(ActionContext context)
    {
        var userId = context.Require("UserId");
        var workMode = context.GetEnum("WorkMode", WorkModes.All) ?? throw ApiErrors.ParameterBlank("WorkMode");
        var displayName = context.Get("DisplayName");
        if (displayName is not null && string.IsNullOrWhiteSpace(displayName))
        {
            throw ApiErrors.ParameterBlank("DisplayName");
        }

        var mobile = context.Get("Mobile");
        if (mobile is not null && !AgentStateActions.MobilePattern().IsMatch(mobile))
        {
            throw ApiErrors.ParameterFormat("Mobile", "Use 5-20 digits, optionally after '+'.");
        }

        var roleId = context.Get("RoleId");
        var force = context.GetBool("Force") ?? false;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            if (roleId is not null && !instance.Roles.ContainsKey(roleId))
            {
                throw ApiErrors.RoleNotFound(roleId, instance.InstanceId);
            }

            if (workMode == WorkModes.OffSite && (mobile ?? agent.Mobile).Length == 0)
            {
                throw ApiErrors.ParameterBlank("Mobile");
            }

            if (workMode != agent.WorkMode && agent.IsSignedIn && !force)
            {
                throw ApiErrors.UserStateNotAllowed(agent.UserId, agent.UserState, "change work mode without Force");
            }

            agent.WorkMode = workMode;
            agent.DisplayName = displayName ?? agent.DisplayName;
            agent.DisplayId = context.Get("DisplayId") ?? agent.DisplayId;
            agent.Nickname = context.Get("Nickname") ?? agent.Nickname;
            agent.AvatarUrl = context.Get("AvatarUrl") ?? agent.AvatarUrl;
            agent.Mobile = mobile ?? agent.Mobile;
            agent.RoleId = roleId ?? agent.RoleId;
            return null!;
        }
    }

    /// <summary>
    /// <c>UserIdList</c> is a JSON string array (<c>FilePath</c>, an uploaded file, is not simulated). An agent on a
    /// call (DIALING, RINGING, TALKING or holding a call) is never removed; a signed-in agent only with <c>Force</c>,
    /// which signs it out first (AgentCheckOut). Otherwise UserStateNotAllowed, and nobody is removed. The agents'
    /// personal numbers return to the instance.
    /// </summary>
    private static object RemoveUsers(ActionContext context)
    {
        if (context.Get("FilePath") is not null && context.Get("UserIdList") is null)
        {
            throw ApiErrors.ParameterInvalid("FilePath", "Removing users listed in an uploaded file is not simulated; send UserIdList");
        }

        var userIds = context.GetJsonStringArray("UserIdList") ?? throw ApiErrors.ParameterBlank("UserIdList");
        if (userIds.Count == 0)
        {
            throw ApiErrors.ParameterBlank("UserIdList");
        }

        var force = context.GetBool("Force") ?? false;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agents = userIds.Distinct(StringComparer.Ordinal).Select(instance.GetUser).ToList();
            foreach (var agent in agents)
            {
                if (IsOnCall(agent))
                {
                    throw ApiErrors.UserStateNotAllowed(agent.UserId, agent.UserState, "be removed while on a call");
                }

                if (agent.IsSignedIn && !force)
                {
                    throw ApiErrors.UserStateNotAllowed(agent.UserId, agent.UserState, "be removed while signed in without Force");
                }
            }

            foreach (var agent in agents)
            {
                if (agent.IsSignedIn)
                {
                    agent.SignedSkillGroupIds.Clear();
                    context.State.Engine.SetAgentState(instance, agent, UserStates.Offline);
                    context.State.Engine.AgentStateEvent(instance, agent, "AgentCheckOut");
                }

                agent.WorkGeneration++; // a pending after-call-work timer finds nothing to do
                foreach (var number in instance.PhoneNumbers.Values.Where(n => n.UserId == agent.UserId))
                {
                    number.UserId = "";
                }

                instance.Users.Remove(agent.UserId);
            }

            Calls.CallEngine.Drain(instance);
            return null!;
        }
    }

    /// <summary>
    /// Checks the user and the password rule (8–32 characters with a letter and a digit) and keeps nothing: the
    /// emulator signs agents in by key, not by password. The password never appears in an answer or a log.
    /// </summary>
    private static object ResetUserPassword(ActionContext context)
    {
        var userId = context.Require("UserId");
        var password = context.Require("Password");
        if (password.Length is < 8 or > 32 || !password.Any(char.IsAsciiLetter) || !password.Any(char.IsAsciiDigit))
        {
            throw ApiErrors.ParameterFormat("Password", "Use 8-32 characters with at least one letter and one digit.");
        }

        var instance = context.Instance;
        lock (instance.Gate)
        {
            _ = instance.GetUser(userId);
            return null!;
        }
    }

    private static object ListRoles(ActionContext context)
    {
        var instance = context.Instance;
        lock (instance.Gate)
        {
            return instance.Roles
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new RoleDto(r.Key, r.Value))
                .ToList();
        }
    }

    /// <summary>
    /// The calling agent's privileges, from its role's name (<see cref="PrivilegesByRole"/>; a role not listed there
    /// grants none). The model has no UserId: a key not mapped to an agent is the instance's administrator key and
    /// gets the Admin role's privileges.
    /// </summary>
    private static object ListPrivilegesOfUser(ActionContext context)
    {
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var roleName = context.Caller.UserId is { } own
                ? instance.Roles.GetValueOrDefault(instance.GetUser(own).RoleId, "")
                : "Admin";
            return PrivilegesFor(roleName)
                .Select(p => new PrivilegeDto(p.Name, p.Scope, instance.InstanceId))
                .ToList();
        }
    }

    internal static IReadOnlyList<(string Name, string Scope)> PrivilegesFor(string roleName) =>
        PrivilegesByRole.TryGetValue(roleName, out var list) ? list : [];

    /// <summary>New levels for groups the agent is already in (Permission.SkillGroup otherwise: use AddSkillGroupsToUser).</summary>
    private static object ModifySkillLevelsOfUser(ActionContext context)
    {
        var userId = context.Require("UserId");
        var levels = RequireSome(UserActions.ParseSkillLevels(context.Require("SkillLevelList")), "SkillLevelList");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            instance.RequireMemberGroups(agent, levels.Select(l => l.SkillGroupId));
            SetLevels(agent, levels);
            return null!;
        }
    }

    /// <summary>
    /// <c>UserLevelList</c> is JSON text <c>[{"userId":"...","skillLevel":1}]</c>; every agent must be in the group
    /// (Permission.SkillGroup otherwise: use AddUsersToSkillGroup).
    /// </summary>
    private static object ModifyUserLevelsOfSkillGroup(ActionContext context)
    {
        var skillGroupId = context.Require("SkillGroupId");
        var levels = ParseUserLevels(context.Require("UserLevelList"), "UserLevelList");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            instance.GetSkillGroup(skillGroupId);

            var agents = levels.Select(l => (Agent: instance.GetUser(l.UserId), l.Level)).ToList();
            foreach (var (agent, _) in agents)
            {
                instance.RequireMemberGroups(agent, [skillGroupId]);
            }

            foreach (var (agent, level) in agents)
            {
                SetLevels(agent, [new SkillLevel(skillGroupId, level)]);
            }

            return null!;
        }
    }

    /// <summary>Adds the agent to the groups with the given levels (a group it is already in gets the new level).</summary>
    private static object AddSkillGroupsToUser(ActionContext context)
    {
        var userId = context.Require("UserId");
        var levels = RequireSome(UserActions.ParseSkillLevels(context.Require("SkillLevelList")), "SkillLevelList");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            foreach (var level in levels)
            {
                instance.GetSkillGroup(level.SkillGroupId);
            }

            SetLevels(agent, levels);
            return null!;
        }
    }

    /// <summary>
    /// <c>SkillGroupIdList</c> is a JSON string array of existing groups. The agent leaves them and, if signed in to
    /// them, is signed out of them at once, so routing offers it no more of their calls.
    /// </summary>
    private static object RemoveSkillGroupsFromUser(ActionContext context)
    {
        var userId = context.Require("UserId");
        var groups = context.GetJsonStringArray("SkillGroupIdList") ?? throw ApiErrors.ParameterBlank("SkillGroupIdList");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            instance.RequireSkillGroups(groups);

            foreach (var group in groups)
            {
                agent.SkillLevels.RemoveAll(s => s.SkillGroupId == group);
                agent.SignedSkillGroupIds.Remove(group);
            }

            return null!;
        }
    }

    /// <summary>Caller holds the lock. Replaces or adds the agent's level in each group, keeping the others.</summary>
    private static void SetLevels(Agent agent, IEnumerable<SkillLevel> levels)
    {
        foreach (var level in levels)
        {
            var at = agent.SkillLevels.FindIndex(s => s.SkillGroupId == level.SkillGroupId);
            if (at >= 0)
            {
                agent.SkillLevels[at] = level;
            }
            else
            {
                agent.SkillLevels.Add(level);
            }
        }
    }

    private static List<SkillLevel> RequireSome(List<SkillLevel> levels, string name) =>
        levels.Count > 0 ? levels : throw ApiErrors.ParameterFormat(name, "Expected a non-empty JSON array.");

    /// <summary>On a live call: in a call state, or still holding a call (e.g. hold or consult).</summary>
    private static bool IsOnCall(Agent agent) =>
        agent.UserState is UserStates.Dialing or UserStates.Ringing or UserStates.Talking || agent.JobId.Length > 0 && agent.UserState != UserStates.Working;

    /// <summary><c>[{"userId":"...","skillLevel":5}]</c>, non-empty; property names compared ignoring case; levels 1–10.</summary>
    private static List<(string UserId, int Level)> ParseUserLevels(string json, string name)
    {
        var result = new List<(string UserId, int Level)>();
        using var document = JsonText.TryParse(json) ?? throw ApiErrors.ParameterFormat(name, "Not valid JSON (or a string is not valid Unicode).");
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
            int? level = null;
            foreach (var property in item.EnumerateObject())
            {
                if (string.Equals(property.Name, "userId", StringComparison.OrdinalIgnoreCase))
                {
                    userId = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
                else if (string.Equals(property.Name, "skillLevel", StringComparison.OrdinalIgnoreCase))
                {
                    level = property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var l)
                        ? l
                        : throw ApiErrors.ParameterFormat(name, "skillLevel must be an integer.");
                }
            }

            if (string.IsNullOrEmpty(userId))
            {
                throw ApiErrors.ParameterFormat(name, "Each item needs a userId.");
            }

            if (level is null)
            {
                throw ApiErrors.ParameterFormat(name, "Each item needs a skillLevel.");
            }

            ActionContext.CheckRange("skillLevel", level.Value, 1, 10);
            result.Add((userId, level.Value));
        }

        return result;
    }
}
