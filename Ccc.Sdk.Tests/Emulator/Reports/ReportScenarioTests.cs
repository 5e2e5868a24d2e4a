using System.Globalization;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Tests.Emulator.Calls;

namespace Ccc.Sdk.Tests.Emulator.Reports;

/// <summary>
/// A contact centre's afternoon on the fast-forwarded clock, driven through <see cref="CccClient"/>'s generated methods
/// (and the control API for the customers): ten scripted calls (four inbound answered with known ring and talk times,
/// two abandoned in the queue, one abandoned while ringing, three outbound of which one is busy), breaks and after-call
/// work. The test keeps its own model of the script (each call and each agent state with its time) and derives every
/// expected figure from it, never from the emulator's CDRs; the real-time views during the script and the reports
/// afterwards must agree with it exactly.
/// </summary>
public sealed class ReportScenarioTests : CallTestBase, IAsyncLifetime
{
    private const int WorkSeconds = 5;
    private const string Meeting = "meeting";
    private const string Lunch = "lunchtime";

    private readonly Dictionary<string, List<(long Time, string State, string Break)>> _states = new(StringComparer.Ordinal)
    {
        [Agent1] = [],
        [Agent2] = [],
    };

    private readonly List<Scripted> _calls = [];
    private CccClient _client = null!;
    private long _start;

    /// <summary>One call of the script: what the test made happen (seconds).</summary>
    private sealed record Scripted(string Kind, string Agent, string Outcome, long Queue, long Ring, long Talk, long Duration)
    {
        public bool Abandoned => Outcome.StartsWith("Abandoned", StringComparison.Ordinal);

        public long Wait => Queue + Ring;
    }

    private long Now => H.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    private void Log(string agent, string state, string breakCode = "", long? at = null) => _states[agent].Add((at ?? Now, state, breakCode));

    private CccClient Client()
    {
        _client ??= new CccClient(
            new AccessKeyCredential(H.Emulator.AccessKeyId, H.Emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = H.Emulator.Endpoint, InstanceId = Instance, Retry = new CccRetryOptions { MaxRetries = 0 } },
            timeProvider: H.Clock);
        return _client;
    }

    private async Task SignIn(string agent)
    {
        await Client().SignInGroupAsync(new SignInGroupRequest { UserId = agent, DeviceId = "dev-" + agent, SignedSkillGroupIdList = [Sales] });
        Log(agent, "BREAK");
    }

