using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Records;

namespace Ccc.Sdk.Emulator.Reports;

/// <summary>What a report covers: one agent, one skill group, or (both null) the whole instance.</summary>
/// <param name="AgentId">Calls the agent took part in, and the agent's own state log.</param>
/// <param name="SkillGroupId">Calls routed to or dialled for the group, and the state log of its current members.</param>
internal sealed record ReportScope(string? AgentId, string? SkillGroupId)
{
    /// <summary>The whole instance.</summary>
    public static readonly ReportScope Instance = new(null, null);
}

/// <summary>
/// The figures of one report: per group (<c>Inbound</c>, <c>Outbound</c>, <c>Internal</c>, <c>Back2Back</c>,
/// <c>Overall</c>) the fields it could compute, by the cloud's field name; and the break-code details. A field that is
/// not here is left out of the answer (<see cref="ReportShaper"/>).
/// </summary>
internal sealed class ReportFigures
{
    /// <summary>Group name → field name → value (counts, seconds, rates as fractions 0..1, epoch ms).</summary>
    public Dictionary<string, Dictionary<string, double>> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Break code → (episodes, seconds), for <c>Overall.BreakCodeDetailList</c>.</summary>
    public SortedDictionary<string, (long Count, long Duration)> BreakCodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Sets one field.</summary>
    public void Set(string group, string field, double value)
    {
        if (!Groups.TryGetValue(group, out var fields))
        {
            fields = new Dictionary<string, double>(StringComparer.Ordinal);
            Groups[group] = fields;
        }

        fields[field] = value;
    }
}

/// <summary>
/// The one place report figures are computed (docs/emulator.md, "Reports"): from the instance's CDRs whose
/// <c>StartTime</c> is in the window and match the scope, and from the agent state log clipped to the window. Times
/// are whole seconds (sums of the CDRs' second fields; state times are summed in milliseconds, then floored to
/// seconds), averages are seconds as decimals, rates are fractions (0..1). Caller holds the instance lock.
/// </summary>
internal static class ReportCalculator
{
    /// <summary>Service-level thresholds in seconds: ServiceLevelN is the share of offered calls answered within N seconds of waiting.</summary>
    public static readonly int[] ServiceLevels = [10, 15, 20, 30];

    private static readonly string[] InCallStates = [UserStates.Dialing, UserStates.Ringing, UserStates.Talking, UserStates.Working];

    /// <summary>Computes the figures of <paramref name="scope"/> for calls started in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static ReportFigures Compute(CccInstance instance, AgentStateLog log, ReportScope scope, long start, long end, long now, string? mediaType)
    {
        var records = instance.Calls.Records.All
            .Where(r => r.StartTime >= start && r.StartTime < end)
            .Where(r => mediaType is null || string.Equals(r.MediaType, mediaType, StringComparison.OrdinalIgnoreCase))
            .Where(r => scope.AgentId is null || r.AgentIdList.Contains(scope.AgentId))
            .Where(r => scope.SkillGroupId is null || r.SkillGroupIdList.Contains(scope.SkillGroupId))
            .ToList();
        var figures = new ReportFigures();
        Inbound(figures, records.Where(r => r.ContactType == ContactTypes.Inbound).ToList());
        Outbound(figures, "Outbound", records.Where(r => r.ContactType == ContactTypes.Outbound).ToList());
        Outbound(figures, "Back2Back", records.Where(r => r.ContactType == ContactTypes.Back2Back).ToList());
        Internal(figures, records.Where(r => r.ContactType == ContactTypes.Internal).ToList());
        Overall(figures, records);
        var agents = scope.AgentId is not null ? [scope.AgentId]
            : scope.SkillGroupId is not null ? instance.MembersOf(scope.SkillGroupId).Select(a => a.UserId).ToList()
            : instance.Users.Keys.ToList();
        States(figures, log, instance.InstanceId, agents, start, Math.Min(end, now), now, countLoggedIn: scope.AgentId is null && scope.SkillGroupId is null);
        return figures;
    }

    private static bool Answered(CallDetailRecord r) => r.ContactDisposition == Dispositions.Success;

