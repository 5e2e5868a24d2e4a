using Ccc.Sdk.Samples.Crm.Accounts;
using Ccc.Sdk.Samples.Crm.Calls;

namespace Ccc.Sdk.Samples.Crm.Supervision;

/// <summary>
/// The supervisor view's reads and actions, through the CRM's back-office <see cref="CccClient"/>:
/// <list type="bullet">
/// <item>live agent states: <c>ListRealtimeAgentStates</c>;</item>
/// <item>the queue: <c>GetRealtimeInstanceStates</c> (waiting calls and longest wait, whatever they wait for) and
/// <c>ListRealtimeSkillGroupStates</c> (per skill group);</item>
/// <item>today's figures: <c>ListAgentSummaryReportsSinceMidnight</c> (per agent: calls answered, talk time) and
/// <c>ListSkillGroupSummaryReportsSinceMidnight</c> (per group: offered, answered, abandoned). "Today" is since 00:00
/// in the instance's time zone; a call counts once its record exists, i.e. once it has ended;</item>
/// <item>listen and whisper: <c>MonitorCall</c> and <c>CoachCall</c> with the supervisor as <c>UserId</c>, then
/// <c>AnswerCall</c> for the supervisor's new leg, so the supervisor joins at once — sent with the supervisor's own
/// client (<paramref name="supervisorClient"/>: the STS keys of their OAuth2 sign-in), so the call center itself checks
/// that this user may supervise.</item>
/// </list>
/// </summary>
/// <param name="ccc">The back-office client (reads).</param>
/// <param name="notifier">The live-update notifier (which agent is on which call).</param>
/// <param name="time">The clock of the snapshot.</param>
/// <param name="supervisorClient">The signed-in supervisor's own client (<c>AgentClients.For</c>; <see langword="null"/> when
/// their call center sign-in has ended); when not given, the back-office client acts (a CRM without OAuth2).</param>
public sealed class Wallboard(CccClient ccc, WallboardNotifier notifier, TimeProvider time, Func<CrmUser, CccClient?>? supervisorClient = null)
{
    /// <summary>The error code of a supervisor action by someone who is not a supervisor.</summary>
    public const string NotSupervisorCode = "Crm.NotSupervisor";

    /// <summary>The error code of a supervisor action on a call that is no longer the agent's live call.</summary>
    public const string CallNotLiveCode = "Crm.CallNotLive";

    /// <summary>The real-time state (<c>ListRealtimeAgentStates</c>' spelling) of an agent in a conversation.</summary>
    public const string Talking = "Talking";

    /// <summary>The real-time states in which an agent is on a call.</summary>
    public static readonly IReadOnlySet<string> OnCallStates = new HashSet<string>(["Dialing", "Ringing", Talking], StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads everything the supervisor page shows, in one go.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="CccException">A read failed.</exception>
    public async Task<WallboardSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var agents = new List<AgentRow>();
        await foreach (var state in ccc.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest(), cancellationToken))
        {
            if (state.AgentId is not { Length: > 0 } agentId)
            {
                continue;
            }

            var call = state.State is { } s && OnCallStates.Contains(s) ? notifier.CallOf(agentId) : null;
            agents.Add(new AgentRow(agentId, state.AgentName is { Length: > 0 } name ? name : agentId, state.State ?? "", state.StateTime,
                state.BreakCode is { Length: > 0 } breakCode ? breakCode : null, call?.ContactId, state.CallType, state.CounterParty));
        }

        var instance = (await ccc.GetRealtimeInstanceStatesAsync(new GetRealtimeInstanceStatesRequest(), cancellationToken)).Value;
        var queues = new List<QueueRow>();
        await foreach (var group in ccc.ListRealtimeSkillGroupStatesAsync(new ListRealtimeSkillGroupStatesRequest(), cancellationToken))
        {
            queues.Add(new QueueRow(group.SkillGroupId ?? "", group.SkillGroupName ?? group.SkillGroupId ?? "", group.WaitingCalls ?? 0, group.LongestWaitingTime ?? 0,
                group.ReadyAgents ?? 0, group.TalkingAgents ?? 0, group.BreakingAgents ?? 0));
        }

