using System.Globalization;
using System.Text.Json.Nodes;
using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Reports;

/// <summary>
/// The real-time views, computed from the live engine under the instance lock: ListRealtimeAgentStates,
/// ListAgentStates, ListRealtimeSkillGroupStates, ListSkillGroupStates, GetRealtimeInstanceStates (docs/emulator.md,
/// "Reports"). Agents on a call are DIALING, RINGING or TALKING ("talking"); WORKING is after-call work; waiting calls
/// are the queued inbound calls, their waiting time counted from when they entered the queue.
/// </summary>
internal static class RealtimeViews
{
    /// <summary>Realtime <c>State</c> spelling of each UserState (StateList values: ACW, Ringing, Break, Dialing, Talking, Ready, Offline).</summary>
    public static readonly Dictionary<string, string> RealtimeStates = new(StringComparer.Ordinal)
    {
        [UserStates.Offline] = "Offline",
        [UserStates.Break] = "Break",
        [UserStates.Ready] = "Ready",
        [UserStates.Dialing] = "Dialing",
        [UserStates.Ringing] = "Ringing",
        [UserStates.Talking] = "Talking",
        [UserStates.Working] = "ACW",
    };

    private static readonly string[] UserStateNames =
        [UserStates.Offline, UserStates.Break, UserStates.Ready, UserStates.Dialing, UserStates.Ringing, UserStates.Talking, UserStates.Working];

    private const int MaxAgentIdList = 20;

    public static void Register(ActionRegistry registry)
    {
        registry.Add("ListRealtimeAgentStates", ListRealtimeAgentStates);
        registry.Add("ListAgentStates", ListAgentStates);
        registry.Add("ListRealtimeSkillGroupStates", ListRealtimeSkillGroupStates);
        registry.Add("ListSkillGroupStates", ListSkillGroupStates);
        registry.Add("GetRealtimeInstanceStates", GetRealtimeInstanceStates);
    }

    /// <summary>The log that knows when the emulator started (the start of a state that never changed).</summary>
    private static long StateStart(ActionContext context, Agent agent) =>
        agent.StateTime > 0 ? agent.StateTime : context.State.StateLog.Started;

    private static bool OnCall(Agent a) => a.UserState is UserStates.Dialing or UserStates.Ringing or UserStates.Talking;

    private static Call? CallOf(CccInstance instance, Agent agent) =>
        agent.JobId.Length > 0 && instance.Calls.Active.TryGetValue(agent.JobId, out var call) ? call : null;

    private static object ListRealtimeAgentStates(ActionContext context)
    {
        var paging = context.GetPaging();
        var agentIds = context.GetJsonStringArray("AgentIdList");
        if (agentIds is { Count: > MaxAgentIdList })
        {
            throw ApiErrors.ParameterMaximum("AgentIdList", MaxAgentIdList);
        }

