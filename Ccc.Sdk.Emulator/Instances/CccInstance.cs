using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Numbers;
using Ccc.Sdk.Emulator.SkillGroups;

namespace Ccc.Sdk.Emulator.Instances;

/// <summary>
/// One CCC instance and everything in it. All reads and writes of its members (and of the agents' live
/// state) happen under <see cref="Gate"/>: one lock per instance keeps the state machine simple and
/// consistent under concurrent requests; contention is irrelevant at emulator scale.
/// </summary>
internal sealed class CccInstance
{
    public CccInstance(string instanceId) => InstanceId = instanceId;

    public string InstanceId { get; }

    public Lock Gate { get; } = new();

    public Dictionary<string, Agent> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SkillGroup> SkillGroups { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PhoneNumber> PhoneNumbers { get; } = new(StringComparer.Ordinal);

    /// <summary>RoleId → RoleName.</summary>
    public Dictionary<string, string> Roles { get; } = new(StringComparer.Ordinal);

    public List<string> BreakCodes { get; } = [];

    /// <summary>Live calls, queue, settings and CDRs of the instance (guarded by <see cref="Gate"/> too).</summary>
    public Calls.InstanceCalls Calls { get; } = new();

    /// <summary>Caller must hold <see cref="Gate"/>.</summary>
    public Agent GetUser(string userId) =>
        Users.TryGetValue(userId, out var agent) ? agent : throw Gateway.ApiErrors.UserNotFound(userId, InstanceId);

    /// <summary>Caller must hold <see cref="Gate"/>.</summary>
    /// <exception cref="Gateway.ApiException">NotExists.SkillGroupId.</exception>
    public SkillGroup GetSkillGroup(string skillGroupId) =>
        SkillGroups.TryGetValue(skillGroupId, out var group) ? group : throw Gateway.ApiErrors.SkillGroupNotFound(skillGroupId, InstanceId);

    /// <summary>Caller must hold <see cref="Gate"/>. Every group must exist (the first unknown one is refused).</summary>
    /// <exception cref="Gateway.ApiException">NotExists.SkillGroupId.</exception>
    public void RequireSkillGroups(IEnumerable<string> skillGroupIds)
    {
        foreach (var id in skillGroupIds)
        {
            GetSkillGroup(id);
        }
    }

    /// <summary>Caller must hold <see cref="Gate"/>. Users of a skill group.</summary>
    public IEnumerable<Agent> MembersOf(string skillGroupId) =>
        Users.Values.Where(u => u.SkillLevels.Any(s => s.SkillGroupId == skillGroupId));

    /// <summary>Caller must hold <see cref="Gate"/>. Every group must exist and have the agent as a member.</summary>
    /// <exception cref="Gateway.ApiException">NotExists.SkillGroupId or Permission.SkillGroup.</exception>
    public void RequireMemberGroups(Agent agent, IEnumerable<string> skillGroupIds)
    {
        foreach (var group in skillGroupIds)
        {
            GetSkillGroup(group);
            if (!agent.SkillLevels.Any(s => s.SkillGroupId == group))
            {
                throw Gateway.ApiErrors.SkillGroupPermission(agent.UserId, group);
            }
        }
    }

    /// <summary>Caller must hold <see cref="Gate"/>. Next free extension, starting at 8001.</summary>
    public string NextExtension()
    {
        var used = Users.Values.Select(u => int.TryParse(u.Extension, out var e) ? e : 0).DefaultIfEmpty(8000).Max();
        return (Math.Max(used, 8000) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