    private static void Inbound(ReportFigures f, List<CallDetailRecord> calls)
    {
        const string G = "Inbound";
        var handled = calls.Where(Answered).ToList();
        var ringed = calls.Where(r => r.AgentIdList.Count > 0).ToList();
        f.Set(G, "CallsOffered", calls.Count);
        f.Set(G, "CallsHandled", handled.Count);
        f.Set(G, "HandleRate", Rate(handled.Count, calls.Count));
        f.Set(G, "CallsRinged", ringed.Count);
        f.Set(G, "CallsQueued", calls.Count(r => r.Timeline.QueueEvents().Count > 0));
        f.Set(G, "CallsQueuingTimeout", calls.Count(r => r.ContactDisposition == Dispositions.QueuingTimeout));
        Sums(f, G, "Talk", handled, r => r.TalkTime);
        Sums(f, G, "Ring", ringed, r => r.RingTime);
        Sums(f, G, "Wait", calls, r => r.WaitTime);
        Hold(f, G, calls);
        var abandoned = calls.Where(r => r.ContactDisposition is Dispositions.AbandonedInIvr or Dispositions.AbandonedInQueue or Dispositions.AbandonedInRing).ToList();
        f.Set(G, "CallsAbandoned", abandoned.Count);
        f.Set(G, "AbandonRate", Rate(abandoned.Count, calls.Count));
        f.Set(G, "AbandonedRate", Rate(abandoned.Count, calls.Count));
        Sums(f, G, "Abandon", abandoned, r => r.CallDuration);
        foreach (var (suffix, disposition, time) in new (string, string, Func<CallDetailRecord, long>)[]
        {
            ("InIVR", Dispositions.AbandonedInIvr, r => r.IvrTime),
            ("InQueue", Dispositions.AbandonedInQueue, r => r.QueueTime),
            ("InRing", Dispositions.AbandonedInRing, r => r.RingTime),
        })
        {
            var some = abandoned.Where(r => r.ContactDisposition == disposition).ToList();
            f.Set(G, "CallsAbandoned" + suffix, some.Count);
            Sums(f, G, "Abandoned" + suffix, some, time);
        }

        foreach (var seconds in ServiceLevels)
        {
            f.Set(G, "ServiceLevel" + seconds, Rate(handled.Count(r => r.WaitTime <= seconds), calls.Count));
            f.Set(G, "CallsServiceLevel" + seconds, handled.Count(r => r.WaitTime <= seconds));
        }

        Satisfaction(f, G, calls);
    }

    private static void Outbound(ReportFigures f, string group, List<CallDetailRecord> calls)
    {
        var answered = calls.Where(Answered).ToList();
        f.Set(group, "CallsDialed", calls.Count);
        f.Set(group, "CallsAnswered", answered.Count);
        f.Set(group, "AnswerRate", Rate(answered.Count, calls.Count));
        Sums(f, group, "Talk", answered, r => r.TalkTime);
        Sums(f, group, "Ring", calls, r => r.RingTime);
        if (group == "Outbound")
        {
            Sums(f, group, "Dialing", calls, r => r.DialingTime);
            Hold(f, group, calls);
            Satisfaction(f, group, calls);
        }
    }

    private static void Internal(ReportFigures f, List<CallDetailRecord> calls)
    {
        var answered = calls.Where(Answered).ToList();
        f.Set("Internal", "CallsDialed", calls.Count);
        f.Set("Internal", "CallsAnswered", answered.Count);
        Sums(f, "Internal", "Talk", answered, r => r.TalkTime);
    }

    private static void Overall(ReportFigures f, List<CallDetailRecord> calls)
    {
        f.Set("Overall", "TotalCalls", calls.Count);
        Sums(f, "Overall", "Talk", calls.Where(r => r.TalkTime > 0).ToList(), r => r.TalkTime);
        Hold(f, "Overall", calls);
        Satisfaction(f, "Overall", calls);
    }

    private static void Hold(ReportFigures f, string group, List<CallDetailRecord> calls)
    {
        var held = calls.Where(r => r.HeldTime > 0).ToList();
        f.Set(group, "CallsHold", held.Count);
        Sums(f, group, "Hold", held, r => r.HeldTime);
    }

    private static void Satisfaction(ReportFigures f, string group, List<CallDetailRecord> calls)
    {
        f.Set(group, "SatisfactionSurveysOffered", calls.Count(r => r.SatisfactionSurveyOffered));
        f.Set(group, "SatisfactionSurveysResponded", calls.Count(r => r.SatisfactionIndex is not null));
    }

    /// <summary>Total{name}Time, Max{name}Time, Average{name}Time over <paramref name="calls"/> (average 0 when there are none).</summary>
    private static void Sums(ReportFigures f, string group, string name, List<CallDetailRecord> calls, Func<CallDetailRecord, long> seconds)
    {
        var total = calls.Sum(seconds);
        f.Set(group, "Total" + name + "Time", total);
        f.Set(group, "Max" + name + "Time", calls.Count == 0 ? 0 : calls.Max(seconds));
        f.Set(group, "Average" + name + "Time", calls.Count == 0 ? 0 : (double)total / calls.Count);
    }

