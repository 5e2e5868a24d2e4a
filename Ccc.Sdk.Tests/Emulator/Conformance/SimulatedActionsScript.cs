using System.Net;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Emulator.Conformance;

/// <summary>
/// One working session that sends every action of <c>api/simulated-actions.txt</c> with valid parameters, in an
/// order where each succeeds: agent sign-in and states, an inbound call answered, held, muted, consulted and
/// transferred twice, an outbound call, a double call, the records and the recording of those calls, a new user and
/// an event subscription. The sender is pluggable, so the same session runs through <see cref="CccClient"/> and through
/// Alibaba's own Node.js client. Parameters are plain wire values (the cloud's spelling), never SDK types.
/// </summary>
internal sealed class SimulatedActionsScript
{
    private const string Customer = "13800000001";
    private const string BeijingLine = "01050000002";

    private readonly CccEmulator _emulator;
    private readonly FakeTimeProvider _clock;
    private readonly Func<string, IReadOnlyList<WireParameter>, Task<JsonElement>> _send;
    private readonly List<string> _sent = [];

    /// <param name="emulator">An emulator started on <paramref name="clock"/>.</param>
    /// <param name="clock">The emulator's clock: the session moves it on so rings are answered and calls last.</param>
    /// <param name="send">Sends one action (its parameters include <c>InstanceId</c>) and returns the response's <c>Data</c>; throws when the action fails.</param>
    public SimulatedActionsScript(CccEmulator emulator, FakeTimeProvider clock, Func<string, IReadOnlyList<WireParameter>, Task<JsonElement>> send)
    {
        _emulator = emulator;
        _clock = clock;
        _send = send;
    }

    /// <summary>The actions sent so far, in order (each at least once when <see cref="RunAsync"/> returns).</summary>
    public IReadOnlyList<string> Sent => _sent;

    private string Instance => _emulator.InstanceId;

    private string Agent(int n) => $"agent{n}@{Instance}";