        var realtimeNames = RealtimeStates.Values.Distinct().ToList();
        var states = context.GetJsonStringArray("StateList")?
            .Select(s => realtimeNames.FirstOrDefault(n => string.Equals(n, s, StringComparison.OrdinalIgnoreCase))
                ?? throw ApiErrors.ParameterEnumeration("StateList", realtimeNames))
            .ToHashSet(StringComparer.Ordinal);
        var workModes = context.GetJsonStringArray("WorkModeList")?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var callTypes = ReportWindow.GetList(context, "CallTypeList")?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var skillGroupId = context.Get("SkillGroupId");
        var agentName = context.Get("AgentName");
        var query = context.Get("Query");
        var outbound = context.GetBool("OutboundScenario");
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            var items = instance.Users.Values
                .Where(a => agentIds is null || agentIds.Contains(a.UserId))
                .Where(a => states is null || states.Contains(RealtimeStates[a.UserState]))
                .Where(a => workModes is null || workModes.Contains(a.WorkMode))
                .Where(a => callTypes is null || (CallOf(instance, a) is { } c && callTypes.Contains(c.CallType)))
                .Where(a => skillGroupId is null || a.SkillLevels.Any(s => s.SkillGroupId == skillGroupId))
                .Where(a => agentName is null || a.DisplayName.Contains(agentName, StringComparison.OrdinalIgnoreCase))
                .Where(a => query is null
                    || a.UserId.Contains(query, StringComparison.OrdinalIgnoreCase)
                    || a.DisplayName.Contains(query, StringComparison.OrdinalIgnoreCase)
                    || a.Extension.Contains(query, StringComparison.Ordinal))
                .Where(a => outbound is null || a.OutboundScenario == outbound)
                .OrderBy(a => a.UserId, StringComparer.Ordinal)
                .Select(a =>
                {
                    // StateTime: when the current state began (epoch ms); Duration: seconds in it so far.
                    var since = StateStart(context, a);
                    var call = CallOf(instance, a);
                    return new JsonObject
                    {
                        ["AgentId"] = a.UserId,
                        ["AgentName"] = a.DisplayName,
                        ["Extension"] = a.Extension,
                        ["Mobile"] = a.Mobile,
                        ["State"] = RealtimeStates[a.UserState],
                        ["StateTime"] = since,
                        ["Duration"] = Math.Max(0, (now - since) / 1000),
                        ["BreakCode"] = a.BreakCode,
                        ["CallType"] = call?.CallType ?? "",
                        ["CounterParty"] = call is null ? "" : CounterParty(call),
                        ["WorkMode"] = a.WorkMode,
                        ["OutboundScenario"] = a.OutboundScenario,
                        ["SkillGroupIdList"] = new JsonArray([.. a.SignedSkillGroupIds.Select(g => (JsonNode?)g)]),
                        ["SkillGroupNameList"] = new JsonArray([.. a.SignedSkillGroupIds.Select(g => (JsonNode?)(instance.SkillGroups.TryGetValue(g, out var sg) ? sg.Name : ""))]),
                        ["InstanceId"] = instance.InstanceId,
                    };
                })
                .ToList();
            return paging.Apply(items);
        }
    }

    /// <summary>The customer's number of a call (the caller of an inbound call, else the callee).</summary>
    private static string CounterParty(Call call) => call.CallType == CallTypes.Inbound ? call.CallingNumber : call.MaskedCallee ?? call.CalledNumber;

    private static object ListAgentStates(ActionContext context)
    {
        var paging = context.GetPaging();
        var agentIds = ReportWindow.GetList(context, "AgentIds");
        var state = context.GetEnum("State", UserStateNames);
        var exclude = context.GetBool("ExcludeOfflineUsers") ?? false;
        var skillGroupId = context.Get("SkillGroupId");
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            var items = instance.Users.Values
                .Where(a => agentIds is null || agentIds.Contains(a.UserId))
                .Where(a => state is null || a.UserState == state)
                .Where(a => !exclude || a.IsSignedIn)
                .Where(a => skillGroupId is null || a.SkillLevels.Any(s => s.SkillGroupId == skillGroupId))
                .OrderBy(a => a.UserId, StringComparer.Ordinal)
                .Select(a => new JsonObject
                {
                    ["AgentId"] = a.UserId,
                    ["AgentName"] = a.DisplayName,
                    ["LoginName"] = a.LoginName,
                    ["Dn"] = a.Extension,
                    ["State"] = a.UserState,
                    ["StateDuration"] = Math.Max(0, (now - StateStart(context, a)) / 1000).ToString(CultureInfo.InvariantCulture),
                    ["BreakCode"] = a.BreakCode,
                    ["OutboundScenario"] = a.OutboundScenario,
                    ["InstanceId"] = instance.InstanceId,
                })
                .ToList();
            return paging.Apply(items);
        }
    }

    /// <summary>Agent counts of one set of agents (a skill group's signed-in members, or the whole instance).</summary>
    private static void AgentCounts(JsonObject target, IReadOnlyCollection<Agent> total, IReadOnlyCollection<Agent> signedIn, bool withOutboundReady)
    {
        target["TotalAgents"] = (long)total.Count;
        target["LoggedInAgents"] = (long)signedIn.Count;
        target["ReadyAgents"] = (long)signedIn.Count(a => a.UserState == UserStates.Ready);
        target["BreakingAgents"] = (long)signedIn.Count(a => a.UserState == UserStates.Break);
        target["TalkingAgents"] = (long)signedIn.Count(OnCall);
        target["WorkingAgents"] = (long)signedIn.Count(a => a.UserState == UserStates.Working);
        if (withOutboundReady)
        {
            target["OutboundScenarioReadyAgents"] = (long)signedIn.Count(a => a.UserState == UserStates.Ready && a.OutboundScenario);
        }
    }

    private static JsonArray BreakCodes(IEnumerable<Agent> signedIn) =>
        new([.. signedIn.Where(a => a.UserState == UserStates.Break)
            .GroupBy(a => a.BreakCode, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (JsonNode?)new JsonObject { ["BreakCode"] = g.Key, ["Count"] = (long)g.Count() })]);

    /// <summary>Seconds each waiting call has waited so far, longest first.</summary>
    private static List<long> Waiting(CccInstance instance, string? skillGroupId, long now) =>
        instance.Calls.Queue
            .Where(c => skillGroupId is null || (c.SkillGroupId == skillGroupId && c.TargetUserId.Length == 0))
            .Select(c => Math.Max(0, (now - c.QueueStart) / 1000))
            .OrderDescending()
            .ToList();

    private static List<Agent> SignedInto(CccInstance instance, string skillGroupId) =>
        instance.Users.Values.Where(a => a.IsSignedIn && a.SignedSkillGroupIds.Contains(skillGroupId)).ToList();

    private static List<string> GroupIds(CccInstance instance, IReadOnlyList<string>? wanted)
    {
        if (wanted is null)
        {
            return instance.SkillGroups.Keys.Order(StringComparer.Ordinal).ToList();
        }

        instance.RequireSkillGroups(wanted);

        return wanted.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static object ListRealtimeSkillGroupStates(ActionContext context)
    {
        var paging = context.GetPaging();
        var wanted = context.GetJsonStringArray("SkillGroupIdList");
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            var items = GroupIds(instance, wanted).Select(id =>
            {
                var signedIn = SignedInto(instance, id);
                var waiting = Waiting(instance, id, now);
                var item = new JsonObject
                {
                    ["SkillGroupId"] = id,
                    ["SkillGroupName"] = instance.SkillGroups[id].Name,
                    ["InstanceId"] = instance.InstanceId,
                    ["WaitingCalls"] = (long)waiting.Count,
                    ["LongestWaitingTime"] = waiting.FirstOrDefault(),
                    ["BreakCodeDetailList"] = BreakCodes(signedIn),
                };
                AgentCounts(item, instance.MembersOf(id).ToList(), signedIn, withOutboundReady: true);
                return item;
            }).ToList();
            return paging.Apply(items);
        }
    }

    private static object ListSkillGroupStates(ActionContext context)
    {
        var paging = context.GetPaging();
        var wanted = ReportWindow.GetList(context, "SkillGroupIds");
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            var items = GroupIds(instance, wanted).Select(id =>
            {
                var signedIn = SignedInto(instance, id);
                var waiting = Waiting(instance, id, now);
                var talking = signedIn.Where(OnCall).Select(a => CallOf(instance, a)).ToList();
                var item = new JsonObject
                {
                    ["SkillGroupId"] = id,
                    ["SkillGroupName"] = instance.SkillGroups[id].Name,
                    ["InstanceId"] = instance.InstanceId,
                    ["WaitingCalls"] = (long)waiting.Count,
                    ["AverageWaitingTime"] = waiting.Count == 0 ? 0L : waiting.Sum() / waiting.Count,
                    ["WaitingCallsLevel10"] = (long)waiting.Count(w => w >= 10),
                    ["WaitingCallsLevel20"] = (long)waiting.Count(w => w >= 20),
                    ["WaitingCallsLevel30"] = (long)waiting.Count(w => w >= 30),
                    ["InboundTalkingAgents"] = (long)talking.Count(c => c?.CallType == CallTypes.Inbound),
                    ["OutboundTalkingAgents"] = (long)talking.Count(c => c?.CallType == CallTypes.Outbound),
                };
                AgentCounts(item, instance.MembersOf(id).ToList(), signedIn, withOutboundReady: true);
                item.Remove("TotalAgents"); // Not in ListSkillGroupStates' model.
                return item;
            }).ToList();
            return paging.Apply(items);
        }
    }

    private static object GetRealtimeInstanceStates(ActionContext context)
    {
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            var signedIn = instance.Users.Values.Where(a => a.IsSignedIn).ToList();
            var waiting = Waiting(instance, null, now);
            var data = new JsonObject
            {
                ["InstanceId"] = instance.InstanceId,
                ["WaitingCalls"] = (long)waiting.Count,
                ["LongestWaitingTime"] = waiting.FirstOrDefault(),
                ["InteractiveCalls"] = (long)instance.Calls.Active.Values.Count(c => c.Phase is CallPhase.Talking or CallPhase.Consulting),
                ["BreakCodeDetailList"] = BreakCodes(signedIn),
            };
            AgentCounts(data, instance.Users.Values.ToList(), signedIn, withOutboundReady: false);
            return data;
        }
    }
}
