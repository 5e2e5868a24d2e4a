using System.Globalization;
using System.Text.Json.Nodes;
using Ccc.Sdk.Emulator.Description;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Reports;

/// <summary>
/// History: ListAgentStateLogs (the agent state log), ListRecentCallDetailRecords (the CDR store), and the
/// historical and interval reports computed by <see cref="ReportCalculator"/> and written by <see cref="ReportShaper"/>
/// (docs/emulator.md, "Reports").
/// </summary>
internal static class ReportActions
{
    /// <summary>Interval lengths of the interval reports (<c>Interval</c>; default Hourly).</summary>
    public static readonly Dictionary<string, long> Intervals = new(StringComparer.Ordinal)
    {
        ["HalfHourly"] = 30 * 60_000L,
        ["Hourly"] = 60 * 60_000L,
        ["Daily"] = 24 * 60 * 60_000L,
    };

    /// <summary>At most this many intervals in one answer.</summary>
    public const int MaxIntervals = 1_000;

    public static void Register(ActionRegistry registry)
    {
        registry.Add("ListAgentStateLogs", ListAgentStateLogs);
        registry.Add("ListRecentCallDetailRecords", ListRecentCallDetailRecords);
        registry.Add("ListHistoricalAgentReport", ListHistoricalAgentReport);
        registry.Add("ListHistoricalSkillGroupReport", ListHistoricalSkillGroupReport);
        registry.Add("GetHistoricalInstanceReport", GetHistoricalInstanceReport);
        registry.Add("ListIntervalAgentReport", ListIntervalAgentReport);
        registry.Add("ListIntervalSkillGroupReport", ListIntervalSkillGroupReport);
        registry.Add("ListIntervalInstanceReport", ListIntervalInstanceReport);
        registry.Add("ListAgentSummaryReportsSinceMidnight", ListAgentSummaryReportsSinceMidnight);
        registry.Add("ListSkillGroupSummaryReportsSinceMidnight", ListSkillGroupSummaryReportsSinceMidnight);
    }

    /// <summary>The paged list schema of a model whose page is not in Data (<c>PagedAgentSummaryReport</c>, ...).</summary>
    private static ApiSchema PagedItem(ActionContext context, string member) =>
        context.Model.Response.Properties?[member].Properties?["List"].Items ?? throw new InvalidOperationException(context.Model.Name + " has no " + member + ".List.");

    /// <summary>Per agent, from today's 00:00 (UTC+8) to now; <c>Timestamp</c> is the time the figures are as of (epoch ms, as text).</summary>
    private static object ListAgentSummaryReportsSinceMidnight(ActionContext context)
    {
        var paging = context.GetPaging();
        var agentIds = ReportWindow.GetList(context, "AgentIds");
        var skillGroupId = context.Get("SkillGroupId");
        var item = PagedItem(context, "PagedAgentSummaryReport");
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        var start = ReportWindow.Midnight(now);
        lock (instance.Gate)
        {
            RequireAgents(instance, agentIds);
            if (skillGroupId is not null)
            {
                instance.GetSkillGroup(skillGroupId);
            }

            var agents = instance.Users.Values
                .Where(a => agentIds is null || agentIds.Contains(a.UserId))
                .Where(a => skillGroupId is null || a.SkillLevels.Any(s => s.SkillGroupId == skillGroupId))
                .OrderBy(a => a.UserId, StringComparer.Ordinal)
                .ToList();
            var page = agents.Skip((paging.PageNumber - 1) * paging.PageSize).Take(paging.PageSize)
                .Select(a =>
                {
                    var header = AgentHeader(instance, a);
                    header["InstanceId"] = instance.InstanceId;
                    header["LoginName"] = a.LoginName;
                    header["Timestamp"] = now.ToString(CultureInfo.InvariantCulture);
                    return ReportShaper.Item(item, ReportCalculator.Compute(instance, context.State.StateLog, new ReportScope(a.UserId, null), start, now + 1, now, null), header);
                })
                .ToList();
            return new PagedList<JsonObject> { List = page, PageNumber = paging.PageNumber, PageSize = paging.PageSize, TotalCount = agents.Count };
        }
    }

    /// <summary>Per skill group (<c>SkillGroups</c>: comma-separated or a JSON array), from today's 00:00 (UTC+8) to now.</summary>
    private static object ListSkillGroupSummaryReportsSinceMidnight(ActionContext context)
    {
        var paging = context.GetPaging();
        var wanted = ReportWindow.GetList(context, "SkillGroups");
        var item = PagedItem(context, "PagedSkillGroupSummaryReport");
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        var start = ReportWindow.Midnight(now);
        lock (instance.Gate)
        {
            var groups = Groups(instance, wanted);
            var page = groups.Skip((paging.PageNumber - 1) * paging.PageSize).Take(paging.PageSize)
                .Select(id => ReportShaper.Item(item, ReportCalculator.Compute(instance, context.State.StateLog, new ReportScope(null, id), start, now + 1, now, null),
                    new Dictionary<string, object>(StringComparer.Ordinal)
                    {
                        ["SkillGroupId"] = id,
                        ["SkillGroupName"] = instance.SkillGroups[id].Name,
                        ["InstanceId"] = instance.InstanceId,
                        ["Timestamp"] = now.ToString(CultureInfo.InvariantCulture),
                    }))
                .ToList();
            return new PagedList<JsonObject> { List = page, PageNumber = paging.PageNumber, PageSize = paging.PageSize, TotalCount = groups.Count };
        }
    }