        var agentFigures = new List<AgentFigures>();
        await foreach (var report in ccc.ListAgentSummaryReportsSinceMidnightAsync(new ListAgentSummaryReportsSinceMidnightRequest(), cancellationToken))
        {
            if (report.AgentId is not { Length: > 0 } agentId)
            {
                continue;
            }

            agentFigures.Add(new AgentFigures(
                agentId,
                report.AgentName is { Length: > 0 } name ? name : agentId,
                (report.Inbound?.CallsHandled ?? 0) + (report.Outbound?.CallsAnswered ?? 0),
                report.Overall?.TotalTalkTime ?? 0));
        }

        var groupFigures = new List<SkillGroupFigures>();
        await foreach (var report in ccc.ListSkillGroupSummaryReportsSinceMidnightAsync(new ListSkillGroupSummaryReportsSinceMidnightRequest(), cancellationToken))
        {
            groupFigures.Add(new SkillGroupFigures(
                report.SkillGroupId ?? "",
                report.SkillGroupName is { Length: > 0 } name ? name : report.SkillGroupId ?? "",
                report.Inbound?.CallsOffered ?? 0,
                report.Inbound?.CallsHandled ?? 0,
                report.Inbound?.CallsAbandoned ?? 0));
        }

        return new WallboardSnapshot(
            agents,
            instance?.WaitingCalls ?? 0,
            instance?.LongestWaitingTime ?? 0,
            queues,
            agentFigures.OrderBy(a => a.AgentId, StringComparer.Ordinal).ToList(),
            groupFigures.OrderBy(g => g.SkillGroupId, StringComparer.Ordinal).ToList(),
            time.GetUtcNow());
    }

    /// <summary>
    /// The supervisor listens to (<see cref="SupervisionMode.Listen"/>, <c>MonitorCall</c>) or whispers to
    /// (<see cref="SupervisionMode.Whisper"/>, <c>CoachCall</c>) <paramref name="agentId"/> on call <paramref name="jobId"/>.
    /// Checked here first: only a supervisor, never on their own call, and only while the call is still the agent's
    /// live call. The supervisor's softphone must be on duty (READY): the call center refuses otherwise, and that
    /// refusal is returned like any other.
    /// </summary>
    /// <param name="user">The signed-in user.</param>
    /// <param name="agentId">The agent to supervise.</param>
    /// <param name="jobId">The call, as the page showed it.</param>
    /// <param name="mode">Listen or whisper.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>Null when the supervisor is on the call, else the error to show.</returns>
    public async Task<CrmError?> SuperviseAsync(CrmUser? user, string? agentId, string? jobId, SupervisionMode mode, CancellationToken cancellationToken = default)
    {
        if (user is not { IsSupervisor: true })
        {
            return new CrmError(NotSupervisorCode, null, "Only a supervisor may listen to or whisper on a call.", StatusCodes.Status403Forbidden);
        }

        if (string.IsNullOrWhiteSpace(agentId) || string.IsNullOrWhiteSpace(jobId))
        {
            return new CrmError("Crm.InvalidCall", null, "Choose an agent's call.");
        }

        if (string.Equals(agentId, user.AgentId, StringComparison.Ordinal))
        {
            return new CrmError("Crm.InvalidCall", null, "You cannot supervise your own call.");
        }

        var acting = supervisorClient is null ? ccc : supervisorClient(user);
        if (acting is null)
        {
            return new CrmError(CallDesk.SignInAgainCode, null, "Your call center sign-in has ended: sign in again.", StatusCodes.Status401Unauthorized);
        }

        try
        {
            string? state = null;
            await foreach (var row in ccc.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest { AgentIdList = [agentId] }, cancellationToken))
            {
                if (string.Equals(row.AgentId, agentId, StringComparison.Ordinal))
                {
                    state = row.State;
                }
            }

            if (!string.Equals(state, Talking, StringComparison.OrdinalIgnoreCase) || notifier.CallOf(agentId)?.ContactId != jobId)
            {
                return new CrmError(CallNotLiveCode, null, $"{agentId} is no longer on call {jobId}.", StatusCodes.Status409Conflict);
            }

            string? supervisorState;
            if (mode == SupervisionMode.Listen)
            {
                var answer = await acting.MonitorCallAsync(new MonitorCallRequest { MonitoredUserId = agentId, UserId = user.AgentId, TimeoutSeconds = 30 }, cancellationToken);
                supervisorState = answer.Value?.UserContext?.UserState;
            }
            else
            {
                var answer = await acting.CoachCallAsync(new CoachCallRequest { JobId = jobId, CoachedUserId = agentId, UserId = user.AgentId, TimeoutSeconds = 30 }, cancellationToken);
                supervisorState = answer.Value?.UserContext?.UserState;
            }

            // A new supervisor leg rings the supervisor like an offered call: answer it so the supervisor joins now.
            // Already on the call (listening, now whispering): the mode changed on the same leg, nothing rings.
            if (supervisorState == "RINGING")
            {
                await acting.AnswerCallAsync(new AnswerCallRequest { UserId = user.AgentId, JobId = jobId }, cancellationToken);
            }

            notifier.Signal();
            return null;
        }
        catch (CccException e)
        {
            return CrmError.From(e);
        }
    }
}