    /// <summary>Runs the whole session.</summary>
    public async Task RunAsync()
    {
        string agent1 = Agent(1), agent2 = Agent(2), agent3 = Agent(3);

        // Directory and numbers.
        await Send("ListUsers", Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("GetUser", Q("UserId", agent1));
        await Send("ListSkillGroups", Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("ListBriefSkillGroups", Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("GetSkillGroup", Q("SkillGroupId", "sales@" + Instance));
        await Send("CreateSkillGroup", Q("Name", "scriptgroup"), Q("DisplayName", "Script group"));
        await Send("ModifySkillGroup", Q("SkillGroupId", "scriptgroup@" + Instance), Q("DisplayName", "Script group 2"), Q("Description", "made by the script"));
        await Send("AddUsersToSkillGroup", Q("SkillGroupId", "scriptgroup@" + Instance), Q("UserSkillLevelList", $"[{{\"userId\":\"{agent3}\",\"skillLevel\":4}}]"));
        await Send("ListUserLevelsOfSkillGroup", Q("SkillGroupId", "scriptgroup@" + Instance), Q("IsMember", "true"), Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("RemoveUsersFromSkillGroup", Q("SkillGroupId", "scriptgroup@" + Instance), Q("UserIdList", $"[\"{agent3}\"]"));
        await Send("DeleteSkillGroup", Q("SkillGroupId", "scriptgroup@" + Instance));
        await Send("ListSkillLevelsOfUser", Q("UserId", agent1), Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("ListPhoneNumbers", Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("GetNumberLocation", Q("Number", Customer));
        await Send("ListOutboundNumbersOfUser", Q("UserId", agent1), Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("CreateUser", Q("LoginName", "agent9"), Q("DisplayName", "Agent Nine"), Q("Email", "agent9@example.com"), Q("RoleId", "Agent@" + Instance));
        await NumbersOfUsersAndGroupsAsync();
        await UsersAdministrationAsync();

        // Agent states.
        await Send("GetLoginDetails", Q("UserId", agent1));
        foreach (var (agent, group) in new[] { (agent1, "sales"), (agent2, "sales"), (agent3, "support") })
        {
            await Send("SignInGroup", Q("UserId", agent), Q("DeviceId", "dev-" + agent), Q("SignedSkillGroupIdList", $"[\"{group}@{Instance}\"]"));
            await Send("ReadyForService", Q("UserId", agent));
        }

        await Send("TakeBreak", Q("UserId", agent1), Q("Code", "meeting"));
        await Send("ChangeWorkMode", Q("UserId", agent1), Q("WorkMode", "ON_SITE"));
        await Send("ReadyForService", Q("UserId", agent1));
        await Send("PollUserStatus", Q("UserId", agent1));
        await Send("ListRealtimeAgentStates", Q("PageNumber", "1"), Q("PageSize", "10"), F("AgentIdList", $"[\"{agent1}\"]"));

        // Agents 2 and 3 step away so the inbound call is offered to agent 1.
        await Send("TakeBreak", Q("UserId", agent2), Q("Code", "meeting"));
        await Send("TakeBreak", Q("UserId", agent3), Q("Code", "meeting"));
        string jobId = await InboundAsync(Customer, BeijingLine);
        var answered = await Send("AnswerCall", Q("UserId", agent1), Q("JobId", jobId));
        string customer = CustomerChannel(answered);
        Advance(1_000);
        await Send("HoldCall", Q("UserId", agent1), Q("JobId", jobId), Q("ChannelId", customer));
        await Send("RetrieveCall", Q("UserId", agent1), Q("JobId", jobId), Q("ChannelId", customer));
        await Send("MuteCall", Q("UserId", agent1), Q("JobId", jobId));
        await Send("UnmuteCall", Q("UserId", agent1), Q("JobId", jobId));
        await Send("SendDtmfSignaling", Q("UserId", agent1), Q("JobId", jobId), Q("ChannelId", customer), Q("Dtmf", "1"));

        // Consult agent 2 and cancel, consult again and complete; agent 2 then blind-transfers to agent 3.
        await Send("ReadyForService", Q("UserId", agent2));
        await Send("InitiateAttendedTransfer", Q("UserId", agent1), Q("JobId", jobId), Q("Transferee", agent2));
        await Send("AnswerCall", Q("UserId", agent2), Q("JobId", jobId));
        await Send("CancelAttendedTransfer", Q("UserId", agent1), Q("JobId", jobId));
        await Send("ReadyForService", Q("UserId", agent2));
        await Send("InitiateAttendedTransfer", Q("UserId", agent1), Q("JobId", jobId), Q("Transferee", agent2));
        await Send("AnswerCall", Q("UserId", agent2), Q("JobId", jobId));
        await Send("CompleteAttendedTransfer", Q("UserId", agent1), Q("JobId", jobId));
        await Send("ReadyForService", Q("UserId", agent3));
        await Send("BlindTransfer", Q("UserId", agent2), Q("JobId", jobId), Q("Transferee", agent3), Q("TransfereeType", "Agent"));
        await Send("AnswerCall", Q("UserId", agent3), Q("JobId", jobId));
        await SuperviseAsync(jobId, agent3);
        Advance(2_000);
        await Send("ReleaseCall", Q("UserId", agent3), Q("JobId", jobId));

        // An outbound call and a double call.
        await Send("ReadyForService", Q("UserId", agent1));
        var made = await Send("MakeCall", Q("UserId", agent1), Q("Callee", "13800000002"), Q("Caller", BeijingLine));
        string outbound = made.GetProperty("CallContext").GetProperty("JobId").GetString()!;
        Advance(1_000); // the customer answers
        Advance(3_000); // and they talk
        await Send("ReleaseCall", Q("UserId", agent1), Q("JobId", outbound));
        var b2b = await Send("StartBack2BackCall", Q("Caller", "13900000011"), Q("Callee", "13800000012"), Q("Broker", BeijingLine));
        Advance(5_000);
        await Send("ReleaseCall", Q("JobId", b2b.GetProperty("CallContext").GetProperty("JobId").GetString()!));

        await ComplianceAndBackgroundAsync(agent1, jobId);

        // Records and the recording of the calls above.
        string start = (_clock.GetUtcNow().ToUnixTimeMilliseconds() - 3_600_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string end = (_clock.GetUtcNow().ToUnixTimeMilliseconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Send("ListCallDetailRecords", Q("PageNumber", "1"), Q("PageSize", "10"), Q("StartTime", start), Q("EndTime", end));
        await Send("ListCallDetailRecordsV2", Q("PageNumber", "1"), Q("PageSize", "10"), Q("StartTime", start), Q("EndTime", end));
        await Send("GetCallDetailRecord", Q("ContactId", jobId));
        await Send("GetMonoRecording", Q("ContactId", outbound));
        await RecordingsAndSurveyAsync(agent1, outbound);
        await ReportsAsync(agent1, start, end);

        // Leaving the working day, and where the instance's events go.
        await Send("SignOutGroup", Q("UserId", agent1));
        await Send("ResetAgentState", Q("UserId", agent1));
        await Send(
            "UpdateSubscription",
            Q("AccessPoint", "http://127.0.0.1:9/ccc/events"),
            Q("EventSubscriptionsJson", """[{"Name":"Dialing","Disabled":false},{"Name":"Released","Disabled":false}]"""));
    }

    // ---- Recordings and surveys (helper "rec", issue 13): the recording lists of the outbound call above, its
    // two-channel recording, and a survey on a new outbound call that the customer's phone answers with "1".
    private async Task RecordingsAndSurveyAsync(string agent, string outbound)
    {
        await Send("GetMultiChannelRecording", Q("ContactId", outbound));
        await Send("ListMonoRecordings", Q("ContactId", outbound));
        await Send("ListMultiChannelRecordings", Q("ContactId", outbound), Q("AgentId", agent));
        await Send("ReadyForService", Q("UserId", agent));
        var made = await Send("MakeCall", Q("UserId", agent), Q("Callee", "13800000021"), Q("Caller", BeijingLine));
        string jobId = made.GetProperty("CallContext").GetProperty("JobId").GetString()!;
        Advance(1_000); // the customer answers
        Advance(2_000); // and they talk
        await Send("LaunchSurvey", Q("UserId", agent), Q("JobId", jobId), Q("SurveyChannel", "IVR"));
        Advance(Ccc.Sdk.Emulator.Calls.CallEngine.SurveyTimeoutMs); // no key pressed: the survey hangs up
    }

    /// <summary>
    /// Users administration (issue 13, helper "users"): profile, roles and privileges, skill levels from both sides,
    /// and finally the removal of the user the session created. Leaves agents 1-3 as the seed has them.
    /// </summary>
    private async Task UsersAdministrationAsync()
    {
        string agent9 = Agent(9), sales = "sales@" + Instance, support = "support@" + Instance;
        await Send("ModifyUser", Q("UserId", agent9), Q("WorkMode", "ON_SITE"), Q("DisplayName", "Agent Nine B"), Q("RoleId", "Operator@" + Instance));
        await Send("ResetUserPassword", Q("UserId", agent9), Q("Password", "Secret2026x"));
        await Send("ListRoles");
        await Send("ListPrivilegesOfUser");
        await Send("AddSkillGroupsToUser", Q("UserId", agent9), Q("SkillLevelList", $"[{{\"skillGroupId\":\"{sales}\",\"skillLevel\":6}}]"));
        await Send("ModifySkillLevelsOfUser", Q("UserId", agent9), Q("SkillLevelList", $"[{{\"skillGroupId\":\"{sales}\",\"skillLevel\":9}}]"));
        await Send("ModifyUserLevelsOfSkillGroup", Q("SkillGroupId", sales), Q("UserLevelList", $"[{{\"userId\":\"{agent9}\",\"skillLevel\":7}}]"));
        await Send("RemoveSkillGroupsFromUser", Q("UserId", agent9), Q("SkillGroupIdList", $"[\"{sales}\",\"{support}\"]"));
        await Send("RemoveUsers", Q("UserIdList", $"[\"{agent9}\"]"));
    }

    /// <summary>
    /// Numbers of skill groups and personal numbers (issue 13, helper "users"): each binding made is undone, so the
    /// calls below see the seed's numbers.
    /// </summary>
    private async Task NumbersOfUsersAndGroupsAsync()
    {
        string support = "support@" + Instance, partner = "17150000003";
        await Send("ListPhoneNumbersOfSkillGroup", Q("SkillGroupId", support), Q("IsMember", "true"), Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("AddNumbersToSkillGroup", Q("SkillGroupId", support), Q("NumberList", $"[\"{BeijingLine}\"]"));
        await Send("RemovePhoneNumbersFromSkillGroup", Q("SkillGroupId", support), Q("NumberList", $"[\"{BeijingLine}\"]"));
        await Send("AddPhoneNumberToSkillGroups", Q("Number", partner), Q("SkillGroupIdList", $"[\"{support}\"]"));
        await Send("RemovePhoneNumberFromSkillGroups", Q("Number", partner), Q("SkillGroupIdList", $"[\"{support}\"]"));
        await Send("AddPersonalNumbersToUser", Q("UserId", Agent(9)), Q("NumberList", $"[\"{partner}\"]"));
        await Send("ListPersonalNumbersOfUser", Q("UserId", Agent(9)), Q("IsMember", "true"), Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("RemovePersonalNumbersFromUser", Q("UserId", Agent(9)), Q("NumberList", $"[\"{partner}\"]"));
    }

    /// <summary>
    /// Issue 13, helper "bg": the do-not-call list, blacklist call tagging and the Workbench script's background
    /// actions (agent 1 is Ready after its outbound call; <paramref name="jobId"/> is the finished inbound call).
    /// </summary>
    private async Task ComplianceAndBackgroundAsync(string agent1, string jobId)
    {
        await Send("ImportDoNotCallNumbers", Q("NumberList", "[\"13800000099\"]"), Q("Remark", "asked not to be called"));
        await Send("ListDoNotCallNumbers", Q("PageNumber", "1"), Q("PageSize", "10"), Q("Scope", "INSTANCE"));
        await Send("RemoveDoNotCallNumbers", Q("NumberList", "[\"13800000099\"]"));
        await Send("AddBlacklistCallTagging", Q("Number", "13800000098"), Q("JobId", jobId));
        await Send("ListBlacklistCallTaggings", Q("NumberList", "[\"13800000098\"]"));
        await Send("RemoveBlacklistCallTagging", Q("Number", "13800000098"), Q("JobId", jobId));
        await Send("ListConfigItems", Q("ObjectType", "INSTANCE"), Q("ObjectId", Instance));
        await Send("GetTurnServerList");
        await Send("GetTurnCredentials", Q("UserId", agent1));
        await Send("ListDevices", Q("UserId", agent1));
        await Send("PickOutboundNumbers", Q("CalledNumber", "13800000002"), Q("Count", "2"), Q("SkillGroupIdList", $"[\"sales@{Instance}\"]"));
        await Send(
            "SaveTerminalLog",
            Q("AppName", "workbench"), Q("CallId", "call-1"), Q("JobId", jobId), Q("DataType", "1"), Q("Status", "ok"),
            Q("MethodName", "call"), Q("UniqueRequestId", "req-1"), Q("Content", "{\"event\":\"established\"}"));
    }

    // ---- Supervisors (issue 13): the seed's supervisor monitors the agent, coaches, barges in, then intercepts; the
    // agent's ReleaseCall that follows in RunAsync ends the call the supervisor took over.
    private async Task SuperviseAsync(string jobId, string agent)
    {
        string supervisor = "supervisor@" + Instance;
        await Send("SignInGroup", Q("UserId", supervisor), Q("DeviceId", "dev-supervisor"), Q("SignedSkillGroupIdList", "[]"));
        await Send("ReadyForService", Q("UserId", supervisor));
        await Send("MonitorCall", Q("UserId", supervisor), Q("MonitoredUserId", agent), Q("TimeoutSeconds", "30"));
        await Send("AnswerCall", Q("UserId", supervisor), Q("JobId", jobId));
        await Send("CoachCall", Q("UserId", supervisor), Q("JobId", jobId), Q("CoachedUserId", agent));
        await Send("BargeInCall", Q("UserId", supervisor), Q("JobId", jobId), Q("BargedUserId", agent));
        await Send("InterceptCall", Q("UserId", supervisor), Q("JobId", jobId), Q("InterceptedUserId", agent));
    }

    /// <summary>Reports (issue 13, helper "reports"): the real-time views, the state log and the reports of the calls above.</summary>
    private async Task ReportsAsync(string agent, string start, string end)
    {
        string sales = "sales@" + Instance;
        await Send("ListAgentStates", Q("PageNumber", "1"), Q("PageSize", "10"));
        await Send("ListRealtimeSkillGroupStates", Q("PageNumber", "1"), Q("PageSize", "10"), F("SkillGroupIdList", $"[\"{sales}\"]"));
        await Send("ListSkillGroupStates", Q("PageNumber", "1"), Q("PageSize", "10"), Q("SkillGroupIds", sales));
        await Send("GetRealtimeInstanceStates");
        await Send("ListAgentStateLogs", Q("AgentId", agent), Q("StartTime", start), Q("EndTime", end));
        await Send("ListRecentCallDetailRecords", Q("PageNumber", "1"), Q("PageSize", "10"), F("StartTime", start), Q("EndTime", end));
        await Send("ListHistoricalAgentReport", Q("PageNumber", "1"), Q("PageSize", "10"), F("AgentIdList", $"[\"{agent}\"]"), Q("StartTime", start), Q("StopTime", end));
        await Send("ListHistoricalSkillGroupReport", Q("PageNumber", "1"), Q("PageSize", "10"), F("SkillGroupIdList", $"[\"{sales}\"]"), Q("StartTime", start), Q("EndTime", end));
        await Send("GetHistoricalInstanceReport", Q("StartTime", start), Q("EndTime", end));
        await Send("ListIntervalAgentReport", Q("AgentId", agent), Q("StartTime", start), Q("EndTime", end), Q("Interval", "Hourly"));
        await Send("ListIntervalSkillGroupReport", Q("SkillGroupId", sales), Q("StartTime", start), Q("EndTime", end), Q("Interval", "Hourly"));
        await Send("ListIntervalInstanceReport", Q("StartTime", start), Q("EndTime", end), Q("Interval", "Hourly"));
        await Send("ListAgentSummaryReportsSinceMidnight", Q("PageNumber", "1"), Q("PageSize", "10"), Q("AgentIds", agent));
        await Send("ListSkillGroupSummaryReportsSinceMidnight", Q("PageNumber", "1"), Q("PageSize", "10"), Q("SkillGroups", sales));
    }

    private static WireParameter Q(string name, string value) => new(name, value, false);

    private static WireParameter F(string name, string value) => new(name, value, true);

    private async Task<JsonElement> Send(string action, params WireParameter[] parameters)
    {
        _sent.Add(action);
        return await _send(action, [Q("InstanceId", Instance), .. parameters]);
    }

    private void Advance(long milliseconds) => _clock.Advance(TimeSpan.FromMilliseconds(milliseconds));

    private static string CustomerChannel(JsonElement callControl) =>
        callControl.GetProperty("CallContext").GetProperty("ChannelContexts").EnumerateArray()
            .Single(c => c.GetProperty("UserId").GetString() is null or "")
            .GetProperty("ChannelId").GetString()!;

    /// <summary>A customer dials an instance number through the control API; returns the contact id.</summary>
    private async Task<string> InboundAsync(string from, string to)
    {
        using var control = new HttpClient { BaseAddress = _emulator.Endpoint };
        using var content = new StringContent($$"""{"from":"{{from}}","to":"{{to}}"}""", Encoding.UTF8, "application/json");
        using var response = await control.PostAsync("/_emulator/calls/inbound", content);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("contactId").GetString()!;
    }
}

/// <summary>One wire parameter: its name, its text, and whether it travels in the form body (else the query).</summary>
internal sealed record WireParameter(string Name, string Value, bool InForm);
