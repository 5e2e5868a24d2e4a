using System.Globalization;
using System.Text;

namespace Ccc.Sdk;

/// <summary>One agent as the CRM wants it on the instance: the input of <see cref="CccClient.SyncAgentsAsync"/>.</summary>
public sealed class CccDesiredAgent
{
    /// <summary>The login name (the part of the user id before <c>@</c>): how desired agents are matched to users.</summary>
    public required string LoginName { get; init; }

    /// <summary>The display name the agent must have.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The email address; needed only when the agent has to be created (<c>CreateUser</c> requires it).</summary>
    public string? Email { get; init; }

    /// <summary>The role id (e.g. <c>Agent@ccc-test</c>).</summary>
    /// <value>Default <see langword="null"/>: an existing user keeps its role; a new one gets <see cref="CccAgentSyncOptions.DefaultRoleId"/>.</value>
    public string? RoleId { get; init; }

    /// <summary>The mobile number.</summary>
    /// <value>Default <see langword="null"/>: left as it is.</value>
    public string? Mobile { get; init; }

    /// <summary>The work mode of a new agent (<c>ON_SITE</c>, <c>OFF_SITE</c>, <c>OFFICE_PHONE</c>); an existing agent keeps its own.</summary>
    /// <value>Default <c>ON_SITE</c>.</value>
    public string WorkMode { get; init; } = "ON_SITE";

    /// <summary>Skill group id → level (1–10, 1 the strongest). The agent ends in exactly these groups at these levels.</summary>
    public IReadOnlyDictionary<string, int> SkillLevels { get; init; } = new Dictionary<string, int>();
}

/// <summary>How <see cref="CccClient.SyncAgentsAsync"/> plans and whether it applies the plan.</summary>
public sealed class CccAgentSyncOptions
{
    /// <summary>Whether to carry the plan out.</summary>
    /// <value>Default <see langword="false"/>: a dry run that only returns the plan.</value>
    public bool Apply { get; set; }

    /// <summary>Whether users the desired list does not name are removed (<c>RemoveUsers</c>).</summary>
    /// <value>Default <see langword="false"/>: they are left alone.</value>
    public bool RemoveUnlisted { get; set; }

    /// <summary>Sends <c>Force</c> with <c>RemoveUsers</c>, so signed-in (but not busy) agents are signed out and removed.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool ForceRemove { get; set; }

    /// <summary>The role of a new agent whose <see cref="CccDesiredAgent.RoleId"/> is not set.</summary>
    /// <value>Default <see langword="null"/>: such an agent cannot be created (the plan is refused with <see cref="ArgumentException"/>).</value>
    public string? DefaultRoleId { get; set; }

    /// <summary>Which existing users the sync may change or remove; others are never touched.</summary>
    /// <value>Default <see langword="null"/>: every user.</value>
    public Func<CccUser, bool>? IsManaged { get; set; }
}

/// <summary>What a step of the plan does.</summary>
public enum CccAgentSyncAction
{
    /// <summary><c>CreateUser</c>, with the agent's skill levels.</summary>
    CreateUser,

    /// <summary><c>ModifyUser</c>: display name, role or mobile.</summary>
    ModifyUser,

    /// <summary><c>AddSkillGroupsToUser</c>: groups the agent is not in yet.</summary>
    AddSkillGroups,

    /// <summary><c>ModifySkillLevelsOfUser</c>: new levels in groups the agent is in.</summary>
    ModifySkillLevels,

    /// <summary><c>RemoveSkillGroupsFromUser</c>: groups the agent must leave.</summary>
    RemoveSkillGroups,

    /// <summary><c>RemoveUsers</c>: a user the desired list does not name (only with <see cref="CccAgentSyncOptions.RemoveUnlisted"/>).</summary>
    RemoveUser,
}

/// <summary>What became of a step.</summary>
public enum CccAgentSyncOutcome
{
    /// <summary>Planned only (a dry run).</summary>
    Planned,

    /// <summary>Sent and accepted.</summary>
    Succeeded,

    /// <summary>Sent and refused, or its outcome is unknown; see <see cref="CccAgentSyncStep.Error"/>.</summary>
    Failed,

    /// <summary>Not sent because an earlier step for the same user failed.</summary>
    Skipped,
}

/// <summary>One step of an agent sync: the action, the user it concerns, a readable description and its outcome.</summary>
/// <param name="Action">What the step does.</param>
/// <param name="UserId">The user id (<c>loginName@instanceId</c>).</param>
/// <param name="Description">What changes, for people (e.g. <c>DisplayName "Bob" → "Robert"</c>).</param>
public sealed record CccAgentSyncStep(CccAgentSyncAction Action, string UserId, string Description)
{
    /// <summary>The outcome (<see cref="CccAgentSyncOutcome.Planned"/> in a dry run).</summary>
    public CccAgentSyncOutcome Outcome { get; init; } = CccAgentSyncOutcome.Planned;