/// <summary>How a supervisor joins an agent's call.</summary>
public enum SupervisionMode
{
    /// <summary>Listen: the supervisor hears both sides, nobody hears the supervisor (<c>MonitorCall</c>).</summary>
    Listen,

    /// <summary>Whisper: only the agent hears the supervisor (<c>CoachCall</c>).</summary>
    Whisper,
}

/// <summary>Everything the supervisor page shows.</summary>
/// <param name="Agents">Every agent's live state.</param>
/// <param name="WaitingCalls">Calls waiting in the queue, for a skill group or a named agent.</param>
/// <param name="LongestWaitSeconds">How long the longest-waiting call has waited, in seconds.</param>
/// <param name="Queues">The queue per skill group.</param>
/// <param name="AgentFigures">Today's figures per agent.</param>
/// <param name="SkillGroupFigures">Today's figures per skill group.</param>
/// <param name="ReadAt">When the figures were read.</param>
public sealed record WallboardSnapshot(
    IReadOnlyList<AgentRow> Agents,
    long WaitingCalls,
    long LongestWaitSeconds,
    IReadOnlyList<QueueRow> Queues,
    IReadOnlyList<AgentFigures> AgentFigures,
    IReadOnlyList<SkillGroupFigures> SkillGroupFigures,
    DateTimeOffset ReadAt);

/// <summary>One agent's live state.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Name">The agent's display name.</param>
/// <param name="State">The state as <c>ListRealtimeAgentStates</c> spells it: <c>Offline</c>, <c>Ready</c>, <c>Break</c>, <c>Dialing</c>, <c>Ringing</c>, <c>Talking</c>, <c>ACW</c> (after-call work).</param>
/// <param name="Since">When the state began.</param>
/// <param name="BreakReason">The break code while on break.</param>
/// <param name="JobId">The call the agent is on, when on one and known from the events.</param>
/// <param name="CallType">The call's type (<c>INBOUND</c>, <c>OUTBOUND</c>, ...).</param>
/// <param name="CounterParty">The other party's number.</param>
public sealed record AgentRow(string AgentId, string Name, string State, DateTimeOffset? Since, string? BreakReason, string? JobId, string? CallType, string? CounterParty);

/// <summary>The queue of one skill group.</summary>
/// <param name="SkillGroupId">The group.</param>
/// <param name="Name">Its name.</param>
/// <param name="WaitingCalls">Calls waiting for the group.</param>
/// <param name="LongestWaitSeconds">The longest wait, in seconds.</param>
/// <param name="ReadyAgents">Its agents who are ready.</param>
/// <param name="TalkingAgents">Its agents on a call.</param>
/// <param name="BreakingAgents">Its agents on a break.</param>
public sealed record QueueRow(string SkillGroupId, string Name, long WaitingCalls, long LongestWaitSeconds, long ReadyAgents, long TalkingAgents, long BreakingAgents);

/// <summary>One agent's figures since midnight.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Name">The agent's name.</param>
/// <param name="CallsAnswered">Inbound calls handled plus outbound calls answered.</param>
/// <param name="TalkSeconds">Total talk time, in seconds.</param>
public sealed record AgentFigures(string AgentId, string Name, long CallsAnswered, long TalkSeconds);

/// <summary>One skill group's inbound figures since midnight.</summary>
/// <param name="SkillGroupId">The group.</param>
/// <param name="Name">Its name.</param>
/// <param name="Offered">Inbound calls offered to the group.</param>
/// <param name="Answered">Of those, answered.</param>
/// <param name="Abandoned">Of those, abandoned by the caller (in the IVR, the queue or while ringing).</param>
public sealed record SkillGroupFigures(string SkillGroupId, string Name, long Offered, long Answered, long Abandoned);
