using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Calls;

/// <summary>
/// Who may act on a call (docs/decisions/0006-call-permissions.md). A call-control action (one that takes a
/// <c>JobId</c>) is refused with 403 <c>Permission.User</c> when its agent has no channel in the call; a supervisor
/// action (MonitorCall, CoachCall, BargeInCall, InterceptCall) when its agent's role is not <c>Admin</c>. The cloud
/// does not publish its exact answer: this is the emulator's choice, kept in this one place.
/// </summary>
internal static class CallPermissions
{
    /// <summary>The role name (<c>RoleName</c>, not the RoleId) of supervisors: users in it may act on other agents' calls.</summary>
    public const string SupervisorRoleName = "Admin";

    /// <summary>The actions that act on a call the supervisor is not part of; they need <see cref="SupervisorRoleName"/>.</summary>
    public static IReadOnlySet<string> SupervisorActions { get; } =
        new HashSet<string>(["MonitorCall", "CoachCall", "BargeInCall", "InterceptCall"], StringComparer.Ordinal);

    /// <summary>
    /// Caller holds the instance lock. Refuses an agent that has no channel (live or released) in the call; no agent
    /// (an administrator's key without <c>UserId</c>) acts for the instance and passes.
    /// </summary>
    /// <exception cref="ApiException">403 <c>Permission.User</c>.</exception>
    public static void RequireParty(Call call, Agent? agent)
    {
        if (agent is not null && !call.Channels.Exists(c => c.UserId == agent.UserId))
        {
            throw NotPartOfCall(agent.UserId, call.JobId);
        }
    }

    /// <summary>Caller holds the instance lock. Whether the agent's role is named <see cref="SupervisorRoleName"/>.</summary>
    public static bool IsSupervisor(CccInstance instance, Agent agent) =>
        instance.Roles.TryGetValue(agent.RoleId, out var roleName) && string.Equals(roleName, SupervisorRoleName, StringComparison.Ordinal);

    /// <summary>
    /// Caller holds the instance lock. Checks an action on the call <paramref name="call"/> by <paramref name="agent"/>:
    /// a supervisor action needs the supervisor role (the agent need not be in the call); any other action needs the
    /// agent to be a party of the call.
    /// </summary>
    /// <exception cref="ApiException">403 <c>Permission.User</c>.</exception>
    public static void RequireAllowed(string action, CccInstance instance, Call call, Agent? agent)
    {
        if (!SupervisorActions.Contains(action))
        {
            RequireParty(call, agent);
            return;
        }

        if (agent is null || !IsSupervisor(instance, agent))
        {
            var userId = agent?.UserId ?? "(none)";
            throw ApiErrors.PermissionUser(
                $"The user {userId} is not a supervisor (role {SupervisorRoleName}) and may not use {action} on call {call.JobId}.", userId, call.JobId);
        }
    }

    /// <summary>
    /// Refuses a request signed with STS keys mapped to one agent (<see cref="CccEmulatorCredential.UserId"/>), unless
    /// the mapped agent is a supervisor, when it names another agent in <c>UserId</c> (as the cloud's RAM permissions
    /// would) or uses one of the <see cref="AdministrationActions"/> (decision 0018).
    /// </summary>
    /// <exception cref="ApiException">403 <c>Permission.User</c>.</exception>
    public static void RequireActingAsCaller(ActionContext context)
    {
        if (context.Caller is not { SecurityToken: not null, UserId: { Length: > 0 } mapped })
        {
            return;
        }

        var action = context.Model.Name;
        var named = context.Get("UserId");
        var administers = AdministrationActions.Contains(action);
        var impersonates = named is not null && !string.Equals(named, mapped, StringComparison.OrdinalIgnoreCase);
        if ((!administers && !impersonates)
            || context.Get("InstanceId") is not { } instanceId
            || context.State.Instances.FirstOrDefault(i => i.InstanceId == instanceId) is not { } instance)
        {
            return;
        }

        lock (instance.Gate)
        {
            if (instance.Users.TryGetValue(mapped, out var caller) && IsSupervisor(instance, caller))
            {
                return;
            }
        }

        throw administers
            ? ApiErrors.PermissionUser($"The keys of user {mapped} may not use {action}: it administers the instance.", mapped, action)
            : ApiErrors.PermissionUser($"The keys of user {mapped} may not act as user {named}.", mapped, named!);
    }

    /// <summary>
    /// The actions that change the instance's users, skill groups, number bindings, do-not-call list and event
    /// subscription (decision 0018): an agent's own keys (STS mapped to an agent whose role is not
    /// <see cref="SupervisorRoleName"/>) may not use them. AccessKeys, and keys mapped to no agent, are the instance
    /// administrator's.
    /// </summary>
    public static IReadOnlySet<string> AdministrationActions { get; } = new HashSet<string>(
    [
        "CreateUser", "ModifyUser", "RemoveUsers", "ResetUserPassword",
        "CreateSkillGroup", "ModifySkillGroup", "DeleteSkillGroup", "AddUsersToSkillGroup", "RemoveUsersFromSkillGroup",
        "ModifySkillLevelsOfUser", "ModifyUserLevelsOfSkillGroup", "AddSkillGroupsToUser", "RemoveSkillGroupsFromUser",
        "AddNumbersToSkillGroup", "RemovePhoneNumbersFromSkillGroup", "AddPhoneNumberToSkillGroups", "RemovePhoneNumberFromSkillGroups",
        "AddPersonalNumbersToUser", "RemovePersonalNumbersFromUser",
        "ImportDoNotCallNumbers", "RemoveDoNotCallNumbers", "UpdateSubscription",
    ], StringComparer.Ordinal);

    private static ApiException NotPartOfCall(string userId, string jobId) =>
        ApiErrors.PermissionUser($"The user {userId} is not part of the call {jobId}.", userId, jobId);
}