    /// <summary>The error of a failed step, else <see langword="null"/>.</summary>
    public CccException? Error { get; init; }

    internal Func<CccClient, CancellationToken, Task>? Send { get; init; }
}

/// <summary>The plan of an agent sync and, when applied, each step's outcome.</summary>
public sealed class CccAgentSyncResult
{
    internal CccAgentSyncResult(IReadOnlyList<CccAgentSyncStep> steps, bool applied)
    {
        Steps = steps;
        Applied = applied;
    }

    /// <summary>The steps in the order they are (or would be) sent: creations and changes first, removals last.</summary>
    public IReadOnlyList<CccAgentSyncStep> Steps { get; }

    /// <summary>Whether the plan was carried out (<see cref="CccAgentSyncOptions.Apply"/>).</summary>
    public bool Applied { get; }

    /// <summary>Whether nothing needs changing: the instance already matches the desired list.</summary>
    public bool IsInSync => Steps.Count == 0;

    /// <summary>Whether every step was applied successfully (false for a dry run with steps).</summary>
    public bool Succeeded => Steps.All(s => s.Outcome == CccAgentSyncOutcome.Succeeded);
}

/// <summary>
/// Plans how to make an instance's users match a desired list of agents (<see cref="CccClient.SyncAgentsAsync"/>).
/// Planning is a pure function of the desired list and the users as <c>ListUsers</c> returns them.
/// </summary>
public static class CccAgentSync
{
    /// <summary>Computes the steps that make <paramref name="existing"/> match <paramref name="desired"/>.</summary>
    /// <param name="desired">The agents as they should be; login names must be unique.</param>
    /// <param name="existing">The instance's users (as <c>ListUsers</c> returns them, with their skill levels).</param>
    /// <param name="instanceId">The instance id, used to build user ids (<c>loginName@instanceId</c>).</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The steps, every one <see cref="CccAgentSyncOutcome.Planned"/>.</returns>
    /// <exception cref="ArgumentException">A duplicate or blank login name, a level outside 1–10, or a new agent without email or role.</exception>
    public static IReadOnlyList<CccAgentSyncStep> Plan(IEnumerable<CccDesiredAgent> desired, IEnumerable<CccUser> existing, string instanceId, CccAgentSyncOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        options ??= new CccAgentSyncOptions();
        var wanted = Validate(desired);
        var users = existing.Where(u => u.LoginName is not null).ToDictionary(u => u.LoginName!, StringComparer.Ordinal);
        var changes = new List<CccAgentSyncStep>();
        foreach (var agent in wanted)
        {
            if (users.TryGetValue(agent.LoginName, out var user))
            {
                if (options.IsManaged?.Invoke(user) != false)
                {
                    PlanChanges(agent, user, changes);
                }
            }
            else
            {
                changes.Add(PlanCreate(agent, instanceId, options));
            }
        }

        if (options.RemoveUnlisted)
        {
            var names = wanted.Select(a => a.LoginName).ToHashSet(StringComparer.Ordinal);
            foreach (var user in users.Values.Where(u => !names.Contains(u.LoginName!) && options.IsManaged?.Invoke(u) != false).OrderBy(u => u.UserId, StringComparer.Ordinal))
            {
                var userId = user.UserId ?? user.LoginName + "@" + instanceId;
                var force = options.ForceRemove;
                changes.Add(new CccAgentSyncStep(CccAgentSyncAction.RemoveUser, userId, force ? "remove (Force)" : "remove")
                {
                    Send = (client, ct) => client.RemoveUsersAsync(new RemoveUsersRequest { UserIdList = JsonList([userId]), Force = force ? true : null }, ct),
                });
            }
        }

        return changes;
    }

    private static List<CccDesiredAgent> Validate(IEnumerable<CccDesiredAgent> desired)
    {
        var list = desired.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in list)
        {
            ArgumentNullException.ThrowIfNull(agent, nameof(desired));
            if (string.IsNullOrWhiteSpace(agent.LoginName) || agent.LoginName.Contains('@', StringComparison.Ordinal))
            {
                throw new ArgumentException($"A desired agent has a blank login name or one with '@' ('{agent.LoginName}'); use the part before '@'.", nameof(desired));
            }

            if (!seen.Add(agent.LoginName))
            {
                throw new ArgumentException($"The login name '{agent.LoginName}' is listed twice.", nameof(desired));
            }

            if (string.IsNullOrWhiteSpace(agent.DisplayName))
            {
                throw new ArgumentException($"The agent '{agent.LoginName}' has a blank display name.", nameof(desired));
            }

            foreach (var (group, level) in agent.SkillLevels)
            {
                if (level is < 1 or > 10)
                {
                    throw new ArgumentException($"The agent '{agent.LoginName}' has level {level} in {group}; levels are 1-10.", nameof(desired));
                }
            }
        }