    private static ApiSchema ListItem(ActionContext context) =>
        context.Model.Data?.Properties?["List"].Items ?? throw new InvalidOperationException(context.Model.Name + " has no Data.List.");

    private static ApiSchema ArrayItem(ActionContext context) =>
        context.Model.Data?.Items ?? throw new InvalidOperationException(context.Model.Name + " has no Data array.");

    /// <summary>Each state the agent entered in the window: its start, its length in seconds (until the next state, or now).</summary>
    private static object ListAgentStateLogs(ActionContext context)
    {
        var agentId = context.Require("AgentId");
        var (start, end) = ReportWindow.Get(context, "StartTime", "EndTime");
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            instance.GetUser(agentId);
            var entries = context.State.StateLog.Of(instance.InstanceId, agentId);
            var data = new JsonArray();
            for (var i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                if (e.Time < start || e.Time > end)
                {
                    continue;
                }

                var until = i + 1 < entries.Count ? entries[i + 1].Time : now;
                data.Add(new JsonObject
                {
                    ["StartTime"] = e.Time,
                    ["Duration"] = Math.Max(0, (until - e.Time) / 1000),
                    ["State"] = RealtimeViews.RealtimeStates.GetValueOrDefault(e.State, e.State),
                    ["BreakCode"] = e.BreakCode,
                    ["WorkMode"] = e.WorkMode,
                    ["OutboundScenario"] = e.OutboundScenario,
                });
            }