    private static double Rate(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    /// <summary>Ready, break, after-call work and logged-in time from the state log, clipped to [start, end).</summary>
    private static void States(ReportFigures f, AgentStateLog log, string instanceId, IReadOnlyCollection<string> agents, long start, long end, long now, bool countLoggedIn)
    {
        const string G = "Overall";
        var episodes = new Dictionary<string, List<long>>(StringComparer.Ordinal)
        {
            [UserStates.Ready] = [],
            [UserStates.Break] = [],
            [UserStates.Working] = [],
        };
        long loggedIn = 0, busy = 0;
        long? firstCheckIn = null, lastCheckOut = null;
        var wanted = agents.ToHashSet(StringComparer.Ordinal);
        var entries = log.Entries(instanceId).Where(e => wanted.Contains(e.UserId)).ToList();
        foreach (var agentEntries in entries.GroupBy(e => e.UserId))
        {
            var list = agentEntries.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var e = list[i];
                var previous = i > 0 ? list[i - 1].State : UserStates.Offline;
                if (e.Time >= start && e.Time < end)
                {
                    if (e.State != UserStates.Offline && previous == UserStates.Offline && (firstCheckIn is null || e.Time < firstCheckIn))
                    {
                        firstCheckIn = e.Time;
                    }

                    if (e.State == UserStates.Offline && previous != UserStates.Offline && (lastCheckOut is null || e.Time > lastCheckOut))
                    {
                        lastCheckOut = e.Time;
                    }
                }

                var spanEnd = i + 1 < list.Count ? list[i + 1].Time : now;
                var ms = Math.Min(spanEnd, end) - Math.Max(e.Time, start);
                if (ms <= 0 || e.State == UserStates.Offline)
                {
                    continue;
                }

                loggedIn += ms;
                if (InCallStates.Contains(e.State))
                {
                    busy += ms;
                }

                if (episodes.TryGetValue(e.State, out var spans))
                {
                    // A new break reason while on break is a new entry; it counts as its own break.
                    spans.Add(ms);
                }

                if (e.State == UserStates.Break)
                {
                    var code = e.BreakCode;
                    f.BreakCodes[code] = f.BreakCodes.TryGetValue(code, out var c) ? (c.Count + 1, c.Duration + ms) : (1, ms);
                }
            }
        }

        foreach (var code in f.BreakCodes.Keys.ToList())
        {
            var (count, ms) = f.BreakCodes[code];
            f.BreakCodes[code] = (count, ms / 1000);
        }

        foreach (var (state, name) in new[] { (UserStates.Ready, "Ready"), (UserStates.Break, "Break"), (UserStates.Working, "Work") })
        {
            var spans = episodes[state];
            f.Set(G, "Total" + name + "Time", spans.Sum() / 1000);
            f.Set(G, "Max" + name + "Time", spans.Count == 0 ? 0 : spans.Max() / 1000);
            f.Set(G, "Average" + name + "Time", spans.Count == 0 ? 0 : spans.Sum() / 1000.0 / spans.Count);
        }

        f.Set(G, "TotalLoggedInTime", loggedIn / 1000);
        f.Set(G, "OccupancyRate", Rate(busy, loggedIn));
        if (firstCheckIn is { } first)
        {
            f.Set(G, "FirstCheckInTime", first);
        }

        if (lastCheckOut is { } last)
        {
            f.Set(G, "LastCheckOutTime", last);
            f.Set(G, "LastCheckoutTime", last);
        }

        if (countLoggedIn)
        {
            f.Set(G, "MaxLoggedInAgents", MaxLoggedIn(entries, start, end));
        }
    }

    /// <summary>The most agents signed in at once during [start, end), from the log.</summary>
    private static long MaxLoggedIn(List<AgentStateEntry> entries, long start, long end)
    {
        var signedIn = new HashSet<string>(StringComparer.Ordinal);
        long max = 0, atStart = 0;
        foreach (var e in entries.OrderBy(e => e.Time))
        {
            if (e.Time >= end)
            {
                break;
            }

            if (e.State == UserStates.Offline)
            {
                signedIn.Remove(e.UserId);
            }
            else
            {
                signedIn.Add(e.UserId);
            }

            if (e.Time >= start)
            {
                max = Math.Max(max, signedIn.Count);
            }
            else
            {
                atStart = signedIn.Count;
            }
        }

        return Math.Max(max, atStart);
    }
}