        return list;
    }

    private static CccAgentSyncStep PlanCreate(CccDesiredAgent agent, string instanceId, CccAgentSyncOptions options)
    {
        var roleId = agent.RoleId ?? options.DefaultRoleId
            ?? throw new ArgumentException($"The new agent '{agent.LoginName}' has no RoleId and the options have no DefaultRoleId.", nameof(options));
        if (string.IsNullOrWhiteSpace(agent.Email))
        {
            throw new ArgumentException($"The new agent '{agent.LoginName}' has no Email (CreateUser requires one).", nameof(agent));
        }

        var levels = agent.SkillLevels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new SkillLevelAssignment(l.Key, l.Value)).ToList();
        var request = new CreateUserRequest
        {
            LoginName = agent.LoginName,
            DisplayName = agent.DisplayName,
            Email = agent.Email,
            RoleId = roleId,
            Mobile = agent.Mobile,
            WorkMode = agent.WorkMode,
            SkillLevelList = levels.Count > 0 ? levels : null,
        };
        var description = $"create \"{agent.DisplayName}\" as {roleId}" + (levels.Count > 0 ? " in " + Levels(levels.Select(l => (l.SkillGroupId, l.SkillLevel))) : "");
        return new CccAgentSyncStep(CccAgentSyncAction.CreateUser, agent.LoginName + "@" + instanceId, description)
        {
            Send = (client, ct) => client.CreateUserAsync(request, ct),
        };
    }

    private static void PlanChanges(CccDesiredAgent agent, CccUser user, List<CccAgentSyncStep> steps)
    {
        var userId = user.UserId!;
        var profile = new List<string>();
        if (!string.Equals(user.DisplayName, agent.DisplayName, StringComparison.Ordinal))
        {
            profile.Add($"DisplayName \"{user.DisplayName}\" -> \"{agent.DisplayName}\"");
        }

        if (agent.RoleId is not null && !string.Equals(user.RoleId, agent.RoleId, StringComparison.Ordinal))
        {
            profile.Add($"RoleId {user.RoleId} -> {agent.RoleId}");
        }

        if (agent.Mobile is not null && !string.Equals(user.Mobile, agent.Mobile, StringComparison.Ordinal))
        {
            profile.Add($"Mobile {user.Mobile} -> {agent.Mobile}");
        }

        if (profile.Count > 0)
        {
            var request = new ModifyUserRequest
            {
                UserId = userId,
                WorkMode = user.WorkMode ?? agent.WorkMode, // required by the action; the agent keeps its own
                DisplayName = agent.DisplayName,
                RoleId = agent.RoleId,
                Mobile = agent.Mobile,
            };
            steps.Add(new CccAgentSyncStep(CccAgentSyncAction.ModifyUser, userId, string.Join("; ", profile))
            {
                Send = (client, ct) => client.ModifyUserAsync(request, ct),
            });
        }

        var current = (user.SkillLevelList ?? []).Where(s => s.SkillGroupId is not null)
            .ToDictionary(s => s.SkillGroupId!, s => s.SkillLevel ?? 0, StringComparer.Ordinal);
        var add = agent.SkillLevels.Where(l => !current.ContainsKey(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, l.Value)).ToList();
        var change = agent.SkillLevels.Where(l => current.TryGetValue(l.Key, out var level) && level != l.Value).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, l.Value)).ToList();
        var remove = current.Keys.Where(g => !agent.SkillLevels.ContainsKey(g)).Order(StringComparer.Ordinal).ToList();
        if (add.Count > 0)
        {
            var json = LevelsJson(add);
            steps.Add(new CccAgentSyncStep(CccAgentSyncAction.AddSkillGroups, userId, "add " + Levels(add))
            {
                Send = (client, ct) => client.AddSkillGroupsToUserAsync(new AddSkillGroupsToUserRequest { UserId = userId, SkillLevelList = json }, ct),
            });
        }

        if (change.Count > 0)
        {
            var json = LevelsJson(change);
            var description = "levels " + string.Join(", ", change.Select(c => $"{c.Key} {current[c.Key].ToString(CultureInfo.InvariantCulture)} -> {c.Value.ToString(CultureInfo.InvariantCulture)}"));
            steps.Add(new CccAgentSyncStep(CccAgentSyncAction.ModifySkillLevels, userId, description)
            {
                Send = (client, ct) => client.ModifySkillLevelsOfUserAsync(new ModifySkillLevelsOfUserRequest { UserId = userId, SkillLevelList = json }, ct),
            });
        }

        if (remove.Count > 0)
        {
            var json = JsonList(remove);
            steps.Add(new CccAgentSyncStep(CccAgentSyncAction.RemoveSkillGroups, userId, "leave " + string.Join(", ", remove))
            {
                Send = (client, ct) => client.RemoveSkillGroupsFromUserAsync(new RemoveSkillGroupsFromUserRequest { UserId = userId, SkillGroupIdList = json }, ct),
            });
        }
    }

    /// <summary>Sends the planned steps in order; a failed step skips the later steps of the same user.</summary>
    internal static async Task<IReadOnlyList<CccAgentSyncStep>> ApplyAsync(CccClient client, IReadOnlyList<CccAgentSyncStep> plan, CancellationToken cancellationToken)
    {
        var failedUsers = new HashSet<string>(StringComparer.Ordinal);
        var done = new List<CccAgentSyncStep>(plan.Count);
        foreach (var step in plan)
        {
            if (failedUsers.Contains(step.UserId))
            {
                done.Add(step with { Outcome = CccAgentSyncOutcome.Skipped });
                continue;
            }

            try
            {
                await step.Send!(client, cancellationToken).ConfigureAwait(false);
                done.Add(step with { Outcome = CccAgentSyncOutcome.Succeeded });
            }
            catch (CccException error)
            {
                failedUsers.Add(step.UserId);
                done.Add(step with { Outcome = CccAgentSyncOutcome.Failed, Error = error });
            }
        }

        return done;
    }

    private static string Levels(IEnumerable<(string Group, int Level)> levels) =>
        string.Join(", ", levels.Select(l => $"{l.Group} (level {l.Level.ToString(CultureInfo.InvariantCulture)})"));

    private static string LevelsJson(IEnumerable<(string Group, int Level)> levels)
    {
        var text = new StringBuilder("[");
        foreach (var (group, level) in levels)
        {
            text.Append(text.Length > 1 ? "," : "")
                .Append("{\"skillGroupId\":").Append(JsonString(group))
                .Append(",\"skillLevel\":").Append(level.ToString(CultureInfo.InvariantCulture)).Append('}');
        }

        return text.Append(']').ToString();
    }

    private static string JsonList(IEnumerable<string> values) => "[" + string.Join(",", values.Select(JsonString)) + "]";

    private static string JsonString(string value) => "\"" + System.Text.Json.JsonEncodedText.Encode(value).Value + "\"";
}