            return data;
        }
    }

    /// <summary>The CDRs started in the window, newest first; <c>Criteria</c> is a text matched against the numbers and agent ids.</summary>
    private static object ListRecentCallDetailRecords(ActionContext context)
    {
        var paging = context.GetPaging();
        var (start, end) = ReportWindow.Get(context, "StartTime", "EndTime");
        var criteria = context.Get("Criteria");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var items = instance.Calls.Records.All
                .Where(r => r.StartTime >= start && r.StartTime <= end)
                .Where(r => criteria is null
                    || r.CallingNumber.Contains(criteria, StringComparison.Ordinal)
                    || r.CalledNumber.Contains(criteria, StringComparison.Ordinal)
                    || r.AgentIds.Contains(criteria, StringComparison.OrdinalIgnoreCase)
                    || r.ContactId.Contains(criteria, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(r => r.StartTime)
                .ThenBy(r => r.ContactId, StringComparer.Ordinal)
                .Select(r => new JsonObject
                {
                    ["ContactId"] = r.ContactId,
                    ["InstanceId"] = r.InstanceId,
                    ["ContactType"] = r.ContactType,
                    ["ContactDisposition"] = r.ContactDisposition,
                    ["CallingNumber"] = r.CallingNumber,
                    ["CalledNumber"] = r.CalledNumber,
                    ["AgentIds"] = r.AgentIds,
                    ["SkillGroupIds"] = r.SkillGroupIds,
                    ["StartTime"] = r.StartTime,
                    ["CallDuration"] = r.CallDuration.ToString(CultureInfo.InvariantCulture),
                    ["Duration"] = r.CallDuration,
                })
                .ToList();
            return paging.Apply(items);
        }
    }

    private static object ListHistoricalAgentReport(ActionContext context)
    {
        var paging = context.GetPaging();
        var agentIds = context.GetJsonStringArray("AgentIdList");
        var skillGroupId = context.Get("SkillGroupId");
        var (start, end) = ReportWindow.Get(context, "StartTime", "StopTime");
        var media = context.Get("MediaType");
        var item = ListItem(context);
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            RequireAgents(instance, agentIds);
            if (skillGroupId is not null)
            {
                instance.GetSkillGroup(skillGroupId);
            }

            var agents = instance.Users.Values
                .Where(a => agentIds is null || agentIds.Contains(a.UserId))
                .Where(a => skillGroupId is null || a.SkillLevels.Any(s => s.SkillGroupId == skillGroupId))
                .OrderBy(a => a.UserId, StringComparer.Ordinal)
                .ToList();
            var page = agents.Skip((paging.PageNumber - 1) * paging.PageSize).Take(paging.PageSize)
                .Select(a => ReportShaper.Item(item, ReportCalculator.Compute(instance, context.State.StateLog, new ReportScope(a.UserId, null), start, end, now, media), AgentHeader(instance, a)))
                .ToList();
            return new PagedList<JsonObject> { List = page, PageNumber = paging.PageNumber, PageSize = paging.PageSize, TotalCount = agents.Count };
        }
    }

    private static Dictionary<string, object> AgentHeader(CccInstance instance, Agents.Agent agent) => new(StringComparer.Ordinal)
    {
        ["AgentId"] = agent.UserId,
        ["AgentName"] = agent.DisplayName,
        ["DisplayId"] = agent.DisplayId,
        ["SkillGroupIds"] = string.Join(",", agent.SkillLevels.Select(s => s.SkillGroupId)),
        ["SkillGroupNames"] = string.Join(",", agent.SkillLevels.Select(s => instance.SkillGroups.TryGetValue(s.SkillGroupId, out var g) ? g.Name : "")),
    };

    private static void RequireAgents(CccInstance instance, IEnumerable<string>? agentIds)
    {
        foreach (var id in agentIds ?? [])
        {
            instance.GetUser(id);
        }
    }

    private static List<string> Groups(CccInstance instance, IReadOnlyList<string>? wanted)
    {
        instance.RequireSkillGroups(wanted ?? []);

        return (wanted ?? [.. instance.SkillGroups.Keys]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static object ListHistoricalSkillGroupReport(ActionContext context)
    {
        var paging = context.GetPaging();
        var wanted = context.GetJsonStringArray("SkillGroupIdList");
        var (start, end) = ReportWindow.Get(context, "StartTime", "EndTime");
        var media = context.Get("MediaType");
        var item = ListItem(context);
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            var groups = Groups(instance, wanted);
            var page = groups.Skip((paging.PageNumber - 1) * paging.PageSize).Take(paging.PageSize)
                .Select(id => ReportShaper.Item(item, ReportCalculator.Compute(instance, context.State.StateLog, new ReportScope(null, id), start, end, now, media),
                    new Dictionary<string, object>(StringComparer.Ordinal) { ["SkillGroupId"] = id, ["SkillGroupName"] = instance.SkillGroups[id].Name }))
                .ToList();
            return new PagedList<JsonObject> { List = page, PageNumber = paging.PageNumber, PageSize = paging.PageSize, TotalCount = groups.Count };
        }
    }

    private static object GetHistoricalInstanceReport(ActionContext context)
    {
        var (start, end) = ReportWindow.Get(context, "StartTime", "EndTime");
        var media = context.Get("MediaType");
        var schema = context.Model.Data ?? throw new InvalidOperationException("GetHistoricalInstanceReport has no Data.");
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            var figures = ReportCalculator.Compute(instance, context.State.StateLog, ReportScope.Instance, start, end, now, media);
            return ReportShaper.Item(schema, figures, new Dictionary<string, object>(StringComparer.Ordinal));
        }
    }

    private static object ListIntervalAgentReport(ActionContext context)
    {
        var agentId = context.Require("AgentId");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            instance.GetUser(agentId);
        }

        return Intervalled(context, "StartTime", new ReportScope(agentId, null));
    }

    private static object ListIntervalSkillGroupReport(ActionContext context)
    {
        var skillGroupId = context.Require("SkillGroupId");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            instance.GetSkillGroup(skillGroupId);
        }

        return Intervalled(context, "StartTime", new ReportScope(null, skillGroupId));
    }

    private static object ListIntervalInstanceReport(ActionContext context) => Intervalled(context, "StartTime", ReportScope.Instance);

    /// <summary>One item per interval of [StartTime, EndTime), <c>StatsTime</c> its start; the intervals start at StartTime.</summary>
    private static JsonArray Intervalled(ActionContext context, string startName, ReportScope scope)
    {
        var (start, end) = ReportWindow.Get(context, startName, "EndTime");
        var name = context.Get("Interval") ?? "Hourly";
        var length = Intervals.FirstOrDefault(i => string.Equals(i.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (length == 0)
        {
            throw ApiErrors.ParameterEnumeration("Interval", Intervals.Keys);
        }

        if ((end - start + length - 1) / length > MaxIntervals)
        {
            throw ApiErrors.ParameterInvalid("Interval", $"At most {MaxIntervals} intervals in one answer; shorten the window or use a longer interval");
        }

        var media = context.Get("MediaType");
        var item = ArrayItem(context);
        var instance = context.Instance;
        var now = context.NowMilliseconds;
        lock (instance.Gate)
        {
            var result = new JsonArray();
            for (var from = start; from < end; from += length)
            {
                var figures = ReportCalculator.Compute(instance, context.State.StateLog, scope, from, Math.Min(from + length, end), now, media);
                result.Add(ReportShaper.Item(item, figures, new Dictionary<string, object>(StringComparer.Ordinal) { ["StatsTime"] = from }));
            }

            return result;
        }
    }
}