    private async Task ReadyUp(string agent)
    {
        await Client().ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agent });
        Log(agent, "READY");
    }

    private async Task Break(string agent, string code)
    {
        await Client().TakeBreakAsync(new TakeBreakRequest { UserId = agent, Code = code });
        Log(agent, "BREAK", code);
    }

    /// <summary>After-call work ends by itself after <see cref="WorkSeconds"/>: the model says so, then the clock moves.</summary>
    private void AfterCallWork(string agent)
    {
        Log(agent, "WORKING");
        Log(agent, "READY", at: Now + WorkSeconds * 1000);
        Advance(WorkSeconds * 1000);
    }

    /// <summary>The whole scripted afternoon; <paramref name="whileTalking"/> and <paramref name="whileQueued"/> check the live views mid-script.</summary>
    private async Task RunScript(Func<string, Task>? whileTalking = null, Func<Task>? whileQueued = null)
    {
        await Settings($$"""{"afterCallWorkSeconds":{{WorkSeconds}},"familiarAgentRouting":false}""");
        _start = Now;
        await SignIn(Agent1);
        await SignIn(Agent2);
        Advance(1000);
        await ReadyUp(Agent1);
        await Break(Agent2, Meeting);
        Advance(2000);

        // Four inbound calls answered by agent1 (agent2 is in a meeting): ring and talk seconds.
        var answered = new (long Ring, long Talk)[] { (2, 30), (3, 45), (1, 60), (4, 20) };
        for (var i = 0; i < answered.Length; i++)
        {
            var (ring, talk) = answered[i];
            var customer = "1380000010" + i.ToString(CultureInfo.InvariantCulture);
            var contactId = await Inbound(customer, BeijingLine);
            Log(Agent1, "RINGING");
            Advance(ring * 1000);
            await Client().AnswerCallAsync(new AnswerCallRequest { UserId = Agent1, JobId = contactId });
            Log(Agent1, "TALKING");
            if (i == 0 && whileTalking is not null)
            {
                Advance(10_000);
                await whileTalking(customer);
                Advance((talk - 10) * 1000);
            }
            else
            {
                Advance(talk * 1000);
            }

            await Client().ReleaseCallAsync(new ReleaseCallRequest { UserId = Agent1, JobId = contactId });
            _calls.Add(new Scripted("Inbound", Agent1, "Handled", 0, ring, talk, ring + talk));
            AfterCallWork(Agent1);
            Advance(2000);
        }

        // Agent1 goes to lunch: two callers wait in the queue and hang up after 8 s and 12 s.
        await Break(Agent1, Lunch);
        await SetPhone("13800000201", """{"behavior":"answer","hangUpAfterMs":8000}""");
        await SetPhone("13800000202", """{"behavior":"answer","hangUpAfterMs":12000}""");
        await Inbound("13800000201", BeijingLine);
        Advance(3000);
        await Inbound("13800000202", BeijingLine);
        Advance(2000);
        if (whileQueued is not null)
        {
            await whileQueued();
        }

        Advance(3000);
        _calls.Add(new Scripted("Inbound", "", "AbandonedInQueue", 8, 0, 0, 8));
        Advance(7000);
        _calls.Add(new Scripted("Inbound", "", "AbandonedInQueue", 12, 0, 0, 12));

        // Back from lunch: a caller hangs up after ringing agent1 for 3 s.
        await ReadyUp(Agent1);
        Advance(1000);
        await SetPhone("13800000301", """{"behavior":"answer","hangUpAfterMs":3000}""");
        await Inbound("13800000301", BeijingLine);
        Log(Agent1, "RINGING");
        Advance(3000);
        Log(Agent1, "READY");
        _calls.Add(new Scripted("Inbound", Agent1, "AbandonedInRing", 0, 3, 0, 3));

        // Agent2 leaves the meeting and dials three customers: answered (40 s), answered and hung up by the customer (25 s), busy.
        await ReadyUp(Agent2);
        Advance(1000);
        await SetPhone("13800000401", """{"behavior":"answer","answerAfterMs":2000}""");
        var first = await Client().MakeCallAsync(new MakeCallRequest { UserId = Agent2, Callee = "13800000401" });
        Log(Agent2, "DIALING");
        Advance(2000);
        Log(Agent2, "TALKING");
        Advance(40_000);
        await Client().ReleaseCallAsync(new ReleaseCallRequest { UserId = Agent2, JobId = first.Value.CallContext!.JobId });
        _calls.Add(new Scripted("Outbound", Agent2, "Handled", 0, 0, 40, 42));
        AfterCallWork(Agent2);
        Advance(1000);

        await SetPhone("13800000402", """{"behavior":"answer","answerAfterMs":1000,"hangUpAfterMs":25000}""");
        await Client().MakeCallAsync(new MakeCallRequest { UserId = Agent2, Callee = "13800000402" });
        Log(Agent2, "DIALING");
        Advance(1000);
        Log(Agent2, "TALKING");
        Advance(25_000);
        _calls.Add(new Scripted("Outbound", Agent2, "Handled", 0, 0, 25, 26));
        AfterCallWork(Agent2);
        Advance(1000);

        await SetPhone("13800000403", """{"behavior":"busy","answerAfterMs":2000}""");
        await Client().MakeCallAsync(new MakeCallRequest { UserId = Agent2, Callee = "13800000403" });
        Log(Agent2, "DIALING");
        Advance(2000);
        _calls.Add(new Scripted("Outbound", Agent2, "NoAnswer", 0, 0, 0, 2));
        AfterCallWork(Agent2); // The softphone's own leg was connected, so a busy customer still ends in after-call work.
        Advance(1000);

        await Client().SignOutGroupAsync(new SignOutGroupRequest { UserId = Agent1 });
        Log(Agent1, "OFFLINE");
        await Client().SignOutGroupAsync(new SignOutGroupRequest { UserId = Agent2 });
        Log(Agent2, "OFFLINE");
        Advance(10_000);
    }

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        _client?.Dispose();
        await DisposeAsync();
    }

    // ------------------------------------------------------------------ what the script says the figures are

    private static double Rate(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    private static void Sums(Dictionary<string, double> f, string name, IReadOnlyCollection<Scripted> calls, Func<Scripted, long> seconds)
    {
        f["Total" + name + "Time"] = calls.Sum(seconds);
        f["Max" + name + "Time"] = calls.Count == 0 ? 0 : calls.Max(seconds);
        f["Average" + name + "Time"] = calls.Count == 0 ? 0 : (double)calls.Sum(seconds) / calls.Count;
    }

    private static Dictionary<string, double> ExpectedInbound(IReadOnlyCollection<Scripted> all)
    {
        var calls = all.Where(c => c.Kind == "Inbound").ToList();
        var handled = calls.Where(c => c.Outcome == "Handled").ToList();
        var abandoned = calls.Where(c => c.Abandoned).ToList();
        var ringed = calls.Where(c => c.Agent.Length > 0).ToList();
        var f = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["CallsOffered"] = calls.Count,
            ["CallsHandled"] = handled.Count,
            ["HandleRate"] = Rate(handled.Count, calls.Count),
            ["CallsRinged"] = ringed.Count,
            ["CallsAbandoned"] = abandoned.Count,
            ["AbandonRate"] = Rate(abandoned.Count, calls.Count),
            ["CallsAbandonedInQueue"] = calls.Count(c => c.Outcome == "AbandonedInQueue"),
            ["CallsAbandonedInRing"] = calls.Count(c => c.Outcome == "AbandonedInRing"),
            ["ServiceLevel15"] = Rate(handled.Count(c => c.Wait <= 15), calls.Count),
            ["ServiceLevel20"] = Rate(handled.Count(c => c.Wait <= 20), calls.Count),
            ["ServiceLevel30"] = Rate(handled.Count(c => c.Wait <= 30), calls.Count),
        };
        Sums(f, "Talk", handled, c => c.Talk);
        Sums(f, "Ring", ringed, c => c.Ring);
        Sums(f, "Wait", calls, c => c.Wait);
        Sums(f, "Abandon", abandoned, c => c.Duration);
        Sums(f, "AbandonedInQueue", calls.Where(c => c.Outcome == "AbandonedInQueue").ToList(), c => c.Queue);
        Sums(f, "AbandonedInRing", calls.Where(c => c.Outcome == "AbandonedInRing").ToList(), c => c.Ring);
        return f;
    }

    private static Dictionary<string, double> ExpectedOutbound(IReadOnlyCollection<Scripted> all)
    {
        var calls = all.Where(c => c.Kind == "Outbound").ToList();
        var answered = calls.Where(c => c.Outcome == "Handled").ToList();
        var f = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["CallsDialed"] = calls.Count,
            ["CallsAnswered"] = answered.Count,
            ["AnswerRate"] = Rate(answered.Count, calls.Count),
        };
        Sums(f, "Talk", answered, c => c.Talk);
        return f;
    }

    /// <summary>Overall: calls and talk from the script's calls, state times from the script's state changes of <paramref name="agents"/>.</summary>
    private Dictionary<string, double> ExpectedOverall(IReadOnlyCollection<Scripted> calls, params string[] agents)
    {
        var f = new Dictionary<string, double>(StringComparer.Ordinal) { ["TotalCalls"] = calls.Count };
        Sums(f, "Talk", calls.Where(c => c.Talk > 0).ToList(), c => c.Talk);
        var spans = agents.SelectMany(a => _states[a].Select((s, i) => (s.State, Ms: i + 1 < _states[a].Count ? _states[a][i + 1].Time - s.Time : 0L)))
            .Where(s => s.Ms > 0 && s.State != "OFFLINE")
            .ToList();
        foreach (var (state, name) in new[] { ("READY", "Ready"), ("BREAK", "Break"), ("WORKING", "Work") })
        {
            var these = spans.Where(s => s.State == state).Select(s => s.Ms).ToList();
            f["Total" + name + "Time"] = these.Sum() / 1000;
            f["Max" + name + "Time"] = these.Count == 0 ? 0 : these.Max() / 1000;
            f["Average" + name + "Time"] = these.Count == 0 ? 0 : these.Sum() / 1000.0 / these.Count;
        }

        var loggedIn = spans.Sum(s => s.Ms);
        f["TotalLoggedInTime"] = loggedIn / 1000;
        f["OccupancyRate"] = Rate(spans.Where(s => s.State is "DIALING" or "RINGING" or "TALKING" or "WORKING").Sum(s => s.Ms), loggedIn);
        return f;
    }

    private List<(string Code, long Count, long Seconds)> ExpectedBreaks(params string[] agents) =>
        agents.SelectMany(a => _states[a].Select((s, i) => (s.State, s.Break, Ms: i + 1 < _states[a].Count ? _states[a][i + 1].Time - s.Time : 0L)))
            .Where(s => s.State == "BREAK" && s.Ms > 0)
            .GroupBy(s => s.Break, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (long)g.Count(), g.Sum(s => s.Ms) / 1000))
            .ToList();

    /// <summary>Each expected field of <paramref name="group"/> (an SDK model object) equals the script's figure.</summary>
    private static void AssertGroup(string what, object? group, Dictionary<string, double> expected)
    {
        Assert.NotNull(group);
        foreach (var (name, value) in expected)
        {
            var property = group.GetType().GetProperty(name);
            if (property is null && name.StartsWith("ServiceLevel", StringComparison.Ordinal))
            {
                continue; // Each model has its own subset of the 15/20/30 s service levels.
            }

            Assert.True(property is not null, $"{what}: the model has no {name}.");
            var actual = property.GetValue(group);
            Assert.True(actual is not null, $"{what}.{name} is missing");
            var number = actual is string text ? double.Parse(text, CultureInfo.InvariantCulture) : Convert.ToDouble(actual, CultureInfo.InvariantCulture);
            var wanted = actual is long or int ? Math.Round(value, MidpointRounding.AwayFromZero) : value; // A model typing an average as long gets it rounded.
            Assert.True(Math.Abs(number - wanted) < 1e-9, $"{what}.{name}: expected {wanted}, got {number}");
        }
    }

    /// <summary>The agent models have no abandon or wait figures (an agent never sees a caller who hangs up in the queue).</summary>
    private static Dictionary<string, double> AgentView(Dictionary<string, double> inbound) =>
        inbound.Where(p => !p.Key.Contains("Abandon", StringComparison.Ordinal) && !p.Key.Contains("Wait", StringComparison.Ordinal)).ToDictionary();

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    // ------------------------------------------------------------------ tests

    [Fact]
    public async Task Real_time_views_during_the_script_show_the_talking_agent_and_the_waiting_callers()
    {
        var checkedTalking = false;
        var checkedQueue = false;
        await RunScript(
            whileTalking: async customer =>
            {
                var answeredAt = _states[Agent1][^1].Time;
                var me = Assert.Single(await Collect(Client().ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest { AgentIdList = [Agent1] })));
                Assert.Equal(("Talking", answeredAt, 10L, "INBOUND", customer), (me.State, me.StateTime!.Value.ToUnixTimeMilliseconds(), me.Duration, me.CallType, me.CounterParty));
                var states = await Collect(Client().ListAgentStatesAsync(new ListAgentStatesRequest { ExcludeOfflineUsers = true }));
                Assert.Equal([(Agent1, "TALKING", "10"), (Agent2, "BREAK", ((Now - _states[Agent2][0].Time) / 1000).ToString(CultureInfo.InvariantCulture))], states.Select(s => (s.AgentId, s.State, s.StateDuration)).ToList());
                var instance = (await Client().GetRealtimeInstanceStatesAsync()).Value;
                Assert.Equal((4L, 2L, 0L, 1L, 1L, 0L, 0L, 1L), (instance.TotalAgents, instance.LoggedInAgents, instance.ReadyAgents, instance.BreakingAgents,
                    instance.TalkingAgents, instance.WorkingAgents, instance.WaitingCalls, instance.InteractiveCalls));
                var sales = Assert.Single(await Collect(Client().ListSkillGroupStatesAsync(new ListSkillGroupStatesRequest { SkillGroupIds = Sales })));
                Assert.Equal((1L, 0L, 1L), (sales.InboundTalkingAgents, sales.OutboundTalkingAgents, sales.TalkingAgents));
                checkedTalking = true;
            },
            whileQueued: async () =>
            {
                // A new break reason is a new entry of the log, but the agent has been in BREAK since signing in (StateDuration above).
                // The first caller has waited 5 s, the second 2 s; both agents are on a break.
                var instance = (await Client().GetRealtimeInstanceStatesAsync()).Value;
                Assert.Equal((2L, 5L, 0L, 2L, 0L), (instance.WaitingCalls, instance.LongestWaitingTime, instance.ReadyAgents, instance.BreakingAgents, instance.InteractiveCalls));
                Assert.Equal([(Lunch, 1L), (Meeting, 1L)], instance.BreakCodeDetailList!.Select(b => (b.BreakCode, b.Count)).ToList());
                var realtime = Assert.Single(await Collect(Client().ListRealtimeSkillGroupStatesAsync(new ListRealtimeSkillGroupStatesRequest { SkillGroupIdList = $"[\"{Sales}\"]" })));
                Assert.Equal((2L, 5L, 2L, 2L, 2L), (realtime.WaitingCalls, realtime.LongestWaitingTime, realtime.TotalAgents, realtime.LoggedInAgents, realtime.BreakingAgents));
                var support = Assert.Single(await Collect(Client().ListRealtimeSkillGroupStatesAsync(new ListRealtimeSkillGroupStatesRequest { SkillGroupIdList = $"[\"{Support}\"]" })));
                Assert.Equal((0L, 0L), (support.WaitingCalls, support.LoggedInAgents));
                var sales = Assert.Single(await Collect(Client().ListSkillGroupStatesAsync(new ListSkillGroupStatesRequest { SkillGroupIds = Sales })));
                Assert.Equal((2L, (5L + 2L) / 2, 0L), (sales.WaitingCalls, sales.AverageWaitingTime, sales.WaitingCallsLevel10));
                checkedQueue = true;
            });

        Assert.True(checkedTalking && checkedQueue);
        var after = (await Client().GetRealtimeInstanceStatesAsync()).Value;
        Assert.Equal((0L, 0L, 0L), (after.LoggedInAgents, after.WaitingCalls, after.InteractiveCalls));
    }

    [Fact]
    public async Task The_instance_report_agrees_with_the_script()
    {
        await RunScript();

        var report = (await Client().GetHistoricalInstanceReportAsync(new GetHistoricalInstanceReportRequest { StartTime = _start, EndTime = _start + 3_600_000 })).Value;

        AssertGroup("Inbound", report.Inbound, ExpectedInbound(_calls));
        AssertGroup("Outbound", report.Outbound, ExpectedOutbound(_calls));
        AssertGroup("Overall", report.Overall, ExpectedOverall(_calls, Agent1, Agent2));
        Assert.Equal(2, report.Overall!.MaxLoggedInAgents);
        Assert.Equal(10, _calls.Count);
    }

    [Fact]
    public async Task The_agent_reports_agree_with_the_script_for_each_agent()
    {
        await RunScript();

        var items = await Collect(Client().ListHistoricalAgentReportAsync(new ListHistoricalAgentReportRequest
        {
            AgentIdList = [Agent1, Agent2],
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(_start),
            StopTime = DateTimeOffset.FromUnixTimeMilliseconds(_start + 3_600_000),
        }));

        Assert.Equal([Agent1, Agent2], items.Select(i => i.AgentId).ToList());
        foreach (var item in items)
        {
            var mine = _calls.Where(c => c.Agent == item.AgentId).ToList();
            AssertGroup(item.AgentId + " Inbound", item.Inbound, AgentView(ExpectedInbound(mine)));
            AssertGroup(item.AgentId + " Outbound", item.Outbound, ExpectedOutbound(mine));
            AssertGroup(item.AgentId + " Overall", item.Overall, ExpectedOverall(mine, item.AgentId!));
            Assert.Equal(ExpectedBreaks(item.AgentId!), item.Overall!.BreakCodeDetailList!.Select(b => (b.BreakCode!, b.Count!.Value, b.Duration!.Value)).ToList());
            Assert.Equal(_states[item.AgentId!][0].Time, item.Overall.FirstCheckInTime);
            Assert.Equal(_states[item.AgentId!][^1].Time, item.Overall.LastCheckOutTime);
        }
    }

    [Fact]
    public async Task The_skill_group_report_agrees_with_the_script_and_an_unused_group_is_all_zero()
    {
        await RunScript();

        var items = await Collect(Client().ListHistoricalSkillGroupReportAsync(new ListHistoricalSkillGroupReportRequest { StartTime = _start, EndTime = _start + 3_600_000 }));

        var sales = items.Single(i => i.SkillGroupId == Sales);
        AssertGroup("sales Inbound", sales.Inbound, ExpectedInbound(_calls));
        AssertGroup("sales Outbound", sales.Outbound, ExpectedOutbound(_calls));
        AssertGroup("sales Overall", sales.Overall, ExpectedOverall(_calls, Agent1, Agent2));
        Assert.Equal(ExpectedBreaks(Agent1, Agent2), sales.Overall!.BreakCodeDetailList!.Select(b => (b.BreakCode!, b.Count!.Value, b.Duration!.Value)).ToList());
        var support = items.Single(i => i.SkillGroupId == Support);
        Assert.Equal((0L, 0L, 0L), (support.Inbound!.CallsOffered, support.Outbound!.CallsDialed, support.Overall!.TotalCalls));
    }

    [Fact]
    public async Task Interval_reports_split_the_window_into_hours_and_the_hour_of_the_script_agrees_with_it()
    {
        await RunScript();

        var instance = (await Client().ListIntervalInstanceReportAsync(new ListIntervalInstanceReportRequest
        {
            StartTime = _start - 3_600_000, EndTime = _start + 3_600_000, Interval = "Hourly",
        })).Value;
        var agent = (await Client().ListIntervalAgentReportAsync(new ListIntervalAgentReportRequest
        {
            AgentId = Agent2, StartTime = _start - 3_600_000, EndTime = _start + 3_600_000, Interval = "Hourly",
        })).Value;
        var group = (await Client().ListIntervalSkillGroupReportAsync(new ListIntervalSkillGroupReportRequest
        {
            SkillGroupId = Sales, StartTime = _start - 3_600_000, EndTime = _start + 3_600_000, Interval = "Hourly",
        })).Value;

        Assert.Equal([_start - 3_600_000, _start], instance.Select(i => i.StatsTime!.Value).ToList());
        Assert.Equal((0L, 0L, 0L), (instance[0].Inbound!.CallsOffered, instance[0].Outbound!.CallsDialed, instance[0].Overall!.TotalLoggedInTime));
        AssertGroup("hour Inbound", instance[1].Inbound, ExpectedInbound(_calls));
        AssertGroup("hour Outbound", instance[1].Outbound, ExpectedOutbound(_calls));
        AssertGroup("hour Overall", instance[1].Overall, ExpectedOverall(_calls, Agent1, Agent2));
        Assert.Equal(2, agent.Count);
        AssertGroup("agent2 hour Outbound", agent[1].Outbound, ExpectedOutbound(_calls.Where(c => c.Agent == Agent2).ToList()));
        AssertGroup("sales hour Inbound", group[1].Inbound, ExpectedInbound(_calls));
    }

    [Fact]
    public async Task The_since_midnight_summaries_agree_with_the_script()
    {
        await RunScript();

        var agents = await Collect(Client().ListAgentSummaryReportsSinceMidnightAsync(new ListAgentSummaryReportsSinceMidnightRequest { AgentIds = Agent1 + "," + Agent2 }));
        var groups = await Collect(Client().ListSkillGroupSummaryReportsSinceMidnightAsync(new ListSkillGroupSummaryReportsSinceMidnightRequest { SkillGroups = Sales }));

        Assert.Equal([Agent1, Agent2], agents.Select(a => a.AgentId).ToList());
        foreach (var agent in agents)
        {
            var mine = _calls.Where(c => c.Agent == agent.AgentId).ToList();
            AssertGroup(agent.AgentId + " Inbound", agent.Inbound, AgentView(ExpectedInbound(mine)).Where(p => agent.Inbound!.GetType().GetProperty(p.Key) is not null).ToDictionary());
            AssertGroup(agent.AgentId + " Outbound", agent.Outbound, ExpectedOutbound(mine).Where(p => agent.Outbound!.GetType().GetProperty(p.Key) is not null).ToDictionary());
            Assert.Equal(Now.ToString(CultureInfo.InvariantCulture), agent.Timestamp);
        }

        var sales = Assert.Single(groups);
        Assert.Equal((Sales, 4L, 7L), (sales.SkillGroupId, sales.Inbound!.CallsHandled, sales.Inbound.CallsOffered));
        Assert.Equal(_calls.Count(c => c.Outcome == "Handled" && c.Kind == "Inbound" && c.Wait <= 20), sales.Inbound.CallsServiceLevel20);
        Assert.Equal((long)ExpectedOverall(_calls, Agent1, Agent2)["TotalWorkTime"], sales.Overall!.TotalWorkTime);
    }

    [Fact]
    public async Task The_state_log_lists_every_state_of_the_script_and_the_recent_records_every_call()
    {
        await RunScript();

        var log = (await Client().ListAgentStateLogsAsync(new ListAgentStateLogsRequest { AgentId = Agent1, StartTime = _start, EndTime = Now })).Value;
        var records = await Collect(Client().ListRecentCallDetailRecordsAsync(new ListRecentCallDetailRecordsRequest { StartTime = DateTimeOffset.FromUnixTimeMilliseconds(_start), EndTime = DateTimeOffset.FromUnixTimeMilliseconds(Now) }));

        var expected = _states[Agent1];
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OFFLINE"] = "Offline", ["BREAK"] = "Break", ["READY"] = "Ready", ["RINGING"] = "Ringing", ["TALKING"] = "Talking", ["WORKING"] = "ACW", ["DIALING"] = "Dialing",
        };
        Assert.Equal(
            expected.Select((s, i) => (s.Time, names[s.State], s.Break, ((i + 1 < expected.Count ? expected[i + 1].Time : Now) - s.Time) / 1000)).ToList(),
            log.Select(l => (l.StartTime!.Value, l.State!, l.BreakCode!, l.Duration!.Value)).ToList());
        Assert.Equal(_calls.Count, records.Count);
        Assert.Equal(
            _calls.GroupBy(c => c.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList(),
            records.GroupBy(r => r.ContactType!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList());
        Assert.Equal(records.OrderByDescending(r => r.StartTime).Select(r => r.ContactId).ToList(), records.Select(r => r.ContactId).ToList());
        Assert.Equal(_calls.Sum(c => c.Duration), records.Sum(r => r.Duration!.Value));
    }
}