public partial class CccClient
{
    /// <summary>
    /// Makes the instance's users match <paramref name="desired"/>: creates missing agents (with their skill levels),
    /// changes display names, roles and mobiles, adds, re-levels and removes skill groups, and, only with
    /// <see cref="CccAgentSyncOptions.RemoveUnlisted"/>, removes users the list does not name. Reads every user
    /// through <c>ListUsers</c> (all pages). By default a dry run: returns the plan and changes nothing; with
    /// <see cref="CccAgentSyncOptions.Apply"/> sends each step and reports its outcome. A second apply plans nothing.
    /// </summary>
    /// <param name="desired">The agents as they should be, matched to users by login name.</param>
    /// <param name="options">Apply or dry run, removal and defaults; <see langword="null"/> for a dry run.</param>
    /// <param name="cancellationToken">Cancels the listing and the steps not yet sent.</param>
    /// <returns>The plan, with each step's outcome when applied.</returns>
    /// <exception cref="ArgumentException">The desired list is invalid (see <see cref="CccAgentSync.Plan"/>), or no instance id is known.</exception>
    /// <exception cref="CccException">Listing the users failed (a failing step is reported in the result instead).</exception>
    public virtual async Task<CccAgentSyncResult> SyncAgentsAsync(IEnumerable<CccDesiredAgent> desired, CccAgentSyncOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        options ??= new CccAgentSyncOptions();
        var instanceId = _options.InstanceId;
        if (string.IsNullOrEmpty(instanceId))
        {
            throw new ArgumentException("SyncAgentsAsync needs CccClientOptions.InstanceId.", nameof(options));
        }

        var wanted = desired.ToList();
        var users = new List<CccUser>();
        await foreach (var user in ListUsersAsync(null, cancellationToken).ConfigureAwait(false))
        {
            users.Add(user);
        }

        var plan = CccAgentSync.Plan(wanted, users, instanceId, options);
        if (!options.Apply)
        {
            return new CccAgentSyncResult(plan, applied: false);
        }

        return new CccAgentSyncResult(await CccAgentSync.ApplyAsync(this, plan, cancellationToken).ConfigureAwait(false), applied: true);
    }
}
